using System.Buffers.Binary;

namespace PipelineSpecs.Function.Handler;

/// <summary>
/// Checks that a PNG or JPEG file is whole: that its chunks or segments run, each complete, up to the marker that
/// ends the image. ImageSharp decodes what it can of a file cut short and paints the rest grey, black or
/// transparent, which would turn a half-finished upload into a wrong thumbnail instead of a refusal.
/// </summary>
public static class ImageStructure
{
    private static ReadOnlySpan<byte> PngSignature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private static ReadOnlySpan<byte> PngEnd => "IEND"u8;

    private const byte MarkerPrefix = 0xFF;
    private const byte StartOfImage = 0xD8;
    private const byte EndOfImage = 0xD9;
    private const byte StartOfScan = 0xDA;

    /// <summary>Whether the PNG's chunks are each complete and reach <c>IEND</c>.</summary>
    public static bool IsCompletePng(ReadOnlySpan<byte> file)
    {
        if (!file.StartsWith(PngSignature))
        {
            return false;
        }

        // Each chunk: 4-byte length, 4-byte type, data, 4-byte CRC.
        var position = (long)PngSignature.Length;
        while (position + 12 <= file.Length)
        {
            var length = BinaryPrimitives.ReadUInt32BigEndian(file[(int)position..]);
            var end = position + 12 + length;
            if (end > file.Length)
            {
                return false;
            }

            if (file.Slice((int)position + 4, 4).SequenceEqual(PngEnd))
            {
                return true;
            }

            position = end;
        }

        return false;
    }

    /// <summary>
    /// Whether the JPEG's segments are each complete and its scans reach the end-of-image marker. Bytes after
    /// that marker (a phone's motion-photo video, a camera's trailer) are allowed, as browsers allow them.
    /// </summary>
    public static bool IsCompleteJpeg(ReadOnlySpan<byte> file)
    {
        if (file.Length < 4 || file[0] != MarkerPrefix || file[1] != StartOfImage)
        {
            return false;
        }

        var position = 2;
        while (NextMarker(file, ref position) is { } marker)
        {
            if (marker == EndOfImage)
            {
                return true;
            }

            if (!HasLength(marker))
            {
                continue;
            }

            if (!SkipSegment(file, ref position) || (marker == StartOfScan && !SkipEntropyData(file, ref position)))
            {
                return false;
            }
        }

        return false;
    }

    // Reads the marker at position (after any 0xFF fill bytes); null when the file ends or holds no marker there.
    private static byte? NextMarker(ReadOnlySpan<byte> file, ref int position)
    {
        if (position >= file.Length || file[position] != MarkerPrefix)
        {
            return null;
        }

        while (position < file.Length && file[position] == MarkerPrefix)
        {
            position++;
        }

        return position < file.Length ? file[position++] : null;
    }

    // TEM and RST0-RST7 stand alone; every other marker is followed by a 2-byte length that counts itself.
    private static bool HasLength(byte marker) => marker != 0x01 && marker is < 0xD0 or > 0xD7;

    private static bool SkipSegment(ReadOnlySpan<byte> file, ref int position)
    {
        if (position + 2 > file.Length)
        {
            return false;
        }

        var length = BinaryPrimitives.ReadUInt16BigEndian(file[position..]);
        if (length < 2 || position + length > file.Length)
        {
            return false;
        }

        position += length;
        return true;
    }

    // Entropy-coded data escapes 0xFF as 0xFF 0x00 and may hold restart markers; any other marker ends the scan.
    private static bool SkipEntropyData(ReadOnlySpan<byte> file, ref int position)
    {
        for (var i = position; i + 1 < file.Length; i++)
        {
            if (file[i] != MarkerPrefix)
            {
                continue;
            }

            var next = file[i + 1];
            if (next != 0x00 && next != MarkerPrefix && next is < 0xD0 or > 0xD7)
            {
                position = i;
                return true;
            }
        }

        return false;
    }
}
