using NetVips;

namespace PipelineSpecs.Benchmarks;

/// <summary>
/// The candidate second engine of issue #8: the same contract as the function's ThumbnailMaker (longest side at most
/// the limit, never enlarged, turned upright, metadata dropped, JPEG quality 85 at 4:2:0 or 8-bit PNG in the
/// source's format) done by libvips. Lives here, not in Function/, until the lead decides to wire it in.
/// </summary>
public static class VipsThumbnailMaker
{
    private static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G'];

    /// <summary>Makes the thumbnail of <paramref name="source"/>, in its own format.</summary>
    public static byte[] Make(byte[] source, int maxDim)
    {
        ArgumentNullException.ThrowIfNull(source);
        EnsureConfigured();

        // thumbnail_buffer shrinks while decoding (JPEG DCT scaling, PNG row by row) and applies the EXIF
        // orientation; Size.Down keeps small sources as they are, as ThumbnailMaker.FitWithin does.
        using var image = Image.ThumbnailBuffer(source, maxDim, height: maxDim, size: Enums.Size.Down);
        return source.AsSpan().StartsWith(PngSignature)
            ? image.PngsaveBuffer(bitdepth: 8, keep: Enums.ForeignKeep.None)
            : image.JpegsaveBuffer(q: 85, subsampleMode: Enums.ForeignSubsample.On, keep: Enums.ForeignKeep.None);
    }

    /// <summary>Turns libvips' operation cache off; safe to call more than once.</summary>
    public static void EnsureConfigured()
    {
        // libvips caches operations by their arguments: a benchmark repeating one thumbnail would be timing cache
        // hits, and a Lambda handling each upload once gains nothing from the cache but its memory.
        if (Cache.Max != 0)
        {
            Cache.Max = 0;
        }
    }
}
