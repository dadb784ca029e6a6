using System.Net;
using Amazon.S3;
using Amazon.S3.Model;
using PipelineSpecs.Support.Lifecycle;
using PipelineSpecs.Support.Polling;
using Reqnroll;
using SixLabors.ImageSharp;

namespace PipelineSpecs.Support.Drivers;

/// <summary>Waits for thumbnails in the processed bucket and reads them back.</summary>
public sealed class ThumbnailDriver(
    PipelineRun run,
    ScenarioStack stacks,
    AwsClientFactory clients,
    InvocationDriver invocations,
    IReqnrollOutputHelper output)
{
    /// <summary>Where the function writes the thumbnail of <paramref name="sourceKey"/>.</summary>
    public static string ThumbnailKeyFor(string sourceKey) => "thumbnails/" + sourceKey;

    /// <summary>Whether an object exists at <paramref name="key"/> in the processed bucket right now.</summary>
    public async Task<bool> ExistsAsync(string key, CancellationToken cancellationToken)
    {
        var stack = await stacks.GetAsync(cancellationToken);
        try
        {
            await clients.S3.GetObjectMetadataAsync(stack.ProcessedBucket, key, cancellationToken);
            return true;
        }
        catch (AmazonS3Exception missing) when (missing.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    /// <summary>Reads the object at <paramref name="key"/> in the processed bucket as an image, without waiting.</summary>
    public async Task<StoredThumbnail> ReadAsync(string key, CancellationToken cancellationToken)
    {
        var stack = await stacks.GetAsync(cancellationToken);
        var probe = await ProbeAsync(stack.ProcessedBucket, key, cancellationToken);
        return probe.Thumbnail ?? throw new InvalidOperationException(
            $"Expected a thumbnail at s3://{stack.ProcessedBucket}/{key}; {probe.Describe()}");
    }

    /// <summary>
    /// Waits, within the run's wait budget, for an object at <paramref name="key"/> in the processed bucket and reads
    /// it as an image. On timeout the message names the awaited key and lists what the processed bucket holds.
    /// </summary>
    public async Task<StoredThumbnail> WaitForThumbnailAsync(string key, CancellationToken cancellationToken)
    {
        var stack = await stacks.GetAsync(cancellationToken);
        var since = DateTimeOffset.UtcNow - run.Settings.WaitBudget;

        ThumbnailProbe seen;
        try
        {
            seen = await Eventually.UntilAsync(
                $"the thumbnail s3://{stack.ProcessedBucket}/{key}",
                run.Settings.WaitBudget,
                token => ProbeAsync(stack.ProcessedBucket, key, token),
                probe => probe.Thumbnail is not null,
                probe => probe.Describe(),
                cancellationToken);
        }
        catch (WaitTimeoutException timeout)
        {
            // Say why, when the function knows: a missing thumbnail is usually an error in its log.
            var sourceKey = key["thumbnails/".Length..];
            throw new WaitTimeoutException(
                $"{timeout.Message}\n" +
                await invocations.ErrorsSinceAsync(since, InvocationDriver.FolderOf(sourceKey), cancellationToken));
        }

        var thumbnail = seen.Thumbnail!;
        output.WriteLine($"Thumbnail s3://{stack.ProcessedBucket}/{key}: {thumbnail.Width}x{thumbnail.Height} " +
                         $"{thumbnail.Format}, {thumbnail.Bytes.Length} bytes, Content-Type {thumbnail.ContentType}");
        return thumbnail;
    }

    /// <summary>
    /// Waits until every upload of <paramref name="sources"/> has its thumbnail, then reads them all. One listing per
    /// poll instead of one request per key, so a burst of a hundred does not flood the target while it works.
    /// </summary>
    public async Task<IReadOnlyList<StoredThumbnail>> WaitForThumbnailsAsync(
        IReadOnlyList<UploadedObject> sources, CancellationToken cancellationToken)
    {
        var stack = await stacks.GetAsync(cancellationToken);
        var expected = sources.Select(source => ThumbnailKeyFor(source.Key)).ToHashSet(StringComparer.Ordinal);
        var folder = CommonFolder(expected);
        var firstSeen = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);

        await Eventually.UntilAsync(
            $"{expected.Count} thumbnails under s3://{stack.ProcessedBucket}/{folder}",
            run.Settings.WaitBudgetFor(expected.Count),
            async token => NoteArrivals(await ListKeysAsync(stack.ProcessedBucket, folder, token), expected, firstSeen),
            present => expected.IsSubsetOf(present),
            present => $"{present.Count(expected.Contains)} of {expected.Count} present; missing e.g. " +
                       string.Join(", ", expected.Except(present).Take(5)),
            cancellationToken);

        var stored = new List<StoredThumbnail>();
        foreach (var key in expected)
        {
            stored.Add(await ReadAsync(key, cancellationToken) with { SeenAt = firstSeen[key] });
        }

        return stored;
    }

    // The listing that first shows a thumbnail dates it (to within one poll): what a burst's latencies are read from.
    private static HashSet<string> NoteArrivals(
        HashSet<string> present, HashSet<string> expected, Dictionary<string, DateTimeOffset> firstSeen)
    {
        var now = DateTimeOffset.UtcNow;
        foreach (var key in present.Where(expected.Contains))
        {
            firstSeen.TryAdd(key, now);
        }

        return present;
    }

    private static string CommonFolder(IReadOnlyCollection<string> keys)
    {
        var first = keys.First();
        var end = first.LastIndexOf('/') + 1;
        return keys.All(key => key.StartsWith(first[..end], StringComparison.Ordinal)) ? first[..end] : "thumbnails/";
    }

    private async Task<HashSet<string>> ListKeysAsync(string bucket, string folder, CancellationToken cancellationToken)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var request = new ListObjectsV2Request { BucketName = bucket, Prefix = folder };
        ListObjectsV2Response page;
        do
        {
            page = await clients.S3.ListObjectsV2Async(request, cancellationToken);
            keys.UnionWith(page.S3Objects?.Select(item => item.Key) ?? []);
            request.ContinuationToken = page.NextContinuationToken;
        }
        while (page.IsTruncated == true);

        return keys;
    }

    private async Task<ThumbnailProbe> ProbeAsync(string bucket, string key, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await clients.S3.GetObjectAsync(bucket, key, cancellationToken);
            using var body = new MemoryStream();
            await response.ResponseStream.CopyToAsync(body, cancellationToken);
            return new ThumbnailProbe(StoredThumbnail.Read(key, body.ToArray(), response.Headers.ContentType), "", null);
        }
        catch (AmazonS3Exception missing) when (missing.StatusCode == HttpStatusCode.NotFound)
        {
            // List the scenario's own folder: other scenarios' thumbnails would bury what matters.
            var folder = key[..(key.LastIndexOf('/') + 1)];
            return new ThumbnailProbe(null, folder, await ListAsync(bucket, folder, cancellationToken));
        }
    }

    private async Task<IReadOnlyList<string>> ListAsync(string bucket, string folder, CancellationToken cancellationToken)
    {
        var listing = await clients.S3.ListObjectsV2Async(
            new ListObjectsV2Request { BucketName = bucket, Prefix = folder, MaxKeys = 50 }, cancellationToken);
        return listing.S3Objects?.Select(item => item.Key).ToList() ?? [];
    }

    private sealed record ThumbnailProbe(StoredThumbnail? Thumbnail, string Folder, IReadOnlyList<string>? Listing)
    {
        public string Describe() => Thumbnail is not null
            ? $"thumbnail present ({Thumbnail.Width}x{Thumbnail.Height})"
            : Listing is { Count: > 0 }
                ? $"the processed bucket holds {Listing.Count} object(s) under {Folder}: {string.Join(", ", Listing)}"
                : $"the processed bucket holds nothing under {Folder}";
    }
}

/// <summary>A thumbnail as stored in the processed bucket, decoded enough to check it.</summary>
public sealed record StoredThumbnail(string Key, byte[] Bytes, string ContentType, int Width, int Height, string Format)
{
    /// <summary>When a wait for several thumbnails first saw this one listed; null when read on its own.</summary>
    public DateTimeOffset? SeenAt { get; init; }

    /// <summary>Identifies the image in <paramref name="bytes"/>; throws if it is not a decodable image.</summary>
    public static StoredThumbnail Read(string key, byte[] bytes, string contentType)
    {
        var info = Image.Identify(bytes, out var format)
            ?? throw new InvalidDataException($"s3 object {key} ({bytes.Length} bytes) is not a decodable image.");

        // Identify reads headers only: decode fully so a truncated thumbnail fails here, not in a browser.
        using var image = Image.Load(bytes);
        return new StoredThumbnail(key, bytes, contentType, info.Width, info.Height, format.Name);
    }
}
