using PipelineSpecs.Support.Drivers;
using Reqnroll;
using Shouldly;
using SixLabors.ImageSharp;

namespace PipelineSpecs.StepDefinitions;

/// <summary>Steps about the JSON summaries the pipeline publishes to its SNS topic.</summary>
[Binding]
public sealed class SummarySteps(
    SummaryDriver summaries, ThumbnailDriver thumbnails, ScenarioObjects objects, ScenarioStack stacks)
{
    private IReadOnlyList<PipelineSummary> _received = [];

    [Given("a subscriber listens to the pipeline's summaries")]
    public async Task GivenASubscriber()
    {
        await summaries.SubscribeAsync(CancellationToken.None);
    }

    [Then("the subscriber receives exactly one summary for each of them")]
    public async Task ThenExactlyOneSummaryEach()
    {
        var keys = objects.Uploads.Select(upload => upload.Key).ToList();
        _received = await summaries.WaitForSummariesAsync(keys, CancellationToken.None);

        var perKey = _received.GroupBy(summary => summary.Source.Key).ToDictionary(group => group.Key, group => group.Count());
        perKey.ShouldAllBe(entry => entry.Value == 1, $"each upload should be summarised once; received {Describe()}");
        perKey.Keys.ShouldBe(keys, ignoreOrder: true, $"summaries should name exactly the uploads; received {Describe()}");
    }

    [Then("each summary names the source and the thumbnail with their bucket, key and size, as stored")]
    public async Task ThenEachSummaryMatchesWhatIsStored()
    {
        var stack = await stacks.GetAsync(CancellationToken.None);
        foreach (var summary in _received)
        {
            var upload = objects.Uploads.Single(candidate => candidate.Key == summary.Source.Key);
            var source = Image.Identify(upload.Bytes);
            var stored = await thumbnails.ReadAsync(summary.Thumbnail.Key, CancellationToken.None);

            // Every rule at once, so a summary that is both early and wrong reports both.
            summary.ShouldSatisfyAllConditions(
                () => summary.Source.ShouldBe(
                    new SummaryImage(stack.IncomingBucket, upload.Key, source.Width, source.Height)),
                () => summary.Thumbnail.ShouldBe(new SummaryImage(
                    stack.ProcessedBucket, ThumbnailDriver.ThumbnailKeyFor(upload.Key), stored.Width, stored.Height)),
                () => summaries.ThumbnailStoredOnReceipt[summary.Source.Key].ShouldBeTrue(
                    $"the summary of {summary.Source.Key} arrived before its thumbnail s3://{summary.Thumbnail.Bucket}/" +
                    $"{summary.Thumbnail.Key} was stored: a subscriber fetching it on receipt finds nothing"));
        }
    }

    private string Describe() => string.Join("; ", _received.Select(summary => $"{summary.Source} -> {summary.Thumbnail}"));
}
