using PipelineSpecs.Function.Handler;
using PipelineSpecs.Support.Fixtures;
using Shouldly;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SixLabors.ImageSharp.PixelFormats;
using Xunit;

namespace PipelineSpecs.Function.Tests.Handler;

/// <summary>Thumbnails are upright and fit for the web, whatever the camera wrote.</summary>
public sealed class OrientationAndMetadataTests
{
    private const long Limit = FunctionSettings.DefaultMaxSourcePixels;

    // JPEG at quality 85 and 4:2:0 moves flat colours by a few levels; a wrong corner is off by about 200.
    private const int Tolerance = 48;

    public static TheoryData<ThumbnailEngine, ushort> Orientations => Engines.Times<ushort>([1, 2, 3, 4, 5, 6, 7, 8]);

    // PNG keeps EXIF in an eXIf chunk; one quarter turn and one mirrored quarter turn cover its reading.
    public static TheoryData<ThumbnailEngine, ushort> PngOrientations => Engines.Times<ushort>([6, 7]);

    public static TheoryData<ThumbnailEngine> EachEngine => Engines.Each;

    [Theory]
    [MemberData(nameof(Orientations))]
    public void Make_JpegWithExifOrientationIsUprightWithMarkersInPlace(ThumbnailEngine engine, ushort orientation)
    {
        // 320x240 when shown upright, whatever way the pixels are stored.
        var thumbnail = engine.Make(ProblemImages.OrientedJpeg(320, 240, orientation), 128, Limit);

        (thumbnail.SourceWidth, thumbnail.SourceHeight).ShouldBe((320, 240));
        (thumbnail.Width, thumbnail.Height).ShouldBe((128, 96));
        ShouldBeUprightWithoutOrientationTag(thumbnail.Content);
    }

    [Theory]
    [MemberData(nameof(PngOrientations))]
    public void Make_PngWithExifOrientationIsUprightWithMarkersInPlace(ThumbnailEngine engine, ushort orientation)
    {
        var thumbnail = engine.Make(ProblemImages.OrientedPng(320, 240, orientation), 128, Limit);

        (thumbnail.Width, thumbnail.Height).ShouldBe((128, 96));
        ShouldBeUprightWithoutOrientationTag(thumbnail.Content);
        Image.Identify(thumbnail.Content).Metadata.ExifProfile.ShouldBeNull("no eXIf chunk should be left");
    }

    [Theory]
    [MemberData(nameof(EachEngine))]
    public void Make_SmallSidewaysPhotoIsTurnedWithoutResizing(ThumbnailEngine engine)
    {
        var thumbnail = engine.Make(ProblemImages.OrientedJpeg(80, 60, 8), 128, Limit);

        (thumbnail.Width, thumbnail.Height).ShouldBe((80, 60));
        ShouldBeUprightWithoutOrientationTag(thumbnail.Content);
    }

    [Theory]
    [MemberData(nameof(EachEngine))]
    public void Make_DropsCameraMetadataAndKeepsACompactIccProfile(ThumbnailEngine engine)
    {
        var thumbnail = engine.Make(ProblemImages.CameraJpeg(320, 240, 3000), 128, Limit);

        var metadata = Image.Identify(thumbnail.Content).Metadata;
        metadata.ShouldSatisfyAllConditions(
            () => metadata.ExifProfile.ShouldBeNull(),
            () => metadata.XmpProfile.ShouldBeNull(),
            () => metadata.IptcProfile.ShouldBeNull(),
            () => metadata.IccProfile.ShouldNotBeNull().ToByteArray().Length.ShouldBe(3000));
    }

    [Theory]
    [MemberData(nameof(EachEngine))]
    public void Make_DropsAnIccProfileLargerThanTheLimit(ThumbnailEngine engine)
    {
        var source = ProblemImages.CameraJpeg(320, 240, 64 * 1024);

        var thumbnail = engine.Make(source, 128, Limit);

        Image.Identify(source).Metadata.IccProfile.ShouldNotBeNull("the fixture should carry its profile");
        Image.Identify(thumbnail.Content).Metadata.IccProfile.ShouldBeNull();
        thumbnail.Content.Length.ShouldBeLessThan(16 * 1024);
    }

    [Theory]
    [MemberData(nameof(EachEngine))]
    public void Make_KeepsPngTransparency(ThumbnailEngine engine)
    {
        var thumbnail = engine.Make(ProblemImages.TransparentPng(320, 240), 128, Limit);

        using var image = Image.Load<Rgba32>(thumbnail.Content);
        var png = image.Metadata.GetPngMetadata();
        (png.ColorType, png.BitDepth).ShouldBe((PngColorType.RgbWithAlpha, PngBitDepth.Bit8));
        image[64, 80].A.ShouldBe((byte)0, "the background should stay transparent");
        image[8, 8].A.ShouldBe(byte.MaxValue, "the marker should stay opaque");
    }

    [Theory]
    [MemberData(nameof(EachEngine))]
    public void Make_WritesAn8BitOpaquePngFromA16BitSource(ThumbnailEngine engine)
    {
        var thumbnail = engine.Make(ProblemImages.Png16Bit(320, 240), 128, Limit);

        var png = Image.Identify(thumbnail.Content).Metadata.GetPngMetadata();
        (png.ColorType, png.BitDepth).ShouldBe((PngColorType.Rgb, PngBitDepth.Bit8));
    }

    private static void ShouldBeUprightWithoutOrientationTag(byte[] content)
    {
        using var image = Image.Load<Rgba32>(content);
        var (right, bottom) = (image.Width - 1 - (image.Width / 8), image.Height - 1 - (image.Height / 8));
        var (left, top) = (image.Width / 8, image.Height / 8);
        image.ShouldSatisfyAllConditions(
            () => ShouldBeNear(image[left, top], ProblemImages.TopLeftMarker, "top-left"),
            () => ShouldBeNear(image[right, top], ProblemImages.TopRightMarker, "top-right"),
            () => ShouldBeNear(image[left, bottom], ProblemImages.Background, "bottom-left"),
            () => ShouldBeNear(image[right, bottom], ProblemImages.Background, "bottom-right"),
            () => image.Metadata.ExifProfile?.GetValue(ExifTag.Orientation).ShouldBeNull());
    }

    private static void ShouldBeNear(Rgba32 actual, Rgba32 expected, string corner)
    {
        var distance = new[] { actual.R - expected.R, actual.G - expected.G, actual.B - expected.B }.Max(Math.Abs);
        distance.ShouldBeLessThanOrEqualTo(Tolerance, $"the {corner} corner is {actual}, expected about {expected}");
    }
}
