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

    [Fact]
    public void Make_RejectsFormatsOtherThanPngAndJpeg()
    {
        var gif = Support.Fixtures.ProblemImages.Gif(4, 4);

        var error = Should.Throw<ImageRefusedException>(() => ThumbnailMaker.Make(
            gif, 128, FunctionSettings.DefaultMaxSourcePixels, TestContext.Current.CancellationToken));

        error.Message.ShouldContain("'GIF'");
    }
}
