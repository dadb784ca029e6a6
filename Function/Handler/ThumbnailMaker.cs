using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SixLabors.ImageSharp.Processing;

namespace PipelineSpecs.Function.Handler;

/// <summary>A thumbnail encoded in its source's format.</summary>
public sealed record Thumbnail(
    int SourceWidth,
    int SourceHeight,
    int Width,
    int Height,
    string Format,
    string ContentType,
    byte[] Content);

/// <summary>Makes thumbnails with ImageSharp.</summary>
public static class ThumbnailMaker
{
    /// <summary>
    /// Decodes <paramref name="source"/> (format detected from its bytes, not its name), applies its EXIF
    /// orientation, shrinks it so its longest side is at most <paramref name="maxDim"/> and re-encodes it
    /// in the same format.
    /// </summary>
    /// <exception cref="NotSupportedException">The image is neither PNG nor JPEG.</exception>
    public static async Task<Thumbnail> MakeAsync(Stream source, int maxDim, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        KeepExifDataTypeArrayForNativeAot();
        var (image, format) = await Image.LoadWithFormatAsync(source, cancellationToken).ConfigureAwait(false);
        using (image)
        {
            var encoder = EncoderFor(format);
            image.Mutate(x => x.AutoOrient());
            var (sourceWidth, sourceHeight) = (image.Width, image.Height);
            var (width, height) = FitWithin(sourceWidth, sourceHeight, maxDim);
            if ((width, height) != (sourceWidth, sourceHeight))
            {
                image.Mutate(x => x.Resize(width, height));
            }

            using var output = new MemoryStream();
            await image.SaveAsync(output, encoder, cancellationToken).ConfigureAwait(false);
            return new Thumbnail(
                sourceWidth, sourceHeight, width, height,
                format.Name.ToLowerInvariant(), format.DefaultMimeType, output.ToArray());
        }
    }

    /// <summary>
    /// The size whose longest side is <paramref name="maxDim"/>, with the aspect ratio kept, never larger than
    /// the source and never below one pixel on either side.
    /// </summary>
    public static (int Width, int Height) FitWithin(int width, int height, int maxDim)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxDim);
        var longest = Math.Max(width, height);
        if (longest <= maxDim)
        {
            return (width, height);
        }

        return (Scale(width, maxDim, longest), Scale(height, maxDim, longest));
    }

    private static int Scale(int side, int maxDim, int longest) =>
        Math.Max(1, (int)Math.Round((double)side * maxDim / longest, MidpointRounding.AwayFromZero));

    // ImageSharp 2.1 reads EXIF data types through Enum.GetValues(typeof(ExifDataType)), which Native AOT can answer
    // only if ExifDataType[] was compiled into the binary; nothing else creates that array type, and without it every
    // photo carrying EXIF fails with "ExifDataType[] is missing native code". Cheap: a 13-element array per image.
    private static void KeepExifDataTypeArrayForNativeAot() => GC.KeepAlive(Enum.GetValues<ExifDataType>());

    private static IImageEncoder EncoderFor(IImageFormat format) => format switch
    {
        PngFormat => new PngEncoder(),
        JpegFormat => new JpegEncoder(),
        _ => throw new NotSupportedException(
            $"image format '{format.Name}' is not supported; accepted: PNG, JPEG"),
    };
}
