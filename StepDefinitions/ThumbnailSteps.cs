using PipelineSpecs.Support.Drivers;
using PipelineSpecs.Support.Fixtures;
using Reqnroll;
using Shouldly;

namespace PipelineSpecs.StepDefinitions;

/// <summary>Steps about the thumbnails the pipeline makes, and the uploads it must leave alone.</summary>
[Binding]
public sealed class ThumbnailSteps(ThumbnailDriver thumbnails, AbsenceDriver absence, ScenarioObjects objects)
{
    private StoredThumbnail? _thumbnail;

    [Then("a thumbnail of {int}x{int} appears under {string} with the same name")]
    public async Task ThenAThumbnailAppearsUnder(int width, int height, string folder)
    {
        _thumbnail = await thumbnails.WaitForThumbnailAsync(folder + objects.Latest.Key, CancellationToken.None);
        ShouldHaveSize(_thumbnail, objects.Latest, width, height);
    }

    [Then("a thumbnail of {int}x{int} appears for {string}")]
    public async Task ThenAThumbnailAppearsFor(int width, int height, string name)
    {
        var upload = objects.Named(name);
        _thumbnail = await thumbnails.WaitForThumbnailAsync(
            ThumbnailDriver.ThumbnailKeyFor(upload.Key), CancellationToken.None);
        ShouldHaveSize(_thumbnail, upload, width, height);
    }

    [Then("the thumbnail is a {word} image served as {string}")]
    public void ThenTheThumbnailIsAnImageServedAs(string format, string contentType)
    {
        var thumbnail = _thumbnail ?? throw new InvalidOperationException("No thumbnail was read in this scenario.");

        thumbnail.Format.ShouldBe(ImageFormatNames.Parse(format).ToString().ToUpperInvariant(),
            $"the thumbnail {thumbnail.Key} should keep the upload's format");
        thumbnail.ContentType.ShouldBe(contentType, $"the thumbnail {thumbnail.Key} should be served as {contentType}");
    }

    [Then("the function never runs for it, and no thumbnail or summary is made of it")]
    public async Task ThenTheFunctionNeverRunsForIt()
    {
        var ignored = objects.Latest;
        await absence.LetThePipelineCatchUpAsync(CancellationToken.None);
        await absence.ProveNothingWasMadeOfAsync(ignored, functionMayHaveRun: false, CancellationToken.None);
    }

    [Then("no thumbnail and no summary are made of {string}")]
    public async Task ThenNothingIsMadeOf(string name)
    {
        await absence.ProveNothingWasMadeOfAsync(objects.Named(name), functionMayHaveRun: true, CancellationToken.None);
    }

    private static void ShouldHaveSize(StoredThumbnail thumbnail, UploadedObject upload, int width, int height) =>
        (thumbnail.Width, thumbnail.Height).ShouldBe((width, height),
            $"the thumbnail of {upload.Key} ({upload.Bytes.Length} bytes uploaded) should be {width}x{height}");
}
