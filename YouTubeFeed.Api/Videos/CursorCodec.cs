using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using YouTubeFeed.Data.Videos;

namespace YouTubeFeed.Api.Videos;

/// <summary>
/// Opaque, tamper-evident cursors: the position of the last video of a page, bound to the search and
/// filters it was issued for, signed with HMAC-SHA256. A cursor we did not issue, one that was altered,
/// or one used with another search is refused with 400.
/// </summary>
public sealed class CursorCodec
{
    private const byte Version = 1;
    private const int MacLength = 16;
    private const int ScopeLength = 8;
    private readonly byte[] key;

    public CursorCodec(IOptions<ApiOptions> options)
    {
        key = string.IsNullOrEmpty(options.Value.CursorSigningKey)
            ? RandomNumberGenerator.GetBytes(32) // cursors then live as long as this process: fine for one replica
            : SHA256.HashData(Encoding.UTF8.GetBytes(options.Value.CursorSigningKey));
    }

    public string Encode(VideoPosition position, string scope)
    {
        var id = Encoding.ASCII.GetBytes(position.VideoId);
        var payload = new byte[1 + 8 + ScopeLength + 1 + id.Length];
        payload[0] = Version;
        BinaryPrimitives.WriteInt64BigEndian(payload.AsSpan(1), position.PublishedAt.Ticks);
        ScopeHash(scope).CopyTo(payload.AsSpan(9));
        payload[9 + ScopeLength] = (byte)id.Length;
        id.CopyTo(payload.AsSpan(10 + ScopeLength));
        var mac = HMACSHA256.HashData(key, payload).AsSpan(0, MacLength);
        return Base64Url(payload.Concat(mac.ToArray()).ToArray());
    }

    /// <summary>The position in a cursor, or an error message naming what is wrong with it.</summary>
    public (VideoPosition? Position, string? Error) Decode(string cursor, string scope)
    {
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(cursor.Replace('-', '+').Replace('_', '/') + new string('=', (4 - cursor.Length % 4) % 4));
        }
        catch (FormatException)
        {
            return (null, "cursor is not a cursor issued by this API (use nextCursor from a previous page).");
        }

        if (bytes.Length < 10 + ScopeLength + MacLength || bytes[0] != Version)
        {
            return (null, "cursor is not a cursor issued by this API (use nextCursor from a previous page).");
        }

        var payload = bytes.AsSpan(0, bytes.Length - MacLength);
        var expected = HMACSHA256.HashData(key, payload).AsSpan(0, MacLength);
        if (!CryptographicOperations.FixedTimeEquals(expected, bytes.AsSpan(bytes.Length - MacLength)))
        {
            return (null, "cursor is not a cursor issued by this API, or was altered.");
        }

        if (!payload.Slice(9, ScopeLength).SequenceEqual(ScopeHash(scope)))
        {
            return (null, "cursor belongs to another search, filter or order; start again without a cursor.");
        }

        var idLength = payload[9 + ScopeLength];
        if (payload.Length != 10 + ScopeLength + idLength)
        {
            return (null, "cursor is not a cursor issued by this API.");
        }

        var ticks = BinaryPrimitives.ReadInt64BigEndian(payload[1..]);
        if (ticks < DateTime.MinValue.Ticks || ticks > DateTime.MaxValue.Ticks)
        {
            return (null, "cursor is not a cursor issued by this API.");
        }

        var id = Encoding.ASCII.GetString(payload.Slice(10 + ScopeLength, idLength));
        return (new VideoPosition(new DateTime(ticks, DateTimeKind.Utc), id), null);
    }

    private static byte[] ScopeHash(string scope) => SHA256.HashData(Encoding.UTF8.GetBytes(scope))[..ScopeLength];

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
