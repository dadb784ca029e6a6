using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SixLabors.ImageSharp.PixelFormats;
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

/// <summary>Makes the thumbnail of an upload, or throws saying why it cannot.</summary>
/// <param name="source">The upload's bytes.</param>
/// <param name="maxDim">Longest side of the thumbnail, in pixels.</param>
/// <param name="maxSourcePixels">Largest declared width times height to decode.</param>
/// <param name="cancellationToken">The invocation's deadline.</param>
public delegate Thumbnail MakeThumbnail(
    byte[] source, int maxDim, long maxSourcePixels, CancellationToken cancellationToken);

/// <summary>Makes thumbnails with ImageSharp.</summary>
public static class ThumbnailMaker
{
    // Quality 85 at 4:2:0 is what web image pipelines commonly serve: no visible artefacts at 128 pixels.
    // Every engine writes this quality.
    internal const int JpegQuality = 85;

    /// <summary>
    /// Checks <paramref name="source"/> (see <see cref="SourceImage.Inspect"/>), decodes it, shrinks it so its
    /// upright longest side is at most <paramref name="maxDim"/>, turns it upright and re-encodes it, 8 bits per
    /// channel and without camera metadata (see <see cref="WebMetadata"/>), in the format its bytes really are.
    /// </summary>
    /// <exception cref="ImageRefusedException">The upload is refused; the message says why.</exception>
    public static Thumbnail Make(byte[] source, int maxDim, long maxSourcePixels, CancellationToken cancellationToken)
    {
        var inspected = SourceImage.Inspect(source, maxSourcePixels);
        cancellationToken.ThrowIfCancellationRequested();

        using var image = Decode(source, inspected.Format);
        var (width, height) = FitWithin(inspected.UprightWidth, inspected.UprightHeight, maxDim);

        // Shrinking before turning upright: a quarter turn then copies a thumbnail, not a 24-megapixel photo.
        var stored = inspected.SwapsAxes ? new Size(height, width) : new Size(width, height);
        if (stored != image.Size())
        {
            image.Mutate(x => x.Resize(stored));
        }

        TurnUpright(image, inspected);
        WebMetadata.Apply(image);
        cancellationToken.ThrowIfCancellationRequested();
        return new Thumbnail(
            inspected.UprightWidth, inspected.UprightHeight, image.Width, image.Height,
            inspected.Format.Name.ToLowerInvariant(), inspected.Format.DefaultMimeType,
            Encode(image, inspected.Format));
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

    // RGBA32 whatever the source: 8 bits per channel, alpha kept, 16-bit PNGs decoded at half their memory.
    private static Image<Rgba32> Decode(byte[] source, IImageFormat format)
    {
        try
        {
            return Image.Load<Rgba32>(SourceImage.Decoders, source);
        }
        // ImageFormatException is the base of every decoder complaint (InvalidImageContentException among them),
        // but a broken deflate stream in a PNG's image data escapes ImageSharp 2.1 as the runtime's own
        // InvalidDataException: both are damaged data, so a refusal, not a crash.
        catch (Exception error) when (error is ImageFormatException or InvalidDataException)
        {
            throw new ImageRefusedException($"the image data is damaged ({error.Message})", error);
        }
        // Arithmetic-coded and lossless JPEGs: the inspection refuses those it sees in the frame header, and a
        // coding met only while decoding (a later frame, say) is the same refusal rather than a crash.
        catch (NotSupportedException error)
        {
            throw SourceImage.UnsupportedCoding(format, error);
        }
    }

    // Applied here rather than by AutoOrient so the value already validated by SourceImage is the one used.
    private static void TurnUpright(Image<Rgba32> image, SourceImage inspected)
    {
        var (quarterTurns, mirror) = inspected.UprightTurn;
        var rotate = quarterTurns switch
        {
            1 => RotateMode.Rotate90,
            2 => RotateMode.Rotate180,
            3 => RotateMode.Rotate270,
            _ => RotateMode.None,
        };
        var flip = mirror ? FlipMode.Horizontal : FlipMode.None;
        if (rotate != RotateMode.None || flip != FlipMode.None)
        {
            image.Mutate(x => x.RotateFlip(rotate, flip));
        }
    }

    private static byte[] Encode(Image<Rgba32> image, IImageFormat format)
    {
        using var output = new MemoryStream();
        image.Save(output, EncoderFor(image, format));
        return output.ToArray();
    }

    private static IImageEncoder EncoderFor(Image<Rgba32> image, IImageFormat format) => format switch
    {
        PngFormat => new PngEncoder
        {
            BitDepth = PngBitDepth.Bit8,
            ColorType = HasTransparency(image) ? PngColorType.RgbWithAlpha : PngColorType.Rgb,
        },
        JpegFormat => new JpegEncoder { Quality = JpegQuality, ColorType = JpegColorType.YCbCrRatio420 },
        _ => throw new ImageRefusedException($"image format '{format.Name}' is not supported; accepted: PNG, JPEG"),
    };

    // Looked for in the thumbnail's own pixels: a source may carry an alpha channel that is opaque everywhere.
    private static bool HasTransparency(Image<Rgba32> image)
    {
        var found = false;
        image.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < rows.Height && !found; y++)
            {
                foreach (var pixel in rows.GetRowSpan(y))
                {
                    found |= pixel.A < byte.MaxValue;
                }
            }
        });
        return found;
    }
}
