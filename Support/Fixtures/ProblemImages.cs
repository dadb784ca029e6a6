using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Bmp;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SixLabors.ImageSharp.Metadata.Profiles.Icc;
using SixLabors.ImageSharp.Metadata.Profiles.Iptc;
using SixLabors.ImageSharp.Metadata.Profiles.Xmp;
using SixLabors.ImageSharp.PixelFormats;

namespace PipelineSpecs.Support.Fixtures;

/// <summary>
/// The files users really upload and thumbnail pipelines trip over, generated in code: cut-short files, files
/// that lie about their size or format, camera photos stored sideways. Shared by the suite and the function's
/// unit tests, so it depends on ImageSharp only.
/// </summary>
/// <remarks>
/// Every picture is drawn upright with a red block in its top-left corner and a blue block in its top-right
/// corner, on green (or on transparency): a thumbnail shows those corners in place only if it was turned upright.
/// </remarks>
public static class ProblemImages
{
    /// <summary>Colour of the top-left corner marker.</summary>
    public static readonly Rgba32 TopLeftMarker = new(220, 20, 20);

    /// <summary>Colour of the top-right corner marker.</summary>
    public static readonly Rgba32 TopRightMarker = new(20, 20, 220);

    /// <summary>Colour of the rest of an opaque picture.</summary>
    public static readonly Rgba32 Background = new(30, 170, 60);

    /// <summary>An upright picture with the corner markers, opaque or on a transparent background.</summary>
    public static Image<Rgba32> Picture(int width, int height, bool transparent = false)
    {
        var image = new Image<Rgba32>(width, height);
        var background = transparent ? new Rgba32(0, 0, 0, 0) : Background;
        image.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < rows.Height; y++)
            {
                var row = rows.GetRowSpan(y);
                for (var x = 0; x < row.Length; x++)
                {
                    row[x] = MarkerAt(x, y, width, height) ?? background;
                }
            }
        });
        return image;
    }

    /// <summary>A PNG of <see cref="Picture"/>.</summary>
    public static byte[] Png(int width, int height) => Encode(Picture(width, height), new PngEncoder());

    /// <summary>A JPEG of <see cref="Picture"/>.</summary>
    public static byte[] Jpeg(int width, int height) =>
        Encode(Picture(width, height), new JpegEncoder { Quality = 90 });

    /// <summary>A PNG whose background is fully transparent and whose markers are opaque (a logo, a sticker).</summary>
    public static byte[] TransparentPng(int width, int height) =>
        Encode(Picture(width, height, transparent: true), new PngEncoder { ColorType = PngColorType.RgbWithAlpha });

    /// <summary>
    /// A camera JPEG: the picture is <paramref name="uprightWidth"/> x <paramref name="uprightHeight"/> when
    /// shown, but its pixels are stored turned or mirrored as EXIF <paramref name="orientation"/> (1-8) says.
    /// </summary>
    public static byte[] OrientedJpeg(int uprightWidth, int uprightHeight, ushort orientation) =>
        Encode(Oriented(uprightWidth, uprightHeight, orientation), new JpegEncoder { Quality = 90 });

    /// <summary>The PNG counterpart of <see cref="OrientedJpeg"/>, the orientation in an <c>eXIf</c> chunk.</summary>
    public static byte[] OrientedPng(int uprightWidth, int uprightHeight, ushort orientation) =>
        Encode(Oriented(uprightWidth, uprightHeight, orientation), new PngEncoder());

    /// <summary>An upright JPEG whose EXIF orientation holds a value outside 1-8.</summary>
    public static byte[] JpegWithOrientationValue(int width, int height, ushort orientation)
    {
        var image = Picture(width, height);
        image.Metadata.ExifProfile = new ExifProfile();
        image.Metadata.ExifProfile.SetValue(ExifTag.Orientation, orientation);
        return Encode(image, new JpegEncoder { Quality = 90 });
    }

    /// <summary>The first <paramref name="fraction"/> of a file: an upload interrupted part-way.</summary>
    public static byte[] Truncated(byte[] file, double fraction) => file[..(int)(file.Length * fraction)];

    /// <summary>A JPEG missing only its last two bytes, the end-of-image marker.</summary>
    public static byte[] JpegWithoutEndMarker(int width, int height) => Jpeg(width, height)[..^2];

    /// <summary>A PNG missing only its last chunk, <c>IEND</c>: every pixel is there, the end is not.</summary>
    public static byte[] PngWithoutEndChunk(int width, int height) => Png(width, height)[..^12];

    /// <summary>
    /// A PNG cut exactly after one of its image-data chunks, half-way through its pixels: every chunk present is
    /// whole, so only the missing end tells the cut.
    /// </summary>
    public static byte[] PngCutBetweenDataChunks(int width, int height)
    {
        var noise = Noise(width, height);
        var file = Encode(noise, new PngEncoder { CompressionLevel = PngCompressionLevel.NoCompression });
        var position = 8;
        while (position < file.Length / 2)
        {
            position += 12 + (int)BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(position));
        }

        return file[..position];
    }

    /// <summary>A PNG whose image data was damaged in transit: one byte changed, the checksum left as it was.</summary>
    public static byte[] PngWithDamagedData(int width, int height)
    {
        var file = Png(width, height);
        var idat = file.AsSpan().IndexOf("IDAT"u8);
        file[idat + 8] ^= 0x5A;
        return file;
    }

    /// <summary>
    /// A PNG written by a broken encoder: its compressed image data opens with a deflate block no encoder writes,
    /// and the chunk's checksum was computed over the bad bytes, so nothing but the decompressor can tell.
    /// </summary>
    public static byte[] PngWithBadDeflateBlock(int width, int height)
    {
        var png = Png(width, height);
        var data = ImageDataOf(png);

        // After the two-byte zlib header, a first deflate block of the reserved type 3, which no encoder writes.
        data[2] = 0xFF;
        return WithImageData(png, data);
    }

    /// <summary>
    /// <paramref name="png"/> with its compressed image data stopping after <paramref name="fraction"/> of it, in
    /// one image-data chunk with a matching checksum, and <c>IEND</c> after it: a cut only the zlib stream tells,
    /// as a broken encoder or an upload tool that re-frames what it received writes.
    /// </summary>
    public static byte[] PngWithImageDataCutShort(byte[] png, double fraction)
    {
        var data = ImageDataOf(png);
        return WithImageData(png, data[..(int)(data.Length * fraction)]);
    }

    /// <summary>
    /// A PNG whose header declares <paramref name="width"/> x <paramref name="height"/> but whose complete zlib
    /// stream holds the rows of <paramref name="storedHeight"/> only: fewer (an encoder that stopped early) or more.
    /// </summary>
    public static byte[] PngWithRowsFor(int width, int height, int storedHeight) =>
        WithDeclaredSize(Png(width, storedHeight), width, height);

    /// <summary>
    /// A 10x10 PNG carrying a compressed text chunk (<c>zTXt</c>, or <c>iTXt</c> when
    /// <paramref name="international"/>) that inflates to <paramref name="inflatedBytes"/> bytes of zeros: a text
    /// bomb of a few dozen kilobytes for a decoder that reads PNG text.
    /// </summary>
    public static byte[] PngWithTextBomb(int inflatedBytes, bool international)
    {
        using var text = new MemoryStream();
        text.Write(international ? "Comment\0\u0001\0\0\0"u8 : "Comment\0\0"u8);
        using (var zlib = new ZLibStream(text, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            var zeros = new byte[1024 * 1024];
            for (var left = inflatedBytes; left > 0; left -= zeros.Length)
            {
                zlib.Write(zeros, 0, Math.Min(left, zeros.Length));
            }
        }

        // Right after IHDR (33 bytes with the signature), where text chunks usually sit.
        var png = Png(10, 10);
        return [.. png[..33], .. Chunk(international ? "iTXt" : "zTXt", text.ToArray()), .. png[33..]];
    }

    /// <summary>
    /// A small JPEG whose frame header says arithmetic coding (SOF9), as some archival tools write. Its scan is
    /// still Huffman-coded: it stands for the header that makes a decoder without arithmetic decoding give up.
    /// </summary>
    public static byte[] ArithmeticCodedJpeg() => JpegWithFrameMarker(0xC9);

    /// <summary>
    /// The counterpart of <see cref="ArithmeticCodedJpeg"/> for lossless JPEG (SOF3), as medical imaging writes.
    /// </summary>
    public static byte[] LosslessJpeg() => JpegWithFrameMarker(0xC3);

    /// <summary>
    /// A small, well-formed PNG whose header declares <paramref name="width"/> x <paramref name="height"/>: a
    /// decompression bomb that asks a naive decoder for width x height x 4 bytes.
    /// </summary>
    public static byte[] PngDeclaring(int width, int height) => WithDeclaredSize(Png(8, 8), width, height);

    /// <summary>The JPEG counterpart of <see cref="PngDeclaring"/>: a small JPEG whose frame header lies.</summary>
    public static byte[] JpegDeclaring(int width, int height)
    {
        var file = Jpeg(8, 8);
        var frame = FindJpegSegment(file, 0xC0);

        // Frame header after the marker: length (2), precision (1), height (2), width (2).
        BinaryPrimitives.WriteUInt16BigEndian(file.AsSpan(frame + 5), checked((ushort)height));
        BinaryPrimitives.WriteUInt16BigEndian(file.AsSpan(frame + 7), checked((ushort)width));
        return file;
    }

    /// <summary>A 16-bit-per-channel PNG with an alpha channel, as design tools export.</summary>
    public static byte[] Png16Bit(int width, int height)
    {
        using var picture = Picture(width, height);
        using var deep = picture.CloneAs<Rgba64>();
        return Encode(deep, new PngEncoder { BitDepth = PngBitDepth.Bit16, ColorType = PngColorType.RgbWithAlpha });
    }

    /// <summary>A palette PNG (8-bit indexed) whose background is transparent through its <c>tRNS</c> chunk.</summary>
    public static byte[] PalettePngWithTransparency(int width, int height) =>
        Encode(Picture(width, height, transparent: true), new PngEncoder { ColorType = PngColorType.Palette });

    /// <summary>An interlaced (Adam7) PNG, as some web exporters write.</summary>
    public static byte[] InterlacedPng(int width, int height) =>
        Encode(Picture(width, height), new PngEncoder { InterlaceMethod = PngInterlaceMode.Adam7 });

    /// <summary>An interlaced PNG at 16 bits per channel with alpha, whose sides are no multiple of 8.</summary>
    public static byte[] InterlacedPng16Bit(int width, int height)
    {
        using var picture = Picture(width, height);
        using var deep = picture.CloneAs<Rgba64>();
        return Encode(deep, new PngEncoder
        {
            BitDepth = PngBitDepth.Bit16,
            ColorType = PngColorType.RgbWithAlpha,
            InterlaceMethod = PngInterlaceMode.Adam7,
        });
    }

    /// <summary>A 1-bit grayscale PNG, as fax and scanner software writes: eight pixels to a byte.</summary>
    public static byte[] BlackAndWhitePng(int width, int height) => Encode(
        Picture(width, height), new PngEncoder { ColorType = PngColorType.Grayscale, BitDepth = PngBitDepth.Bit1 });

    /// <summary>A grayscale JPEG, as scanners and black-and-white filters write.</summary>
    public static byte[] GrayscaleJpeg(int width, int height) =>
        Encode(Picture(width, height), new JpegEncoder { ColorType = JpegColorType.Luminance });

    /// <summary>A CMYK JPEG, as print workflows export.</summary>
    public static byte[] CmykJpeg(int width, int height) =>
        Encode(Picture(width, height), new JpegEncoder { ColorType = JpegColorType.Cmyk });

    /// <summary>
    /// A phone photo with everything a camera writes: EXIF (make, model, GPS position), XMP and IPTC, plus an ICC
    /// profile of <paramref name="iccProfileBytes"/> bytes (0 for none).
    /// </summary>
    public static byte[] CameraJpeg(int width, int height, int iccProfileBytes)
    {
        var image = Picture(width, height);
        image.Metadata.ExifProfile = new ExifProfile();
        image.Metadata.ExifProfile.SetValue(ExifTag.Make, "PipelineSpecs Camera");
        image.Metadata.ExifProfile.SetValue(ExifTag.Model, "Model 6");
        image.Metadata.ExifProfile.SetValue(ExifTag.GPSLatitudeRef, "N");
        image.Metadata.XmpProfile = new XmpProfile(Encoding.UTF8.GetBytes(
            "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">" +
            "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"/></x:xmpmeta>"));
        image.Metadata.IptcProfile = new IptcProfile();
        image.Metadata.IptcProfile.SetValue(IptcTag.Byline, "A. Photographer");
        if (iccProfileBytes > 0)
        {
            image.Metadata.IccProfile = IccProfileOf(iccProfileBytes);
        }

        return Encode(image, new JpegEncoder { Quality = 90 });
    }

    /// <summary>A JPEG followed by other bytes after its end marker, as phones write motion photos.</summary>
    public static byte[] JpegWithTrailingData(int width, int height) =>
        [.. Jpeg(width, height), .. "ftypmp42 a short video would follow here"u8.ToArray()];

    /// <summary>A GIF of <see cref="Picture"/>: an image, but not a format the pipeline accepts.</summary>
    public static byte[] Gif(int width, int height) => Encode(Picture(width, height), new GifEncoder());

    /// <summary>A BMP of <see cref="Picture"/>: an image, but not a format the pipeline accepts.</summary>
    public static byte[] Bmp(int width, int height) => Encode(Picture(width, height), new BmpEncoder());

    /// <summary>A plain-text note, as a user who picked the wrong file uploads.</summary>
    public static byte[] Text() => "Notes for the team meeting, not an avatar.\n"u8.ToArray();

    /// <summary>The eight bytes of a PNG signature, then text: a file that only looks like a PNG.</summary>
    public static byte[] PngSignatureThenText() =>
        [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, .. "this is not an image"u8.ToArray()];

    /// <summary>Where the stored pixel comes from in the upright picture, for EXIF orientation 1-8.</summary>
    public static (int X, int Y) UprightPosition(ushort orientation, int x, int y, int uprightWidth, int uprightHeight)
    {
        // Stored (x, y) is shown at the returned position once turned as the EXIF 2.3 orientation table says.
        var (right, bottom) = (uprightWidth - 1, uprightHeight - 1);
        return orientation switch
        {
            2 => (right - x, y),
            3 => (right - x, bottom - y),
            4 => (x, bottom - y),
            5 => (y, x),
            6 => (right - y, x),
            7 => (right - y, bottom - x),
            8 => (y, bottom - x),
            _ => (x, y),
        };
    }

    /// <summary>
    /// Null when <paramref name="image"/> shows <see cref="Picture"/> upright (red top-left, blue top-right, no
    /// orientation tag left to turn it again); otherwise what is wrong, for an assertion message.
    /// </summary>
    public static string? UprightProblem(byte[] image)
    {
        using var decoded = Image.Load<Rgba32>(image);
        var (left, right, top) = (decoded.Width / 8, decoded.Width - 1 - (decoded.Width / 8), decoded.Height / 8);
        if (decoded.Metadata.ExifProfile?.GetValue(ExifTag.Orientation) is { } tag)
        {
            return $"it still carries EXIF orientation {tag.Value}";
        }

        return Near(decoded[left, top], TopLeftMarker) && Near(decoded[right, top], TopRightMarker)
            ? null
            : $"its top corners are {decoded[left, top]} and {decoded[right, top]}, " +
              $"expected about {TopLeftMarker} and {TopRightMarker}";
    }

    /// <summary>
    /// Null when <paramref name="image"/> shows a <see cref="TransparentPng"/>: an alpha channel, the background
    /// still transparent and the markers opaque; otherwise what is wrong.
    /// </summary>
    public static string? TransparencyProblem(byte[] image)
    {
        using var decoded = Image.Load<Rgba32>(image);
        var (background, marker) = (decoded[decoded.Width / 2, decoded.Height * 3 / 4], decoded[0, 0]);
        return background.A == 0 && marker.A == byte.MaxValue
            ? null
            : $"its background pixel is {background} and its marker pixel {marker}; expected alpha 0 and 255";
    }

    // JPEG at thumbnail quality moves flat colours by a few levels; a wrong corner is off by about 200.
    private static bool Near(Rgba32 actual, Rgba32 expected) =>
        Math.Abs(actual.R - expected.R) <= 48 && Math.Abs(actual.G - expected.G) <= 48 &&
        Math.Abs(actual.B - expected.B) <= 48;

    private static Rgba32? MarkerAt(int x, int y, int width, int height)
    {
        if (y >= Math.Max(1, height / 4))
        {
            return null;
        }

        return x < Math.Max(1, width / 4) ? TopLeftMarker : x >= width - Math.Max(1, width / 4) ? TopRightMarker : null;
    }

    private static Image<Rgba32> Oriented(int uprightWidth, int uprightHeight, ushort orientation)
    {
        using var upright = Picture(uprightWidth, uprightHeight);
        var swaps = orientation >= 5;
        var stored = swaps
            ? new Image<Rgba32>(uprightHeight, uprightWidth)
            : new Image<Rgba32>(uprightWidth, uprightHeight);
        for (var y = 0; y < stored.Height; y++)
        {
            for (var x = 0; x < stored.Width; x++)
            {
                var (ux, uy) = UprightPosition(orientation, x, y, uprightWidth, uprightHeight);
                stored[x, y] = upright[ux, uy];
            }
        }

        stored.Metadata.ExifProfile = new ExifProfile();
        stored.Metadata.ExifProfile.SetValue(ExifTag.Orientation, orientation);
        return stored;
    }

    private static Image<Rgba32> Noise(int width, int height)
    {
        var image = new Image<Rgba32>(width, height);
        var random = new Random(6);
        image.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < rows.Height; y++)
            {
                random.NextBytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(rows.GetRowSpan(y)));
            }
        });
        return image;
    }

    private static IccProfile IccProfileOf(int bytes)
    {
        // A display RGB profile of one text tag, padded to the size asked for: enough for a decoder to accept it.
        const int HeaderAndTable = 128 + 4 + 12;
        var profile = new byte[Math.Max(HeaderAndTable + 12, bytes)];
        var span = profile.AsSpan();
        BinaryPrimitives.WriteInt32BigEndian(span, profile.Length);
        BinaryPrimitives.WriteInt32BigEndian(span[8..], 0x02100000);
        "mntrRGB XYZ "u8.CopyTo(span[12..]);
        "acsp"u8.CopyTo(span[36..]);
        BinaryPrimitives.WriteInt32BigEndian(span[128..], 1);
        "cprt"u8.CopyTo(span[132..]);
        BinaryPrimitives.WriteInt32BigEndian(span[136..], HeaderAndTable);
        BinaryPrimitives.WriteInt32BigEndian(span[140..], profile.Length - HeaderAndTable);
        "text"u8.CopyTo(span[HeaderAndTable..]);
        span[(HeaderAndTable + 8)..^1].Fill((byte)'p');
        return new IccProfile(profile);
    }

    private static byte[] WithDeclaredSize(byte[] png, int width, int height)
    {
        // IHDR is the first chunk: length at 8, type at 12, width at 16, height at 20, CRC after its 13 data bytes.
        BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(16), width);
        BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(20), height);
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(29), Crc32(png.AsSpan(12, 17)));
        return png;
    }

    private static byte[] JpegWithFrameMarker(byte marker)
    {
        var file = Jpeg(16, 16);
        file[FindJpegSegment(file, 0xC0) + 1] = marker;
        return file;
    }

    // Every chunk of a PNG, IEND included, in file order: its type and its data.
    private static List<(string Type, byte[] Data)> ChunksOf(byte[] png)
    {
        var chunks = new List<(string, byte[])>();
        for (var position = 8; position < png.Length;)
        {
            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(position));
            chunks.Add((Encoding.ASCII.GetString(png, position + 4, 4), png[(position + 8)..(position + 8 + length)]));
            position += 12 + length;
        }

        return chunks;
    }

    private static byte[] ImageDataOf(byte[] png) =>
        [.. ChunksOf(png).Where(chunk => chunk.Type == "IDAT").SelectMany(chunk => chunk.Data)];

    // The PNG with its image data replaced by one IDAT chunk of data, where the first one was.
    private static byte[] WithImageData(byte[] png, byte[] data)
    {
        using var file = new MemoryStream();
        file.Write(png, 0, 8);
        var written = false;
        foreach (var (type, chunkData) in ChunksOf(png))
        {
            if (type != "IDAT")
            {
                file.Write(Chunk(type, chunkData));
            }
            else if (!written)
            {
                file.Write(Chunk("IDAT", data));
                written = true;
            }
        }

        return file.ToArray();
    }

    private static byte[] Chunk(string type, byte[] data)
    {
        var chunk = new byte[12 + data.Length];
        BinaryPrimitives.WriteInt32BigEndian(chunk, data.Length);
        Encoding.ASCII.GetBytes(type, chunk.AsSpan(4));
        data.CopyTo(chunk, 8);
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(8 + data.Length), Crc32(chunk.AsSpan(4, 4 + data.Length)));
        return chunk;
    }

    private static int FindJpegSegment(byte[] file, byte marker)
    {
        var position = 2;
        while (file[position + 1] != marker)
        {
            position += 2 + BinaryPrimitives.ReadUInt16BigEndian(file.AsSpan(position + 2));
        }

        return position;
    }

    private static uint Crc32(ReadOnlySpan<byte> data)
    {
        // The CRC-32 of PNG chunks (ISO 3309, reflected polynomial 0xEDB88320), bit by bit: fixtures are tiny.
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }

    private static byte[] Encode<TPixel>(Image<TPixel> image, IImageEncoder encoder)
        where TPixel : unmanaged, IPixel<TPixel>
    {
        using (image)
        using (var buffer = new MemoryStream())
        {
            image.Save(buffer, encoder);
            return buffer.ToArray();
        }
    }
}
