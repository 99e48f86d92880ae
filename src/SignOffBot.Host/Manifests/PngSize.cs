using System.Buffers.Binary;

namespace SignOffBot.Host.Manifests;

/// <summary>The width and height a PNG declares in its header (the signature, then the IHDR chunk).</summary>
public readonly record struct PngSize(int Width, int Height)
{
    private static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>The size, or null when <paramref name="file"/> does not start like a PNG.</summary>
    public static PngSize? Read(ReadOnlySpan<byte> file)
    {
        if (file.Length < 24 || !file[..8].SequenceEqual(Signature) || !file.Slice(12, 4).SequenceEqual("IHDR"u8))
        {
            return null;
        }

        return new PngSize(BinaryPrimitives.ReadInt32BigEndian(file.Slice(16, 4)), BinaryPrimitives.ReadInt32BigEndian(file.Slice(20, 4)));
    }

    public override string ToString() => $"{Width}×{Height}";
}
