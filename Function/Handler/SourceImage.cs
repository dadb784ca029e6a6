using System.Globalization;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;

namespace PipelineSpecs.Function.Handler;

/// <summary>What an upload declares about itself, read from its headers before any pixel is decoded.</summary>
/// <param name="Format">PNG or JPEG, detected from the bytes, never from the name.</param>
/// <param name="StoredWidth">Width of the pixels as stored.</param>
/// <param name="StoredHeight">Height of the pixels as stored.</param>
/// <param name="Orientation">EXIF orientation, 1 (upright) to 8; 1 when absent or out of range.</param>
public sealed record SourceImage(IImageFormat Format, int StoredWidth, int StoredHeight, ushort Orientation)
{
    /// <summary>Whether the orientation turns the picture by a quarter, so width and height swap when shown.</summary>
    public bool SwapsAxes => Orientation >= 5;

    /// <summary>Width as the picture is shown.</summary>
    public int UprightWidth => SwapsAxes ? StoredHeight : StoredWidth;

    /// <summary>Height as the picture is shown.</summary>
    public int UprightHeight => SwapsAxes ? StoredWidth : StoredHeight;

    /// <summary>
    /// How the stored pixels are turned upright: clockwise quarter turns, then a left-right mirror or not. Every
    /// engine turns pictures by this one reading of the EXIF 2.3 table, so they all show the same way up.
    /// </summary>
    public (int QuarterTurns, bool Mirror) UprightTurn => Orientation switch
    {
        2 => (0, true),
        3 => (2, false),
        4 => (2, true),
        5 => (1, true),
        6 => (1, false),
        7 => (3, true),
        8 => (3, false),
        _ => (0, false),
    };

    /// <summary>
    /// The ImageSharp configuration of every engine's inspection and of ImageSharp's decoding: PNG and JPEG only, and
    /// PNG metadata never read. A 100 KB zTXt chunk can inflate to gigabytes, thumbnails keep no PNG text anyway
    /// (<see cref="WebMetadata"/>), and the one PNG metadata the function needs, the orientation in <c>eXIf</c>,
    /// is read here instead.
    /// </summary>
    internal static Configuration Decoders { get; } = CreateDecoders();

    /// <summary>
    /// Reads the format, declared size and orientation of <paramref name="file"/> and refuses it unless it is a
    /// whole PNG or JPEG of at most <paramref name="maxPixels"/> pixels. Only headers and framing are parsed (and a
    /// PNG's image data inflated and counted, never kept), so a tiny file declaring 50000x50000 is refused in
    /// milliseconds, before the decoder asks for gigabytes.
    /// </summary>
    /// <exception cref="ImageRefusedException">The file is refused; the message says why.</exception>
    public static SourceImage Inspect(byte[] file, long maxPixels)
    {
        ArgumentNullException.ThrowIfNull(file);
        KeepExifDataTypeArrayForNativeAot();
        if (file.Length == 0)
        {
            throw new ImageRefusedException("the file is empty (0 bytes)");
        }

        var format = FormatOf(file);
        var info = Identify(file, format);
        var pixels = (long)info.Width * info.Height;
        if (pixels > maxPixels)
        {
            throw new ImageRefusedException(string.Create(CultureInfo.InvariantCulture,
                $"the image declares {info.Width}x{info.Height} ({pixels:N0} pixels), more than the limit of " +
                $"{maxPixels:N0} pixels ({EnvironmentVariables.MaxSourcePixels})"));
        }

        var exif = format is PngFormat ? InspectPng(file) : InspectJpeg(file, info);
        return new SourceImage(format, info.Width, info.Height, OrientationOf(exif));
    }

    /// <summary>
    /// The refusal of a file ImageSharp recognises but cannot decode, such as an arithmetic-coded JPEG.
    /// </summary>
    internal static ImageRefusedException UnsupportedCoding(IImageFormat format, NotSupportedException error) =>
        new($"the file uses a {format.Name} coding the function cannot decode ({error.Message})", error);

    private static Configuration CreateDecoders()
    {
        var configuration = new Configuration(new PngConfigurationModule(), new JpegConfigurationModule());
        configuration.ImageFormatsManager.SetDecoder(PngFormat.Instance, new PngDecoder { IgnoreMetadata = true });
        return configuration;
    }

    // Detection reads the first bytes only, so a GIF or a TIFF is named and refused before any decoder parses it.
    private static IImageFormat FormatOf(byte[] file)
    {
        var format = Image.DetectFormat(file)
            ?? throw new ImageRefusedException("the file is not an image (its bytes match no known image format)");
        return format is PngFormat or JpegFormat
            ? format
            : throw new ImageRefusedException($"image format '{format.Name}' is not supported; accepted: PNG, JPEG");
    }

    private static IImageInfo Identify(byte[] file, IImageFormat format)
    {
        try
        {
            using var stream = new MemoryStream(file, writable: false);
            return Image.Identify(Decoders, stream)
                ?? throw new ImageRefusedException("the file is not an image (its bytes match no known image format)");
        }
        // ImageFormatException is the base of every decoder complaint (InvalidImageContentException among them,
        // and zlib errors in a PNG's image data), so damaged data of any kind is a refusal, not a crash.
        catch (ImageFormatException error)
        {
            throw new ImageRefusedException($"the image header is damaged or cut short ({error.Message})", error);
        }
        // ImageSharp 2.1 meets arithmetic-coded and lossless JPEGs in their frame header and gives up there.
        catch (NotSupportedException error)
        {
            throw UnsupportedCoding(format, error);
        }
    }

    private static ExifProfile? InspectPng(byte[] file)
    {
        var chunks = ImageStructure.PngChunks(file)
            ?? throw new ImageRefusedException(
                "the PNG file is truncated: it ends before its IEND chunk (an interrupted upload?)");
        PngImageData.EnsureWhole(file, chunks);
        return PngExif(file, chunks);
    }

    private static ExifProfile? InspectJpeg(byte[] file, IImageInfo info) => ImageStructure.IsCompleteJpeg(file)
        ? info.Metadata.ExifProfile
        : throw new ImageRefusedException(
            "the JPEG file is truncated: it ends before its end-of-image marker (an interrupted upload?)");

    // The decoders ignore PNG metadata (see Decoders), so the eXIf chunk is read here, as the decoder would.
    private static ExifProfile? PngExif(byte[] file, IReadOnlyList<PngChunk> chunks)
    {
        var chunk = chunks.FirstOrDefault(candidate => candidate.Type == PngChunk.Exif);
        if (chunk.Type != PngChunk.Exif)
        {
            return null;
        }

        // The chunk holds bare TIFF data; some writers keep the "Exif\0\0" prefix of a JPEG's APP1 segment too.
        var data = file.AsSpan(chunk.DataOffset, chunk.Length);
        return new ExifProfile((data.StartsWith("Exif\0\0"u8) ? data[6..] : data).ToArray());
    }

    private static ushort OrientationOf(ExifProfile? exif)
    {
        var value = exif?.GetValue(ExifTag.Orientation)?.Value ?? 1;
        return value is >= 1 and <= 8 ? value : (ushort)1;
    }

    // ImageSharp 2.1 reads EXIF data types through Enum.GetValues(typeof(ExifDataType)), which Native AOT can answer
    // only if ExifDataType[] was compiled into the binary; nothing else creates that array type, and without it every
    // photo carrying EXIF fails with "ExifDataType[] is missing native code". Here, because every engine's inspection
    // reads EXIF. Cheap: a 13-element array per image.
    private static void KeepExifDataTypeArrayForNativeAot() => GC.KeepAlive(Enum.GetValues<ExifDataType>());
}
