using PipelineSpecs.Function.Handler;
using Shouldly;
using Xunit;

namespace PipelineSpecs.Function.Tests.Handler;

public sealed class ThumbnailMakerTests
{
    [Theory]
    [InlineData(800, 600, 128, 128, 96)]
    [InlineData(600, 800, 128, 96, 128)]
    [InlineData(1000, 1000, 128, 128, 128)]
    [InlineData(100, 50, 128, 100, 50)]
    [InlineData(128, 1, 128, 128, 1)]
    [InlineData(4000, 10, 128, 128, 1)]
    [InlineData(10, 4000, 128, 1, 128)]
    [InlineData(300, 200, 64, 64, 43)]
    public void FitWithin_KeepsAspectRatioNeverUpscalesNeverBelowOnePixel(
        int width, int height, int maxDim, int expectedWidth, int expectedHeight)
    {
        ThumbnailMaker.FitWithin(width, height, maxDim).ShouldBe((expectedWidth, expectedHeight));
    }

    public static TheoryData<ThumbnailEngine> EachEngine => Engines.Each;

    [Theory]
    [MemberData(nameof(EachEngine))]
    public void Make_RejectsFormatsOtherThanPngAndJpeg(ThumbnailEngine engine)
    {
        var gif = Support.Fixtures.ProblemImages.Gif(4, 4);

        var error = Should.Throw<ImageRefusedException>(
            () => engine.Make(gif, 128, FunctionSettings.DefaultMaxSourcePixels));

        error.Message.ShouldContain("'GIF'");
    }

    [Theory]
    [InlineData(ThumbnailEngine.ImageSharp, nameof(ThumbnailMaker))]
    [InlineData(ThumbnailEngine.Libvips, nameof(VipsThumbnailMaker))]
    public void MakerFor_IsTheMakerOfTheEngine(ThumbnailEngine engine, string maker)
    {
        ThumbnailEngines.MakerFor(engine).Method.DeclaringType.ShouldNotBeNull().Name.ShouldBe(maker);
    }
}
