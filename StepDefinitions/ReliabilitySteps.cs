using System.Diagnostics;
using PipelineSpecs.Support.Drivers;
using PipelineSpecs.Support.Fixtures;
using Reqnroll;
using Shouldly;

namespace PipelineSpecs.StepDefinitions;

/// <summary>Steps about bursts of uploads and repeated S3 events (Features/reliability.feature).</summary>
[Binding]
public sealed class ReliabilitySteps(
    UploadDriver uploads,
    ThumbnailDriver thumbnails,
    SummaryDriver summaries,
    InvocationDriver invocations,
    ScenarioObjects objects,
    IReqnrollOutputHelper output)
{
    private byte[]? _firstThumbnail;

    [When("{int} images of {int}x{int} {word} are uploaded at once")]
    public async Task WhenABurstIsUploaded(int count, int width, int height, string format)
    {
        var content = UploadContent.Image(width, height, ImageFormatNames.Parse(format));
        var watch = Stopwatch.StartNew();

        await Task.WhenAll(Enumerable.Range(1, count).Select(number =>
            uploads.UploadAsync($"burst-{number:000}.{format.ToLowerInvariant()}", content, CancellationToken.None)));

        output.WriteLine($"Uploaded {count} files concurrently in {watch.Elapsed.TotalSeconds:0.0} s");
    }

    [Then("every one of them gets a thumbnail of {int}x{int}")]
    public async Task ThenEveryOneGetsAThumbnail(int width, int height)
    {
        var watch = Stopwatch.StartNew();
        var stored = await thumbnails.WaitForThumbnailsAsync(objects.Uploads.ToList(), CancellationToken.None);

        stored.ShouldAllBe(thumbnail => thumbnail.Width == width && thumbnail.Height == height,
            $"every thumbnail should be {width}x{height}");
        output.WriteLine($"{stored.Count} thumbnails; the last appeared {watch.Elapsed.TotalSeconds:0.0} s after " +
                         $"the burst was uploaded. {BurstFigures(stored)}");
    }

    // Throughput from the first upload to the last thumbnail, and the slowest image's own upload-to-thumbnail time.
    private string BurstFigures(IReadOnlyList<StoredThumbnail> stored)
    {
        var seen = stored.ToDictionary(thumbnail => thumbnail.Key, thumbnail => thumbnail.SeenAt!.Value);
        var latencies = objects.Uploads
            .Select(upload => (upload.Key, Latency: seen[ThumbnailDriver.ThumbnailKeyFor(upload.Key)] - upload.UploadedAt))
            .ToList();
        var slowest = latencies.MaxBy(item => item.Latency);
        var span = seen.Values.Max() - objects.Uploads.Min(upload => upload.UploadedAt);

        return $"Throughput {stored.Count / Math.Max(0.001, span.TotalSeconds):0.0} images/s; slowest image " +
               $"{slowest.Key}, {slowest.Latency.TotalSeconds:0.0} s from its upload to its thumbnail (within one poll).";
    }

    [Given("a {int}x{int} PNG {string} whose thumbnail has appeared")]
    public async Task GivenAnImageWithItsThumbnail(int width, int height, string name)
    {
        var upload = await uploads.UploadAsync(
            name, UploadContent.Image(width, height, ImageFormatName.Png), CancellationToken.None);
        var thumbnail = await thumbnails.WaitForThumbnailAsync(
            ThumbnailDriver.ThumbnailKeyFor(upload.Key), CancellationToken.None);
        _firstThumbnail = thumbnail.Bytes;
    }

    [When("S3 delivers the event for {string} a second time")]
    public async Task WhenTheEventIsDeliveredAgain(string name)
    {
        var response = await invocations.InvokeWithS3EventAsync([objects.Named(name).Key], CancellationToken.None);
        response.Results.ShouldAllBe(result => result.Status == "succeeded", $"response: {response.Raw}");
    }

    [Then("the thumbnail of {string} has the same bytes as after the first delivery")]
    public async Task ThenTheThumbnailIsUnchanged(string name)
    {
        var thumbnail = await thumbnails.ReadAsync(
            ThumbnailDriver.ThumbnailKeyFor(objects.Named(name).Key), CancellationToken.None);

        thumbnail.Bytes.ShouldBe(_firstThumbnail, $"the thumbnail {thumbnail.Key} should not change on a duplicate");
    }

    [Then("the subscriber receives {int} summaries of {string}, both naming the same thumbnail")]
    public async Task ThenTheSubscriberReceivesSummaries(int count, string name)
    {
        var key = objects.Named(name).Key;
        var received = await summaries.WaitForSummaryCountAsync(key, count, CancellationToken.None);

        received.Select(summary => summary.Thumbnail).Distinct().Count()
            .ShouldBe(1, $"every summary of {key} should name the same thumbnail: {string.Join("; ", received)}");
    }
}
