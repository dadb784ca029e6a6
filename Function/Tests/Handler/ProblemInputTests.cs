using PipelineSpecs.Function.Handler;
using Shouldly;
using SixLabors.ImageSharp;
using Xunit;

namespace PipelineSpecs.Function.Tests.Handler;

/// <summary>What the thumbnail maker does with uploads that trip thumbnail pipelines up.</summary>
public sealed class ProblemInputTests
{
    private const long Limit = FunctionSettings.DefaultMaxSourcePixels;

    public static TheoryData<ThumbnailEngine, string> RefusedNames => Engines.Times(ProblemUploads.Refused.Keys);

    public static TheoryData<ThumbnailEngine, string> HandledNames => Engines.Times(ProblemUploads.Handled.Keys);

    public static TheoryData<ThumbnailEngine> EachEngine => Engines.Each;

    [Theory]
    [MemberData(nameof(RefusedNames))]
    public void Make_RefusesWithAReason(ThumbnailEngine engine, string upload)
    {
        var (make, reason) = ProblemUploads.Refused[upload];

        var error = Should.Throw<ImageRefusedException>(() => engine.Make(make(), 128, Limit));

        error.Message.ShouldContain(reason, Case.Insensitive);
    }

    [Theory]
    [MemberData(nameof(HandledNames))]
    public void Make_HandlesUnusualButLegitimateUploads(ThumbnailEngine engine, string upload)
    {
        var (make, width, height, format) = ProblemUploads.Handled[upload];

        var thumbnail = engine.Make(make(), 128, Limit);

        (thumbnail.Width, thumbnail.Height, thumbnail.Format).ShouldBe((width, height, format));
        using var decoded = Image.Load(thumbnail.Content, out var decodedFormat);
        (decoded.Width, decoded.Height, decodedFormat.Name.ToLowerInvariant()).ShouldBe((width, height, format));
    }

    [Theory]
    [MemberData(nameof(EachEngine))]
    public void Make_JpegBytesAreAJpegWhateverTheName(ThumbnailEngine engine)
    {
        // The maker never sees the key: a JPEG renamed photo.png is reported, typed and encoded as JPEG.
        var thumbnail = engine.Make(Support.Fixtures.ProblemImages.Jpeg(320, 240), 128, Limit);

        (thumbnail.Format, thumbnail.ContentType).ShouldBe(("jpeg", "image/jpeg"));
        Image.DetectFormat(thumbnail.Content).Name.ShouldBe("JPEG");
    }

    [Theory]
    [MemberData(nameof(EachEngine))]
    public void Make_PngBytesAreAPngWhateverTheName(ThumbnailEngine engine)
    {
        var thumbnail = engine.Make(Support.Fixtures.ProblemImages.Png(320, 240), 128, Limit);

        (thumbnail.Format, thumbnail.ContentType).ShouldBe(("png", "image/png"));
    }

    [Theory]
    [MemberData(nameof(EachEngine))]
    public void Make_RefusesAboveTheConfiguredLimitAndAcceptsAtIt(ThumbnailEngine engine)
    {
        var image = Support.Fixtures.ProblemImages.Png(100, 100);

        engine.Make(image, 128, maxSourcePixels: 10_000).Width.ShouldBe(100);
        Should.Throw<ImageRefusedException>(() => engine.Make(image, 128, maxSourcePixels: 9_999))
            .Message.ShouldContain("MAX_SOURCE_PIXELS");
    }
}
