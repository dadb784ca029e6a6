using NetVips;
using SixLabors.ImageSharp.Formats.Png;
using VipsImage = NetVips.Image;

namespace PipelineSpecs.Function.Handler;

/// <summary>
/// Makes thumbnails with libvips (through NetVips), to the contract of <see cref="ThumbnailMaker"/>: the same
/// inspection and refusals, the same sizes and orientation, the same metadata policy and encodings. Only the
/// resampling differs, so pixels differ by a few levels, never in shape, size or format.
/// </summary>
public static class VipsThumbnailMaker
{
    // libvips names an image's ICC profile by this metadata field.
    private const string IccProfileField = "icc-profile-data";

    // Damaged image data is an error, as ImageSharp's decoders make it, instead of grey rows and a warning. It goes
    // in the loader options: thumbnail_buffer passes its own fail_on argument to no buffer loader, those options to
    // every load it makes.
    private const string LoaderOptions = "[fail_on=error]";

    private static readonly Lazy<bool> Configuration = new(Configure);

    /// <summary>
    /// Checks <paramref name="source"/> (see <see cref="SourceImage.Inspect"/>), shrinks it while decoding so its
    /// upright longest side is at most <paramref name="maxDim"/>, turns it upright and re-encodes it, 8 bits per
    /// channel and without camera metadata (see <see cref="WebMetadata"/>), in the format its bytes really are.
    /// </summary>
    /// <exception cref="ImageRefusedException">The upload is refused; the message says why.</exception>
    public static Thumbnail Make(byte[] source, int maxDim, long maxSourcePixels, CancellationToken cancellationToken)
    {
        var inspected = SourceImage.Inspect(source, maxSourcePixels);
        cancellationToken.ThrowIfCancellationRequested();
        EnsureLoaded();

        var (width, height) = ThumbnailMaker.FitWithin(inspected.UprightWidth, inspected.UprightHeight, maxDim);
        var decodable = inspected.Format is PngFormat ? WithoutCompressedText(source) : source;
        using var image = Shrink(decodable, inspected, width, height);
        var content = inspected.Format is PngFormat ? EncodePng(image) : EncodeJpeg(image);
        cancellationToken.ThrowIfCancellationRequested();
        return new Thumbnail(
            inspected.UprightWidth, inspected.UprightHeight, image.Width, image.Height,
            inspected.Format.Name.ToLowerInvariant(), inspected.Format.DefaultMimeType, content);
    }

    /// <summary>Loads libvips once per process and sets it up for the function; safe to call more than once.</summary>
    /// <exception cref="InvalidOperationException">libvips cannot be loaded.</exception>
    public static void EnsureLoaded()
    {
        // NetVips loads libvips when its assembly loads and keeps the failure instead of throwing it.
        if (!ModuleInitializer.VipsInitialized)
        {
            throw new InvalidOperationException(
                "libvips cannot be loaded, so the libvips engine cannot run: " +
                $"{ModuleInitializer.Exception?.Message ?? "no reason given"}. The package must hold libvips.so.42 " +
                "beside bootstrap (Function/Lambda.Publish.targets).");
        }

        _ = Configuration.Value;
    }

    private static bool Configure()
    {
        // libvips caches operations by their arguments; a function that sees each upload once gains nothing from
        // the cache but its memory, and a benchmark repeating one thumbnail would time cache hits.
        Cache.Max = 0;

        // Only PNG and JPEG reach libvips (SourceImage refused the rest); its loaders for other formats, some
        // never fuzzed, stay out of reach of a file that fooled the inspection.
        global::NetVips.NetVips.BlockUntrusted = true;

        // libvips prints its warnings (a decoder's complaint about data it could still use) to stderr as plain
        // text; the function's log is one JSON object per line, so they become WARN lines like every other.
        var log = JsonLogger.Console();
        Log.SetLogHandler("VIPS", Enums.LogLevelFlags.Warning, (_, _, message) =>
            log.Warn("libvips warning", null, LogField.Of("warning", message.TrimEnd())));
        return true;
    }

    // thumbnail_buffer shrinks while it decodes (JPEG in the DCT, PNG row by row). The size is FitWithin's, forced,
    // so both engines agree to the pixel; no_rotate, because the orientation SourceImage validated is applied here
    // as ImageSharp's engine applies it.
    private static VipsImage Shrink(byte[] source, SourceImage inspected, int width, int height)
    {
        var (storedWidth, storedHeight) = inspected.SwapsAxes ? (height, width) : (width, height);
        try
        {
            using var shrunk = VipsImage.ThumbnailBuffer(
                source, storedWidth, LoaderOptions, storedHeight, Enums.Size.Force, noRotate: true);

            // sRGB at 8 bits per channel whatever the source (16-bit, grayscale, CMYK), alpha kept, as RGBA32 does.
            using var srgb = shrunk.Colourspace(Enums.Interpretation.Srgb);
            using var upright = TurnUpright(srgb, inspected);

            // libvips works lazily: the upload is decoded here, once, and the thumbnail kept in memory.
            return upright.CopyMemory();
        }
        catch (VipsException error)
        {
            throw new ImageRefusedException($"the image data is damaged ({OneLine(error.Message)})", error);
        }
    }

    // libpng inflates a compressed text chunk (zTXt, iTXt) whole, up to about 50 MB and again on every load
    // thumbnail_buffer makes, to give libvips metadata the thumbnail drops anyway: a 48 KB chunk inflating to 48 MB
    // raised the peak by 97 MB. libvips cannot be told to skip them, so a PNG carrying any is handed over without
    // them, in a copy made only then.
    private static byte[] WithoutCompressedText(byte[] source) => ImageStructure.PngChunks(source) is { } chunks
        ? ImageStructure.WithoutPngChunks(
            source, chunks, type => type is PngChunk.CompressedText or PngChunk.InternationalText)
        : source;

    private static VipsImage TurnUpright(VipsImage image, SourceImage inspected)
    {
        var (quarterTurns, mirror) = inspected.UprightTurn;
        var angle = quarterTurns switch
        {
            1 => Enums.Angle.D90,
            2 => Enums.Angle.D180,
            3 => Enums.Angle.D270,
            _ => Enums.Angle.D0,
        };
        using var turned = image.Rot(angle);
        return mirror ? turned.FlipHor() : turned.Copy();
    }

    private static byte[] EncodePng(VipsImage image)
    {
        // RGBA only when a pixel is see-through, as ImageSharp's engine writes; an opaque alpha channel is dropped.
        using var kept = image.HasAlpha() && IsOpaque(image) ? image.ExtractBand(0, n: image.Bands - 1) : image.Copy();

        // No metadata at all: ImageSharp 2.1 writes no iCCP either, and both engines must make the same file.
        return kept.PngsaveBuffer(bitdepth: 8, keep: Enums.ForeignKeep.None);
    }

    private static bool IsOpaque(VipsImage image)
    {
        using var alpha = image.ExtractBand(image.Bands - 1);
        return alpha.Min() >= byte.MaxValue;
    }

    // WebMetadata's policy: a compact ICC profile stays, so wide-gamut photos keep their colours; the rest goes.
    private static byte[] EncodeJpeg(VipsImage image)
    {
        var compactProfile = image.GetTypeOf(IccProfileField) != 0 &&
            ((byte[])image.Get(IccProfileField)).Length <= WebMetadata.MaxIccProfileBytes;
        return image.JpegsaveBuffer(
            q: ThumbnailMaker.JpegQuality, subsampleMode: Enums.ForeignSubsample.On,
            keep: compactProfile ? Enums.ForeignKeep.Icc : Enums.ForeignKeep.None);
    }

    // libvips' messages span lines (the operation, then each loader's complaint); a record's error is one line.
    private static string OneLine(string message) =>
        string.Join("; ", message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
