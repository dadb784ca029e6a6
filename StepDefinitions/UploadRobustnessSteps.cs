using PipelineSpecs.Support.Drivers;
using PipelineSpecs.Support.Fixtures;
using Reqnroll;
using Shouldly;

namespace PipelineSpecs.StepDefinitions;

/// <summary>Steps about what the pipeline makes of the files users really upload (Features/uploads.feature).</summary>
[Binding]
public sealed class UploadRobustnessSteps(
    ThumbnailDriver thumbnails, InvocationDriver invocations, ScenarioObjects objects)
{
    [Then("the thumbnail of {string} shows the picture upright")]
    public async Task ThenTheThumbnailIsUpright(string name)
    {
        var thumbnail = await ThumbnailOfAsync(name);

        ProblemImages.UprightProblem(thumbnail.Bytes).ShouldBeNull($"the thumbnail {thumbnail.Key} should be upright");
    }

    [Then("the thumbnail of {string} keeps its transparent background")]
    public async Task ThenTheThumbnailKeepsTransparency(string name)
    {
        var thumbnail = await ThumbnailOfAsync(name);

        ProblemImages.TransparencyProblem(thumbnail.Bytes)
            .ShouldBeNull($"the thumbnail {thumbnail.Key} should keep its transparency");
    }

    [Then("the function's log says {string} was refused because it {string}")]
    public async Task ThenTheLogSaysWhyItWasRefused(string name, string reason)
    {
        var upload = objects.Named(name);

        await invocations.WaitForLogLineAsync(
            upload.Key, upload.UploadedAt, $"saying it was refused because it {reason}",
            line => line.Contains("refused: ", StringComparison.Ordinal) && line.Contains(reason, StringComparison.Ordinal),
            CancellationToken.None);
    }

    private Task<StoredThumbnail> ThumbnailOfAsync(string name) => thumbnails.WaitForThumbnailAsync(
        ThumbnailDriver.ThumbnailKeyFor(objects.Named(name).Key), CancellationToken.None);
}
