using System.Collections.Concurrent;
using System.IO.Compression;
using System.Text;

namespace YouTubeFeed.Tests.Browser;

/// <summary>
/// Small generated 320×180 PNG thumbnails (a diagonal gradient with a play symbol, its colours taken from the
/// image path), so the page looks real in screenshots without any request leaving the machine.
/// </summary>
public static class Thumbnails
{
    private const int Width = 320;
    private const int Height = 180;

    private static readonly ConcurrentDictionary<int, byte[]> s_byHue = new();
    private static readonly uint[] s_crcTable = Enumerable.Range(0, 256).Select(n =>
    {
        var c = (uint)n;
        for (var k = 0; k < 8; k++)
        {
            c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        }

        return c;
    }).ToArray();

    public static byte[] For(string path)
    {
        var hash = 17;
        foreach (var ch in path)
        {
            hash = unchecked((hash * 31) + ch);
        }

        return s_byHue.GetOrAdd((hash & 0x7fffffff) % 12 * 30, Render);
    }

    private static byte[] Render(int hue)
    {
        var (r1, g1, b1) = FromHsl(hue, 0.55, 0.42);
        var (r2, g2, b2) = FromHsl((hue + 40) % 360, 0.60, 0.22);
        var raw = new byte[Height * (1 + (Width * 3))];
        var i = 0;
        for (var y = 0; y < Height; y++)
        {
            raw[i++] = 0; // filter: none
            for (var x = 0; x < Width; x++)
            {
                var t = ((double)x / Width * 0.6) + ((double)y / Height * 0.4);
                var (r, g, b) = (Mix(r1, r2, t), Mix(g1, g2, t), Mix(b1, b2, t));
                if (InPlaySymbol(x, y))
                {
                    (r, g, b) = (245, 245, 245);
                }

                raw[i++] = r;
                raw[i++] = g;
                raw[i++] = b;
            }
        }

        using var png = new MemoryStream();
        png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        WriteBigEndian(header, 0, Width);
        WriteBigEndian(header, 4, Height);
        header[8] = 8; // bit depth
        header[9] = 2; // colour type: RGB
        WriteChunk(png, "IHDR", header);
        using (var compressed = new MemoryStream())
        {
            using (var zlib = new ZLibStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
            {
                zlib.Write(raw);
            }

            WriteChunk(png, "IDAT", compressed.ToArray());
        }

        WriteChunk(png, "IEND", []);
        return png.ToArray();
    }

    /// <summary>A right-pointing triangle in the middle of the frame.</summary>
    private static bool InPlaySymbol(int x, int y)
    {
        const int left = (Width / 2) - 14, right = (Width / 2) + 18, half = 18;
        if (x < left || x > right)
        {
            return false;
        }

        var reach = half * (right - x) / (double)(right - left);
        return Math.Abs(y - (Height / 2)) <= reach;
    }

    private static byte Mix(byte a, byte b, double t) => (byte)Math.Round(a + ((b - a) * t));

    private static (byte R, byte G, byte B) FromHsl(double hue, double saturation, double lightness)
    {
        var c = (1 - Math.Abs((2 * lightness) - 1)) * saturation;
        var x = c * (1 - Math.Abs((hue / 60 % 2) - 1));
        var m = lightness - (c / 2);
        var (r, g, b) = hue switch
        {
            < 60 => (c, x, 0.0),
            < 120 => (x, c, 0.0),
            < 180 => (0.0, c, x),
            < 240 => (0.0, x, c),
            < 300 => (x, 0.0, c),
            _ => (c, 0.0, x),
        };
        return ((byte)Math.Round((r + m) * 255), (byte)Math.Round((g + m) * 255), (byte)Math.Round((b + m) * 255));
    }

    private static void WriteChunk(Stream stream, string type, byte[] data)
    {
        var length = new byte[4];
        WriteBigEndian(length, 0, data.Length);
        stream.Write(length);
        var typeAndData = new byte[4 + data.Length];
        Encoding.ASCII.GetBytes(type, typeAndData);
        data.CopyTo(typeAndData, 4);
        stream.Write(typeAndData);
        var crc = new byte[4];
        WriteBigEndian(crc, 0, unchecked((int)Crc32(typeAndData)));
        stream.Write(crc);
    }

    private static uint Crc32(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc = s_crcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return crc ^ 0xFFFFFFFFu;
    }

    private static void WriteBigEndian(byte[] buffer, int offset, int value)
    {
        buffer[offset] = (byte)(value >> 24);
        buffer[offset + 1] = (byte)(value >> 16);
        buffer[offset + 2] = (byte)(value >> 8);
        buffer[offset + 3] = (byte)value;
    }
}
