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

    private const byte MarkerPrefix = 0xFF;
    private const byte StartOfImage = 0xD8;
    private const byte EndOfImage = 0xD9;
    private const byte StartOfScan = 0xDA;

    /// <summary>Whether the PNG's chunks are each complete and reach <c>IEND</c>.</summary>
    public static bool IsCompletePng(ReadOnlySpan<byte> file) => WalkPng(file, chunks: null);

    /// <summary>
    /// The chunks of a PNG, in file order, up to but not including <c>IEND</c>; null unless the file is complete
    /// (see <see cref="IsCompletePng"/>).
    /// </summary>
    public static IReadOnlyList<PngChunk>? PngChunks(ReadOnlySpan<byte> file)
    {
        var chunks = new List<PngChunk>();
        return WalkPng(file, chunks) ? chunks : null;
    }

    /// <summary>
    /// <paramref name="file"/> without the chunks whose type <paramref name="drop"/> picks, ending at its
    /// <c>IEND</c>; the file itself, not a copy, when it has none of them.
    /// </summary>
    /// <param name="file">A complete PNG.</param>
    /// <param name="chunks">Its chunks (<see cref="PngChunks"/>).</param>
    /// <param name="drop">Whether a chunk type is left out.</param>
    public static byte[] WithoutPngChunks(byte[] file, IReadOnlyList<PngChunk> chunks, Func<uint, bool> drop)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(chunks);
        ArgumentNullException.ThrowIfNull(drop);
        var kept = chunks.Where(chunk => !drop(chunk.Type)).ToList();
        if (kept.Count == chunks.Count)
        {
            return file;
        }

        // Every chunk is its data framed by 8 bytes before (length, type) and 4 after (CRC); IEND is 12 bytes.
        var iend = chunks.Count == 0 ? PngSignature.Length : chunks[^1].DataOffset + chunks[^1].Length + 4;
        var copy = new byte[PngSignature.Length + kept.Sum(chunk => chunk.Length + 12) + 12];
        PngSignature.CopyTo(copy);
        var position = PngSignature.Length;
        foreach (var chunk in kept)
        {
            file.AsSpan(chunk.DataOffset - 8, chunk.Length + 12).CopyTo(copy.AsSpan(position));
            position += chunk.Length + 12;
        }

        file.AsSpan(iend, 12).CopyTo(copy.AsSpan(position));
        return copy;
    }

    // Each chunk: 4-byte length, 4-byte type, data, 4-byte CRC. Collects the chunks before IEND when asked to.
    private static bool WalkPng(ReadOnlySpan<byte> file, List<PngChunk>? chunks)
    {
        if (!file.StartsWith(PngSignature))
        {
            return false;
        }

        var position = (long)PngSignature.Length;
        while (position + 12 <= file.Length)
        {
            var length = BinaryPrimitives.ReadUInt32BigEndian(file[(int)position..]);
            var end = position + 12 + length;
            if (end > file.Length)
            {
                return false;
            }

            var type = BinaryPrimitives.ReadUInt32BigEndian(file[((int)position + 4)..]);
            if (type == PngChunk.End)
            {
                return true;
            }

            chunks?.Add(new PngChunk(type, (int)position + 8, (int)length));
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

        // TODO(#6): entropy-coded data that is damaged, or cut short and closed with an end-of-image marker, passes
        // this check: its framing is whole. ImageSharp 2.1 then draws the blocks it could not decode grey or black
        // and reports no error, and libvips with fail_on=error does the same. Telling would take counting the
        // blocks each scan really codes (Huffman decoding without the IDCT, progressive scans included), and even
        // that misses zeroed bytes that still decode; README, "What is refused", lists it as a known limitation.
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

/// <summary>A PNG chunk: its type, as its four ASCII letters read big-endian, and where its data lies.</summary>
/// <param name="Type">The chunk type, such as <see cref="Header"/>.</param>
/// <param name="DataOffset">Offset of the chunk's data in the file.</param>
/// <param name="Length">Length of the chunk's data.</param>
public readonly record struct PngChunk(uint Type, int DataOffset, int Length)
{
    /// <summary><c>IHDR</c>: size, bit depth, colour type and interlacing.</summary>
    public const uint Header = 0x49484452;

    /// <summary><c>IDAT</c>: a piece of the zlib stream of the image's rows.</summary>
    public const uint ImageData = 0x49444154;

    /// <summary><c>zTXt</c>: compressed Latin-1 text.</summary>
    public const uint CompressedText = 0x7A545874;

    /// <summary><c>iTXt</c>: UTF-8 text, compressed or not.</summary>
    public const uint InternationalText = 0x69545874;

    /// <summary><c>eXIf</c>: EXIF data, the orientation among it.</summary>
    public const uint Exif = 0x65584966;

    /// <summary><c>IEND</c>: the end of the image.</summary>
    public const uint End = 0x49454E44;
}
