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

    public static TheoryData<ushort> Orientations => [1, 2, 3, 4, 5, 6, 7, 8];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Orientations))]
    public void Make_JpegWithExifOrientationIsUprightWithMarkersInPlace(ushort orientation)
    {
        // 320x240 when shown upright, whatever way the pixels are stored.
        var thumbnail = ThumbnailMaker.Make(ProblemImages.OrientedJpeg(320, 240, orientation), 128, Limit, Ct);

        (thumbnail.SourceWidth, thumbnail.SourceHeight).ShouldBe((320, 240));
        (thumbnail.Width, thumbnail.Height).ShouldBe((128, 96));
        ShouldBeUprightWithoutOrientationTag(thumbnail.Content);
    }

    [Theory]
    [InlineData((ushort)6)]
    [InlineData((ushort)7)]
    public void Make_PngWithExifOrientationIsUprightWithMarkersInPlace(ushort orientation)
    {
        var thumbnail = ThumbnailMaker.Make(ProblemImages.OrientedPng(320, 240, orientation), 128, Limit, Ct);

        (thumbnail.Width, thumbnail.Height).ShouldBe((128, 96));
        ShouldBeUprightWithoutOrientationTag(thumbnail.Content);
        Image.Identify(thumbnail.Content).Metadata.ExifProfile.ShouldBeNull("no eXIf chunk should be left");
    }

    [Fact]
    public void Make_SmallSidewaysPhotoIsTurnedWithoutResizing()
    {
        var thumbnail = ThumbnailMaker.Make(ProblemImages.OrientedJpeg(80, 60, 8), 128, Limit, Ct);

        (thumbnail.Width, thumbnail.Height).ShouldBe((80, 60));
        ShouldBeUprightWithoutOrientationTag(thumbnail.Content);
    }

    [Fact]
    public void Make_DropsCameraMetadataAndKeepsACompactIccProfile()
    {
        var thumbnail = ThumbnailMaker.Make(ProblemImages.CameraJpeg(320, 240, 3000), 128, Limit, Ct);

        var metadata = Image.Identify(thumbnail.Content).Metadata;
        metadata.ShouldSatisfyAllConditions(
            () => metadata.ExifProfile.ShouldBeNull(),
            () => metadata.XmpProfile.ShouldBeNull(),
            () => metadata.IptcProfile.ShouldBeNull(),
            () => metadata.IccProfile.ShouldNotBeNull().ToByteArray().Length.ShouldBe(3000));
    }

    [Fact]
    public void Make_DropsAnIccProfileLargerThanTheLimit()
    {
        var source = ProblemImages.CameraJpeg(320, 240, 64 * 1024);

        var thumbnail = ThumbnailMaker.Make(source, 128, Limit, Ct);

        Image.Identify(source).Metadata.IccProfile.ShouldNotBeNull("the fixture should carry its profile");
        Image.Identify(thumbnail.Content).Metadata.IccProfile.ShouldBeNull();
        thumbnail.Content.Length.ShouldBeLessThan(16 * 1024);
    }

    [Fact]
    public void Make_KeepsPngTransparency()
    {
        var thumbnail = ThumbnailMaker.Make(ProblemImages.TransparentPng(320, 240), 128, Limit, Ct);

        using var image = Image.Load<Rgba32>(thumbnail.Content);
        var png = image.Metadata.GetPngMetadata();
        (png.ColorType, png.BitDepth).ShouldBe((PngColorType.RgbWithAlpha, PngBitDepth.Bit8));
        image[64, 80].A.ShouldBe((byte)0, "the background should stay transparent");
        image[8, 8].A.ShouldBe(byte.MaxValue, "the marker should stay opaque");
    }

    [Fact]
    public void Make_WritesAn8BitOpaquePngFromA16BitSource()
    {
        var thumbnail = ThumbnailMaker.Make(ProblemImages.Png16Bit(320, 240), 128, Limit, Ct);

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
