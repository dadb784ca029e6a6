using PipelineSpecs.Function.Handler;
using Shouldly;
using SixLabors.ImageSharp;
using Xunit;

namespace PipelineSpecs.Function.Tests.Handler;

/// <summary>What the thumbnail maker does with uploads that trip thumbnail pipelines up.</summary>
public sealed class ProblemInputTests
{
    private const long Limit = FunctionSettings.DefaultMaxSourcePixels;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string> RefusedNames => [.. ProblemUploads.Refused.Keys];

    public static TheoryData<string> HandledNames => [.. ProblemUploads.Handled.Keys];

    [Theory]
    [MemberData(nameof(RefusedNames))]
    public void Make_RefusesWithAReason(string upload)
    {
        var (make, reason) = ProblemUploads.Refused[upload];

        var error = Should.Throw<ImageRefusedException>(() => ThumbnailMaker.Make(make(), 128, Limit, Ct));

        error.Message.ShouldContain(reason, Case.Insensitive);
    }

    [Theory]
    [MemberData(nameof(HandledNames))]
    public void Make_HandlesUnusualButLegitimateUploads(string upload)
    {
        var (make, width, height, format) = ProblemUploads.Handled[upload];

        var thumbnail = ThumbnailMaker.Make(make(), 128, Limit, Ct);

        (thumbnail.Width, thumbnail.Height, thumbnail.Format).ShouldBe((width, height, format));
        using var decoded = Image.Load(thumbnail.Content, out var decodedFormat);
        (decoded.Width, decoded.Height, decodedFormat.Name.ToLowerInvariant()).ShouldBe((width, height, format));
    }

    [Fact]
    public void Make_JpegBytesAreAJpegWhateverTheName()
    {
        // The maker never sees the key: a JPEG renamed photo.png is reported, typed and encoded as JPEG.
        var thumbnail = ThumbnailMaker.Make(Support.Fixtures.ProblemImages.Jpeg(320, 240), 128, Limit, Ct);

        (thumbnail.Format, thumbnail.ContentType).ShouldBe(("jpeg", "image/jpeg"));
        Image.DetectFormat(thumbnail.Content).Name.ShouldBe("JPEG");
    }

    [Fact]
    public void Make_PngBytesAreAPngWhateverTheName()
    {
        var thumbnail = ThumbnailMaker.Make(Support.Fixtures.ProblemImages.Png(320, 240), 128, Limit, Ct);

        (thumbnail.Format, thumbnail.ContentType).ShouldBe(("png", "image/png"));
    }

    [Fact]
    public void Make_RefusesAboveTheConfiguredLimitAndAcceptsAtIt()
    {
        var image = Support.Fixtures.ProblemImages.Png(100, 100);

        ThumbnailMaker.Make(image, 128, maxSourcePixels: 10_000, Ct).Width.ShouldBe(100);
        Should.Throw<ImageRefusedException>(() => ThumbnailMaker.Make(image, 128, maxSourcePixels: 9_999, Ct))
            .Message.ShouldContain("MAX_SOURCE_PIXELS");
    }
}
