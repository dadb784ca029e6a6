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
    /// Reads the format, declared size and orientation of <paramref name="file"/> and refuses it unless it is a
    /// whole PNG or JPEG of at most <paramref name="maxPixels"/> pixels. Only headers are parsed, so a tiny file
    /// declaring 50000x50000 is refused in milliseconds, before the decoder asks for gigabytes.
    /// </summary>
    /// <exception cref="ImageRefusedException">The file is refused; the message says why.</exception>
    public static SourceImage Inspect(byte[] file, long maxPixels)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (file.Length == 0)
        {
            throw new ImageRefusedException("the file is empty (0 bytes)");
        }

        var (info, format) = Identify(file);
        var pixels = (long)info.Width * info.Height;
        if (pixels > maxPixels)
        {
            throw new ImageRefusedException(string.Create(CultureInfo.InvariantCulture,
                $"the image declares {info.Width}x{info.Height} ({pixels:N0} pixels), more than the limit of " +
                $"{maxPixels:N0} pixels ({EnvironmentVariables.MaxSourcePixels})"));
        }

        EnsureComplete(file, format);
        return new SourceImage(format, info.Width, info.Height, OrientationOf(info));
    }

    private static (IImageInfo Info, IImageFormat Format) Identify(byte[] file)
    {
        IImageInfo? info;
        IImageFormat? format;
        try
        {
            info = Image.Identify(file, out format);
        }
        // ImageFormatException is the base of every decoder complaint (InvalidImageContentException among them,
        // and zlib errors in a PNG's image data), so damaged data of any kind is a refusal, not a crash.
        catch (ImageFormatException error)
        {
            throw new ImageRefusedException($"the image header is damaged or cut short ({error.Message})", error);
        }

        if (info is null || format is null)
        {
            throw new ImageRefusedException("the file is not an image (its bytes match no known image format)");
        }

        return format is PngFormat or JpegFormat
            ? (info, format)
            : throw new ImageRefusedException(
                $"image format '{format.Name}' is not supported; accepted: PNG, JPEG");
    }

    private static void EnsureComplete(byte[] file, IImageFormat format)
    {
        var complete = format is PngFormat ? ImageStructure.IsCompletePng(file) : ImageStructure.IsCompleteJpeg(file);
        if (!complete)
        {
            var end = format is PngFormat ? "its IEND chunk" : "its end-of-image marker";
            throw new ImageRefusedException(
                $"the {format.Name} file is truncated: it ends before {end} (an interrupted upload?)");
        }
    }

    private static ushort OrientationOf(IImageInfo info)
    {
        var value = info.Metadata.ExifProfile?.GetValue(ExifTag.Orientation)?.Value ?? 1;
        return value is >= 1 and <= 8 ? value : (ushort)1;
    }
}
