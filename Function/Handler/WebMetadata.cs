using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Metadata.Profiles.Icc;

namespace PipelineSpecs.Function.Handler;

/// <summary>
/// The metadata policy of thumbnails: keep what changes how the picture looks, drop what describes the camera
/// or the photographer.
/// </summary>
/// <remarks>
/// Dropped: EXIF (camera, GPS position, the orientation already applied to the pixels), XMP, IPTC and PNG text
/// chunks. Kept: a compact ICC profile (up to <see cref="MaxIccProfileBytes"/>: Display P3 from phones, Adobe RGB
/// from cameras, sRGB), because ImageSharp 2.1 cannot convert colours between profiles and without it a browser
/// shows a wide-gamut photo dull. A larger profile (a printer's or scanner's lookup tables, bigger than the
/// thumbnail itself) is dropped and the thumbnail is shown as sRGB, which shifts its colours slightly.
/// ImageSharp 2.1's PNG codec neither reads nor writes <c>iCCP</c>, so PNG thumbnails carry no profile: PNG
/// uploads are mostly sRGB screenshots and graphics, which browsers show right without one.
/// Transparency is pixels, not metadata: PNG thumbnails keep their alpha channel.
/// </remarks>
public static class WebMetadata
{
    /// <summary>Largest ICC profile a thumbnail keeps; sRGB, Display P3 and Adobe RGB ones are under 4 KB.</summary>
    public const int MaxIccProfileBytes = 4096;

    /// <summary>Applies the policy to <paramref name="image"/> in place.</summary>
    public static void Apply(Image image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var metadata = image.Metadata;
        metadata.ExifProfile = null;
        metadata.XmpProfile = null;
        metadata.IptcProfile = null;
        metadata.IccProfile = Compact(metadata.IccProfile);
        metadata.GetPngMetadata().TextData.Clear();
        foreach (var frame in image.Frames)
        {
            frame.Metadata.ExifProfile = null;
            frame.Metadata.XmpProfile = null;
            frame.Metadata.IptcProfile = null;
            frame.Metadata.IccProfile = null;
        }
    }

    private static IccProfile? Compact(IccProfile? profile) =>
        profile is not null && profile.ToByteArray().Length <= MaxIccProfileBytes ? profile : null;
}
