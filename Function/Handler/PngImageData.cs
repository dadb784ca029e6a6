using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;

namespace PipelineSpecs.Function.Handler;

/// <summary>
/// Checks that a PNG's image data inflates to exactly the rows its header declares. A zlib stream that stops early,
/// or one that holds fewer rows, still has whole chunks with matching checksums when its encoder wrote it that way,
/// and ImageSharp 2.1 then draws the missing rows transparent black without a word.
/// </summary>
/// <remarks>
/// The data is inflated into one small buffer and only counted, and inflation stops as soon as it passes the
/// declared size: the check costs one extra inflate pass and a few kilobytes, whatever the file claims.
/// </remarks>
public static class PngImageData
{
    private const int BufferBytes = 64 * 1024;

    // The seven passes of Adam7 interlacing as (first column, first row, column step, row step): PNG spec, 8.2.
    private static readonly (int X, int Y, int StepX, int StepY)[] Adam7Passes =
        [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)];

    /// <summary>
    /// Refuses the PNG unless its <c>IDAT</c> data inflates to exactly what its <c>IHDR</c> declares.
    /// </summary>
    /// <param name="file">The whole file.</param>
    /// <param name="chunks">Its chunks (<see cref="ImageStructure.PngChunks"/>).</param>
    /// <exception cref="ImageRefusedException">The image data is cut short, too long or not a zlib stream.</exception>
    public static void EnsureWhole(byte[] file, IReadOnlyList<PngChunk> chunks)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(chunks);
        var headerChunk = chunks.FirstOrDefault(chunk => chunk.Type == PngChunk.Header);
        var header = file.AsSpan(headerChunk.DataOffset, headerChunk.Length);
        var declared = DeclaredBytes(header);
        var inflated = InflatedBytes(file, [.. chunks.Where(chunk => chunk.Type == PngChunk.ImageData)], declared);
        var size = SizeOf(header);
        if (inflated < declared)
        {
            throw new ImageRefusedException(string.Create(CultureInfo.InvariantCulture,
                $"the PNG file is truncated: its image data inflates to {inflated:N0} bytes where its {size} header " +
                $"needs {declared:N0} (an interrupted upload or a broken encoder?)"));
        }

        if (inflated > declared)
        {
            throw new ImageRefusedException(string.Create(CultureInfo.InvariantCulture,
                $"the PNG file's image data is damaged: it inflates to more than the {declared:N0} bytes its " +
                $"{size} header needs"));
        }
    }

    /// <summary>
    /// The bytes the image data of a PNG with this <c>IHDR</c> data inflates to: every row of every pass, each
    /// one filter byte and then its pixels packed to whole bytes.
    /// </summary>
    /// <exception cref="ImageRefusedException">The header is short or declares no PNG pixel format.</exception>
    public static long DeclaredBytes(ReadOnlySpan<byte> header)
    {
        if (header.Length < 13)
        {
            throw new ImageRefusedException("the PNG file's header is damaged: its IHDR chunk is missing or short");
        }

        var width = BinaryPrimitives.ReadUInt32BigEndian(header);
        var height = BinaryPrimitives.ReadUInt32BigEndian(header[4..]);
        var bitsPerPixel = BitsPerPixel(colourType: header[9], bitDepth: header[8]);
        if (header[12] == 0)
        {
            return Clamp(RowBytes(width, height, bitsPerPixel));
        }

        Int128 total = 0;
        foreach (var (x, y, stepX, stepY) in Adam7Passes)
        {
            total += RowBytes(PassSide(width, x, stepX), PassSide(height, y, stepY), bitsPerPixel);
        }

        return Clamp(total);
    }

    private static int BitsPerPixel(byte colourType, byte bitDepth)
    {
        // Grey, RGB, palette, grey with alpha, RGBA: PNG spec, 11.2.2. Other colour types do not exist.
        var channels = colourType switch { 0 => 1, 2 => 3, 3 => 1, 4 => 2, 6 => 4, _ => 0 };
        return channels > 0 && bitDepth is 1 or 2 or 4 or 8 or 16
            ? channels * bitDepth
            : throw new ImageRefusedException(
                $"the PNG file's header is damaged: colour type {colourType} at {bitDepth} bits is not a PNG " +
                "pixel format");
    }

    // A pass that holds no pixel is left out altogether, filter bytes included.
    private static Int128 RowBytes(long width, long height, int bitsPerPixel) =>
        width == 0 || height == 0 ? 0 : (Int128)height * (1 + (((width * bitsPerPixel) + 7) / 8));

    private static long PassSide(long side, int first, int step) => side > first ? (side - first + step - 1) / step : 0;

    // Only an absurd MAX_SOURCE_PIXELS lets a header declare more than a long holds; no file inflates to that anyway.
    private static long Clamp(Int128 bytes) => (long)Int128.Min(bytes, long.MaxValue);

    private static string SizeOf(ReadOnlySpan<byte> header) => string.Create(CultureInfo.InvariantCulture,
        $"{BinaryPrimitives.ReadUInt32BigEndian(header)}x{BinaryPrimitives.ReadUInt32BigEndian(header[4..])}");

    private static long InflatedBytes(byte[] file, IReadOnlyList<PngChunk> imageData, long stopAfter)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferBytes);
        try
        {
            using var zlib = new ZLibStream(new ChunkDataStream(file, imageData), CompressionMode.Decompress);
            var total = 0L;
            int read;
            while (total <= stopAfter && (read = zlib.Read(buffer)) > 0)
            {
                total += read;
            }

            return total;
        }
        catch (InvalidDataException error)
        {
            throw new ImageRefusedException($"the PNG file's image data is damaged ({error.Message})", error);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// The data of a run of chunks as one stream, read in place: the framing between them is skipped.
    /// </summary>
    private sealed class ChunkDataStream(byte[] file, IReadOnlyList<PngChunk> chunks) : Stream
    {
        private int _chunk;
        private int _offset;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(Span<byte> buffer)
        {
            while (_chunk < chunks.Count && !buffer.IsEmpty)
            {
                var chunk = chunks[_chunk];
                var count = Math.Min(chunk.Length - _offset, buffer.Length);
                if (count == 0)
                {
                    (_chunk, _offset) = (_chunk + 1, 0);
                    continue;
                }

                file.AsSpan(chunk.DataOffset + _offset, count).CopyTo(buffer);
                _offset += count;
                return count;
            }

            return 0;
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
