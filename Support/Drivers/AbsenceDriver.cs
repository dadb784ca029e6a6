using PipelineSpecs.Support.Fixtures;
using PipelineSpecs.Support.Polling;
using Reqnroll;

namespace PipelineSpecs.Support.Drivers;

/// <summary>
/// Proves that the pipeline made nothing of an upload. A negative is only meaningful once the pipeline has
/// demonstrably had its chance: a sentinel image uploaded afterwards must have been processed (so events were
/// flowing), then the check watches for a quiet window in which nothing may appear for the upload.
/// </summary>
public sealed class AbsenceDriver(
    UploadDriver uploads,
    ThumbnailDriver thumbnails,
    InvocationDriver invocations,
    SummaryDriver summaries,
    IReqnrollOutputHelper output)
{
    private static readonly TimeSpan QuietWindow = TimeSpan.FromSeconds(2);

    /// <summary>Uploads a sentinel image and waits until the function has processed it.</summary>
    public async Task LetThePipelineCatchUpAsync(CancellationToken cancellationToken)
    {
        var sentinel = await uploads.UploadAsync(
            "sentinel.png", UploadContent.Image(64, 48, ImageFormatName.Png), cancellationToken);
        await thumbnails.WaitForThumbnailAsync(ThumbnailDriver.ThumbnailKeyFor(sentinel.Key), cancellationToken);
        await invocations.WaitForLogLinesMentioningAsync(sentinel.Key, sentinel.UploadedAt, cancellationToken);
        output.WriteLine($"Sentinel {sentinel.Key} was processed: the pipeline has caught up.");
    }

    /// <summary>
    /// Fails if, during the quiet window, a thumbnail of the upload appears or (unless the function is expected to
    /// have run and failed) the function logs anything about it; then fails if a summary of it was published.
    /// </summary>
    public async Task ProveNothingWasMadeOfAsync(
        UploadedObject upload, bool functionMayHaveRun, CancellationToken cancellationToken)
    {
        var thumbnailKey = ThumbnailDriver.ThumbnailKeyFor(upload.Key);

        await Consistently.HoldsAsync(
            $"no thumbnail at {thumbnailKey}" + (functionMayHaveRun ? "" : $" and no log line about {upload.Key}"),
            QuietWindow,
            async token => (
                Thumbnail: await thumbnails.ExistsAsync(thumbnailKey, token),
                Logs: functionMayHaveRun
                    ? []
                    : await invocations.LogLinesMentioningAsync(upload.Key, upload.UploadedAt, token)),
            seen => !seen.Thumbnail && seen.Logs.Count == 0,
            seen => seen.Thumbnail
                ? $"a thumbnail at {thumbnailKey}"
                : $"function log lines: {string.Join(" | ", seen.Logs)}",
            cancellationToken);

        await summaries.ExpectNoSummaryOfAsync(upload.Key, cancellationToken);

        output.WriteLine($"Nothing was made of {upload.Key} within a {QuietWindow.TotalSeconds:0} s quiet window.");
    }
}
