using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Amazon.S3;
using Amazon.S3.Model;
using PipelineSpecs.Aws;

namespace PipelineSpecs.Function.Handler;

/// <summary>
/// Turns each image of an S3 event into a thumbnail in the processed bucket, publishes a JSON summary of it to
/// SNS and adds one to the <c>FilesProcessed</c> metric. One record's failure never stops the others.
/// </summary>
public sealed class ThumbnailHandler
{
    /// <summary>Prefix of every thumbnail key in the processed bucket.</summary>
    public const string ThumbnailPrefix = "thumbnails/";

    /// <summary>Name of the CloudWatch metric counting processed files.</summary>
    public const string FilesProcessedMetric = "FilesProcessed";

    private readonly IAmazonS3 _s3;
    private readonly ISnsClient _sns;
    private readonly ICloudWatchClient _cloudWatch;
    private readonly FunctionSettings _settings;
    private readonly JsonLogger _log;
    private readonly MakeThumbnail _makeThumbnail;
    private readonly FaultInjection _faults;

    /// <summary>Creates a handler over the given clients and settings.</summary>
    /// <param name="s3">Reads uploads and writes thumbnails.</param>
    /// <param name="sns">Receives the summaries.</param>
    /// <param name="cloudWatch">Receives the metric.</param>
    /// <param name="settings">The function's settings.</param>
    /// <param name="log">Where the JSON log lines go.</param>
    /// <param name="makeThumbnail">Makes a thumbnail of an upload; by default the engine
    /// <see cref="FunctionSettings.ThumbnailEngine"/> names, unless a test needs an image library that fails in a
    /// particular way.</param>
    /// <param name="faults">Faults an upload may ask for; by default enabled as
    /// <see cref="FunctionSettings.FaultInjection"/> says, with a real hang and a real crash.</param>
    public ThumbnailHandler(
        IAmazonS3 s3,
        ISnsClient sns,
        ICloudWatchClient cloudWatch,
        FunctionSettings settings,
        JsonLogger log,
        MakeThumbnail? makeThumbnail = null,
        FaultInjection? faults = null)
    {
        _s3 = s3 ?? throw new ArgumentNullException(nameof(s3));
        _sns = sns ?? throw new ArgumentNullException(nameof(sns));
        _cloudWatch = cloudWatch ?? throw new ArgumentNullException(nameof(cloudWatch));
        _settings = settings ?? throw new ArgumentNullException(nameof(settings));
        _log = log ?? throw new ArgumentNullException(nameof(log));
        _makeThumbnail = makeThumbnail ?? ThumbnailEngines.MakerFor(settings.ThumbnailEngine);
        _faults = faults ?? new FaultInjection(settings.FaultInjection);
    }

    /// <summary>Handles a raw event payload as the Runtime API delivers it and returns the JSON response.</summary>
    /// <exception cref="JsonException">The payload is not an S3 event.</exception>
    public async Task<string> HandleJsonAsync(string payload, string requestId, CancellationToken cancellationToken)
    {
        var s3Event = JsonSerializer.Deserialize(payload, FunctionJsonContext.Default.S3Event)
            ?? throw new JsonException("the event payload is JSON null, not an S3 event");
        var response = await HandleAsync(s3Event, requestId, cancellationToken).ConfigureAwait(false);
        return JsonSerializer.Serialize(response, FunctionJsonContext.Default.ThumbnailResponse);
    }

    /// <summary>Handles every record of <paramref name="s3Event"/>, in order.</summary>
    public async Task<ThumbnailResponse> HandleAsync(
        S3Event s3Event,
        string requestId,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(s3Event);
        var records = s3Event.Records ?? [];
        _log.Info("invocation started", requestId, LogField.Of("records", records.Count));
        var results = new List<RecordResult>(records.Count);
        for (var index = 0; index < records.Count; index++)
        {
            var record = records[index];
            var result = ObjectOf(record) is (var bucket, var key)
                ? await HandleRecordAsync(record?.EventName, bucket, key, requestId, cancellationToken)
                    .ConfigureAwait(false)
                : Malformed(index, record, requestId);
            results.Add(result);
        }

        return new ThumbnailResponse(results.Count, results);
    }

    // The bucket and (still encoded) key a record names, or null when it lacks either.
    private static (string Bucket, string EncodedKey)? ObjectOf(S3EventRecord? record) =>
        record?.S3 is { Bucket.Name: { Length: > 0 } bucket, Object.Key: { Length: > 0 } key } ? (bucket, key) : null;

    // A direct invoke can send anything: a record that names no object fails alone, saying which record it was.
    private RecordResult Malformed(int index, S3EventRecord? record, string requestId)
    {
        var bucket = record?.S3?.Bucket?.Name ?? string.Empty;
        var key = S3KeyDecoder.Decode(record?.S3?.Object?.Key ?? string.Empty);
        var missing = record is null ? "the record is null" : (bucket.Length, key.Length) switch
        {
            (0, 0) => "no s3.bucket.name / s3.object.key",
            (0, _) => "no s3.bucket.name",
            _ => "no s3.object.key",
        };
        var error = $"record {index}: malformed S3 record ({missing})";
        _log.Error("record failed", requestId, [.. Fields(bucket, key), LogField.Of("record", index),
            LogField.Of("error", error)]);
        return new RecordResult(bucket, key, RecordStatus.Failed, Error: error);
    }

    private async Task<RecordResult> HandleRecordAsync(
        string? eventName,
        string bucket,
        string encodedKey,
        string requestId,
        CancellationToken cancellationToken)
    {
        var key = S3KeyDecoder.Decode(encodedKey);
        if (SkipReason(eventName, key) is { } skipReason)
        {
            _log.Info($"record skipped: {skipReason}", requestId, Fields(bucket, key));
            return new RecordResult(bucket, key, RecordStatus.Skipped, Error: skipReason);
        }

        var clock = Stopwatch.StartNew();
        try
        {
            var thumbnail = await ProcessAsync(bucket, key, requestId, clock, cancellationToken).ConfigureAwait(false);
            return new RecordResult(bucket, key, RecordStatus.Succeeded, thumbnail);
        }
        catch (Exception error)
        {
            // Any failure (undecodable upload, missing object, throttled SNS, deadline) is this record's alone.
            var reason = Describe(error, cancellationToken);
            var stored = (error as StageFailedException)?.Thumbnail;
            var cause = error is StageFailedException { InnerException: { } inner } ? inner : error;
            _log.Error("record failed", requestId, [.. Fields(bucket, key), LogField.Of("error", reason),
                LogField.Of("errorType", cause.GetType().Name), LogField.Of("thumbnailKey", stored?.Key),
                LogField.Of("durationMs", clock.ElapsedMilliseconds)]);
            return new RecordResult(bucket, key, RecordStatus.Failed, stored, $"{key}: {reason}");
        }
    }

    private async Task<ThumbnailInfo> ProcessAsync(
        string bucket,
        string key,
        string requestId,
        Stopwatch clock,
        CancellationToken cancellationToken)
    {
        var (source, fault) = await DownloadAsync(bucket, key, cancellationToken).ConfigureAwait(false);
        if (fault != InjectedFault.None)
        {
            _log.Warn($"fault injected: {fault}", requestId, Fields(bucket, key));
            await _faults.BeforeThumbnailAsync(fault, key).ConfigureAwait(false);
        }

        var thumbnail = _makeThumbnail(source, _settings.ThumbnailMaxDim, _settings.MaxSourcePixels, cancellationToken);
        var info = new ThumbnailInfo(
            _settings.ProcessedBucket, ThumbnailPrefix + key,
            thumbnail.Width, thumbnail.Height, thumbnail.Format, thumbnail.ContentType);
        await UploadAsync(info, thumbnail.Content, cancellationToken).ConfigureAwait(false);
        var summary = new ThumbnailSummary(
            new SourceInfo(bucket, key, thumbnail.SourceWidth, thumbnail.SourceHeight, thumbnail.Format), info);
        await PublishAndCountAsync(summary, FaultInjection.TopicFor(fault, _settings.SnsTopicArn), cancellationToken)
            .ConfigureAwait(false);
        _log.Info("record succeeded", requestId, [.. Fields(bucket, key),
            LogField.Of("sourceBytes", source.Length), LogField.Of("thumbnailBytes", thumbnail.Content.Length),
            LogField.Of("width", thumbnail.Width), LogField.Of("height", thumbnail.Height),
            LogField.Of("format", thumbnail.Format), LogField.Of("durationMs", clock.ElapsedMilliseconds)]);
        return info;
    }

    // The size comes from the response's headers, before a byte of the body is read: an upload above the limit
    // costs one request, not its size in memory. Below it, the body is read into an array of the object's exact
    // size, so a big photo is held once, not once per buffer growth.
    private async Task<(byte[] Content, InjectedFault Fault)> DownloadAsync(
        string bucket, string key, CancellationToken cancellationToken)
    {
        using var response = await _s3.GetObjectAsync(bucket, key, cancellationToken).ConfigureAwait(false);
        if (response.ContentLength > _settings.MaxSourceBytes)
        {
            throw new ImageRefusedException(TooLarge(response.ContentLength, _settings.MaxSourceBytes));
        }

        var fault = _faults.Requested(response.Metadata[FaultInjection.MetadataName]);
        var content = new byte[response.ContentLength];
        await response.ResponseStream.ReadExactlyAsync(content, cancellationToken).ConfigureAwait(false);
        return (content, fault);
    }

    // In megabytes, as people size photos; in bytes when megabytes would round the two sizes to the same text.
    private static string TooLarge(long size, long limit)
    {
        var (shown, limitShown) = (Megabytes(size), Megabytes(limit));
        if (shown == limitShown || limit < 1024 * 1024)
        {
            (shown, limitShown) = (Bytes(size), Bytes(limit));
        }

        return $"the file is {shown}, above the limit of {limitShown} ({EnvironmentVariables.MaxSourceBytes})";
    }

    private static string Megabytes(long bytes) =>
        string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.#} MB");

    private static string Bytes(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes:N0} bytes");

    private async Task UploadAsync(ThumbnailInfo info, byte[] content, CancellationToken cancellationToken)
    {
        using var body = new MemoryStream(content, writable: false);
        var request = new PutObjectRequest
        {
            BucketName = info.Bucket,
            Key = info.Key,
            InputStream = body,
            ContentType = info.ContentType,
        };
        await _s3.PutObjectAsync(request, cancellationToken).ConfigureAwait(false);
    }

    // Published only after the thumbnail is stored, so a subscriber reacting to the summary can always fetch it.
    // FilesProcessed is added only after the summary went out: the count and the summaries subscribers receive
    // always agree, and a record whose summary failed is counted by its ERROR line instead.
    private async Task PublishAndCountAsync(ThumbnailSummary summary, string topicArn, CancellationToken cancellationToken)
    {
        var message = JsonSerializer.Serialize(summary, FunctionJsonContext.Default.ThumbnailSummary);
        await AfterStoringAsync(
            () => _sns.PublishAsync(topicArn, message, cancellationToken),
            $"the thumbnail is stored at {summary.Thumbnail.Key}, but its summary was not published to {topicArn}",
            summary.Thumbnail).ConfigureAwait(false);

        MetricDatum[] data = [new(FilesProcessedMetric, 1, "Count")];
        await AfterStoringAsync(
            () => _cloudWatch.PutMetricDataAsync(_settings.MetricNamespace, data, cancellationToken),
            $"the thumbnail is stored and its summary published, but {FilesProcessedMetric} was not counted",
            summary.Thumbnail).ConfigureAwait(false);
    }

    private static async Task AfterStoringAsync(Func<Task> step, string failure, ThumbnailInfo thumbnail)
    {
        try
        {
            await step().ConfigureAwait(false);
        }
        catch (Exception error)
        {
            throw new StageFailedException(failure, thumbnail, error);
        }
    }

    // Records S3 would not send to this function are logged and skipped rather than failed: nothing is wrong.
    private static string? SkipReason(string? eventName, string key)
    {
        if (key.StartsWith(ThumbnailPrefix, StringComparison.Ordinal))
        {
            // A thumbnail written where the trigger can see it would fire the function again, forever.
            return "key is under thumbnails/";
        }

        // Put, Post, Copy and CompleteMultipartUpload all make an object; a removal or restore event does not.
        return eventName is null || eventName.StartsWith("ObjectCreated:", StringComparison.Ordinal)
            ? null
            : $"event {eventName} does not create an object";
    }

    private static string Describe(Exception error, CancellationToken cancellationToken) => error switch
    {
        StageFailedException { InnerException: { } cause } => $"{error.Message}: {Describe(cause, cancellationToken)}",
        OperationCanceledException when cancellationToken.IsCancellationRequested =>
            "the invocation deadline passed before the record was done",
        ImageRefusedException => $"refused: {error.Message}",
        _ => $"{error.GetType().Name}: {error.Message}",
    };

    private static LogField[] Fields(string bucket, string key) =>
        [LogField.Of("bucket", bucket), LogField.Of("key", key)];
}
