using System.Buffers.Text;

namespace YouTubeFeed.YouTubeEmulator.Search;

/// <summary>
/// An offset into the result list, written like Google's tokens (a tiny protobuf in base64url: "CDIQAA" is
/// offset 50), so clients treat it as the opaque string it is.
/// </summary>
internal static class PageToken
{
    private const byte OffsetTag = 0x08;   // field 1, varint
    private const byte ReservedTag = 0x10; // field 2, varint, always 0

    public static string Encode(int offset)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        Span<byte> bytes = stackalloc byte[8];
        var length = 0;
        bytes[length++] = OffsetTag;
        var value = (uint)offset;
        do
        {
            var next = (byte)(value & 0x7F);
            value >>= 7;
            bytes[length++] = value == 0 ? next : (byte)(next | 0x80);
        }
        while (value != 0);

        bytes[length++] = ReservedTag;
        bytes[length++] = 0;
        return Base64Url.EncodeToString(bytes[..length]);
    }

    public static bool TryDecode(string? token, out int offset)
    {
        offset = 0;
        if (string.IsNullOrEmpty(token) || token.Length > 16 || !Base64Url.IsValid(token))
        {
            return false;
        }

        var bytes = Base64Url.DecodeFromChars(token);
        if (bytes.Length < 4 || bytes[0] != OffsetTag || bytes[^2] != ReservedTag || bytes[^1] != 0)
        {
            return false;
        }

        long value = 0;
        var varint = bytes.AsSpan(1, bytes.Length - 3);
        for (var index = 0; index < varint.Length; index++)
        {
            var isLast = index == varint.Length - 1;
            if (((varint[index] & 0x80) == 0) != isLast || index >= 5)
            {
                return false;
            }

            value |= (long)(varint[index] & 0x7F) << (7 * index);
        }

        if (value > int.MaxValue || Encode((int)value) != token)
        {
            return false;
        }

        offset = (int)value;
        return true;
    }
}
