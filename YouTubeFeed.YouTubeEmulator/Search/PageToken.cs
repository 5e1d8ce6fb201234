using System.Buffers.Text;

namespace YouTubeFeed.YouTubeEmulator.Search;

/// <summary>
/// Where a page starts, written like Google's tokens (a tiny protobuf in base64url), so clients treat it as the
/// opaque string it is: field 1 the offset into the chain's results, field 2 the 1-based page number, field 3
/// the chain (<see cref="ChainIdentity"/>). A token names its chain, so it is refused with other parameters.
/// </summary>
internal static class PageToken
{
    private const byte OffsetTag = 0x08; // field 1, varint
    private const byte PageTag = 0x10;   // field 2, varint
    private const byte ChainTag = 0x18;  // field 3, varint
    private const int LongestToken = 32;

    public static string Encode(PagePosition position)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(position.Offset);
        ArgumentOutOfRangeException.ThrowIfLessThan(position.Page, 1);
        Span<byte> bytes = stackalloc byte[24];
        var length = 0;
        bytes[length++] = OffsetTag;
        length += WriteVarint(bytes[length..], (uint)position.Offset);
        bytes[length++] = PageTag;
        length += WriteVarint(bytes[length..], (uint)position.Page);
        bytes[length++] = ChainTag;
        length += WriteVarint(bytes[length..], position.Chain);
        return Base64Url.EncodeToString(bytes[..length]);
    }

    public static bool TryDecode(string? token, out PagePosition position)
    {
        position = default;
        if (string.IsNullOrEmpty(token) || token.Length > LongestToken || !Base64Url.IsValid(token))
        {
            return false;
        }

        var bytes = Base64Url.DecodeFromChars(token).AsSpan();
        if (!TryRead(ref bytes, OffsetTag, out var offset)
            || !TryRead(ref bytes, PageTag, out var page)
            || !TryRead(ref bytes, ChainTag, out var chain)
            || !bytes.IsEmpty || offset > int.MaxValue || page is 0 or > int.MaxValue)
        {
            return false;
        }

        position = new PagePosition((int)offset, (int)page, chain);
        // One spelling per position: a token edited by hand is not another name for a real page.
        return Encode(position) == token;
    }

    private static int WriteVarint(Span<byte> target, uint value)
    {
        var length = 0;
        do
        {
            var next = (byte)(value & 0x7F);
            value >>= 7;
            target[length++] = value == 0 ? next : (byte)(next | 0x80);
        }
        while (value != 0);

        return length;
    }

    private static bool TryRead(ref Span<byte> bytes, byte tag, out uint value)
    {
        value = 0;
        if (bytes.IsEmpty || bytes[0] != tag)
        {
            return false;
        }

        ulong result = 0;
        for (var index = 1; index < bytes.Length && index <= 5; index++)
        {
            result |= (ulong)(bytes[index] & 0x7F) << (7 * (index - 1));
            if ((bytes[index] & 0x80) == 0)
            {
                if (result > uint.MaxValue)
                {
                    return false;
                }

                value = (uint)result;
                bytes = bytes[(index + 1)..];
                return true;
            }
        }

        return false;
    }
}

/// <param name="Offset">Results of the chain before this page.</param>
/// <param name="Page">1-based number of the page in its chain.</param>
/// <param name="Chain">The chain's <see cref="ChainIdentity"/>.</param>
internal readonly record struct PagePosition(int Offset, int Page, uint Chain);
