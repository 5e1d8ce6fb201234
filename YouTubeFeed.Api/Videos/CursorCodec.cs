using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using YouTubeFeed.Data.Videos;

namespace YouTubeFeed.Api.Videos;

/// <summary>
/// Opaque, tamper-evident cursors: the position of the last video of a page, bound to the search and filters it
/// was issued for, signed with HMAC-SHA256. A cursor we did not issue, one that was altered, or one used with another
/// search is refused with 400.
/// </summary>
/// <remarks>
/// A cursor names the key that signed it (<c>key id</c>: 4 bytes derived from the key, which tell nothing about it).
/// New cursors are signed with <see cref="ApiOptions.CursorSigningKey"/>; cursors signed with
/// <see cref="ApiOptions.CursorSigningKeyPrevious"/> are still accepted, so that a key is rotated without breaking the
/// cursors clients hold (the README says how).
/// Layout: version (1) · key id (4) · published_at ticks (8) · scope hash (8) · id length (1) · video id · MAC (16).
/// </remarks>
public sealed class CursorCodec
{
    private const byte Version = 2;
    private const int KeyIdLength = 4;
    private const int MacLength = 16;
    private const int ScopeLength = 8;
    private const int TicksAt = 1 + KeyIdLength;
    private const int ScopeAt = TicksAt + 8;
    private const int IdLengthAt = ScopeAt + ScopeLength;
    private const int IdAt = IdLengthAt + 1;
    private const string NotOurs = "cursor is not a cursor issued by this API (use nextCursor from a previous page).";

    private readonly SigningKey current;
    private readonly SigningKey? previous;

    public CursorCodec(IOptions<ApiOptions> options)
    {
        // Without a key (allowed in Development only, see ApiOptions) cursors live as long as this process.
        current = string.IsNullOrEmpty(options.Value.CursorSigningKey)
            ? new SigningKey(RandomNumberGenerator.GetBytes(32))
            : SigningKey.From(options.Value.CursorSigningKey);
        previous = string.IsNullOrEmpty(options.Value.CursorSigningKeyPrevious) ? null : SigningKey.From(options.Value.CursorSigningKeyPrevious);
    }

    public string Encode(VideoPosition position, string scope)
    {
        var id = Encoding.ASCII.GetBytes(position.VideoId);
        var bytes = new byte[IdAt + id.Length + MacLength];
        bytes[0] = Version;
        current.Id.CopyTo(bytes.AsSpan(1));
        BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(TicksAt), position.PublishedAt.Ticks);
        ScopeHash(scope).CopyTo(bytes.AsSpan(ScopeAt));
        bytes[IdLengthAt] = (byte)id.Length;
        id.CopyTo(bytes.AsSpan(IdAt));
        var payload = bytes.AsSpan(0, IdAt + id.Length);
        HMACSHA256.HashData(current.Secret, payload).AsSpan(0, MacLength).CopyTo(bytes.AsSpan(payload.Length));
        return Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    /// <summary>The position in a cursor, or an error message naming what is wrong with it.</summary>
    public (VideoPosition? Position, string? Error) Decode(string cursor, string scope)
    {
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(cursor.Replace('-', '+').Replace('_', '/') + new string('=', (4 - (cursor.Length % 4)) % 4));
        }
        catch (FormatException)
        {
            return (null, NotOurs);
        }

        if (bytes.Length < IdAt + MacLength || bytes[0] != Version)
        {
            return (null, NotOurs);
        }

        var keyId = bytes.AsSpan(1, KeyIdLength);
        var key = keyId.SequenceEqual(current.Id) ? current : previous is not null && keyId.SequenceEqual(previous.Id) ? previous : null;
        if (key is null)
        {
            return (null, "cursor is not a cursor issued by this API, or its signing key has been retired; start again without a cursor.");
        }

        var payload = bytes.AsSpan(0, bytes.Length - MacLength);
        var expected = HMACSHA256.HashData(key.Secret, payload).AsSpan(0, MacLength);
        if (!CryptographicOperations.FixedTimeEquals(expected, bytes.AsSpan(bytes.Length - MacLength)))
        {
            return (null, "cursor is not a cursor issued by this API, or was altered.");
        }

        if (!payload.Slice(ScopeAt, ScopeLength).SequenceEqual(ScopeHash(scope)))
        {
            return (null, "cursor belongs to another search, filter or order; start again without a cursor.");
        }

        var idLength = payload[IdLengthAt];
        var ticks = BinaryPrimitives.ReadInt64BigEndian(payload[TicksAt..]);
        if (payload.Length != IdAt + idLength || ticks < DateTime.MinValue.Ticks || ticks > DateTime.MaxValue.Ticks)
        {
            return (null, NotOurs);
        }

        var id = Encoding.ASCII.GetString(payload.Slice(IdAt, idLength));
        return (new VideoPosition(new DateTime(ticks, DateTimeKind.Utc), id), null);
    }

    private static byte[] ScopeHash(string scope) => SHA256.HashData(Encoding.UTF8.GetBytes(scope))[..ScopeLength];

    private sealed class SigningKey(byte[] secret)
    {
        public byte[] Secret { get; } = secret;

        /// <summary>Which key signed a cursor: a MAC of a fixed text, so it identifies the key without revealing it.</summary>
        public byte[] Id { get; } = HMACSHA256.HashData(secret, "youtubefeed cursor key id"u8)[..KeyIdLength];

        public static SigningKey From(string text) => new(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
}
