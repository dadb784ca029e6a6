using System.Text.Json;
using Amazon.S3;
using Amazon.S3.Model;
using PipelineSpecs.Aws;
using PipelineSpecs.Function.Handler;
using PipelineSpecs.Function.Tests.Moto;
using SixLabors.ImageSharp;
using Xunit;

namespace PipelineSpecs.Function.Tests.Handler;

/// <summary>
/// A handler wired to real clients against the shared moto server, with buckets, a topic and a metric namespace
/// of its own, so tests run in parallel without seeing each other's objects, messages or data points.
/// </summary>
internal sealed class HandlerHarness : IDisposable
{
    private readonly StringWriter _logOutput = new();

    private HandlerHarness(
        MotoServer moto,
        string sourceBucket,
        string topicArn,
        MakeThumbnail? maker,
        FaultInjection? faults,
        ThumbnailEngine engine,
        long maxSourceBytes)
    {
        S3 = new BodyCountingS3Client(MotoServer.Credentials, moto.CreateS3Config());
        Sns = new SnsClient(moto.Config);
        CloudWatch = new CloudWatchClient(moto.Config);
        SourceBucket = sourceBucket;
        Settings = new FunctionSettings(
            Unique("processed"), topicArn, Unique("PipelineSpecs.Tests"), ThumbnailEngine: engine,
            MaxSourceBytes: maxSourceBytes);
        Handler = new ThumbnailHandler(S3, Sns, CloudWatch, Settings, new JsonLogger(_logOutput), maker, faults);
    }

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public BodyCountingS3Client S3 { get; }

    public SnsClient Sns { get; }

    public CloudWatchClient CloudWatch { get; }

    public string SourceBucket { get; }

    public FunctionSettings Settings { get; }

    public ThumbnailHandler Handler { get; }

    /// <summary>The JSON log lines the handler wrote, parsed.</summary>
    public IReadOnlyList<JsonElement> LogLines => _logOutput.ToString()
        .Split('\n', StringSplitOptions.RemoveEmptyEntries)
        .Select(line => JsonDocument.Parse(line).RootElement.Clone())
        .ToList();

    /// <summary>A harness whose handler makes thumbnails with <paramref name="maker"/>, or else with
    /// <paramref name="engine"/>, carries out requested faults with <paramref name="faults"/>, or not at
    /// all, and downloads uploads of at most <paramref name="maxSourceBytes"/>.</summary>
    public static async Task<HandlerHarness> CreateAsync(
        MotoServer moto,
        MakeThumbnail? maker = null,
        FaultInjection? faults = null,
        ThumbnailEngine engine = ThumbnailEngine.ImageSharp,
        long maxSourceBytes = FunctionSettings.DefaultMaxSourceBytes)
    {
        var sns = new SnsClient(moto.Config);
        var topic = await sns.SendAsync("CreateTopic", [new("Name", Unique("topic"))], Ct);
        var harness = new HandlerHarness(
            moto, Unique("incoming"), topic.RequiredValue("TopicArn"), maker, faults, engine, maxSourceBytes);
        await harness.S3.PutBucketAsync(harness.SourceBucket, Ct);
        await harness.S3.PutBucketAsync(harness.Settings.ProcessedBucket, Ct);
        return harness;
    }

    public static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    public async Task UploadAsync(string key, byte[] content, string? faultRequested = null)
    {
        using var body = new MemoryStream(content);
        var request = new PutObjectRequest { BucketName = SourceBucket, Key = key, InputStream = body };
        if (faultRequested is not null)
        {
            request.Metadata[FaultInjection.MetadataName] = faultRequested;
        }

        await S3.PutObjectAsync(request, Ct);
    }

    /// <summary>Uploads each image, then handles one event naming them all (keys encoded as S3 does).</summary>
    public async Task<ThumbnailResponse> UploadAndHandleAsync(params (string Key, byte[] Content)[] uploads)
    {
        foreach (var (key, content) in uploads)
        {
            await UploadAsync(key, content);
        }

        var payload = S3Events.ObjectCreated(SourceBucket, uploads.Select(u => EncodeLikeS3(u.Key)).ToArray());
        return await HandleAsync(payload);
    }

    public async Task<ThumbnailResponse> HandleAsync(string payload)
    {
        var json = await Handler.HandleJsonAsync(payload, "request-" + Guid.NewGuid().ToString("N"), Ct);
        return JsonSerializer.Deserialize(json, FunctionJsonContext.Default.ThumbnailResponse)!;
    }

    /// <summary>The stored thumbnail: its content type as S3 reports it and its decoded format and size.</summary>
    public async Task<StoredImage> ReadThumbnailAsync(string key)
    {
        using var response = await S3.GetObjectAsync(Settings.ProcessedBucket, ThumbnailHandler.ThumbnailPrefix + key, Ct);
        using var buffer = new MemoryStream();
        await response.ResponseStream.CopyToAsync(buffer, Ct);
        buffer.Position = 0;
        var format = await Image.DetectFormatAsync(buffer, Ct);
        buffer.Position = 0;
        var info = await Image.IdentifyAsync(buffer, Ct);
        return new StoredImage(response.Headers.ContentType, format.Name.ToLowerInvariant(), info.Width, info.Height);
    }

    public async Task<IReadOnlyList<string>> ProcessedKeysAsync()
    {
        var listing = await S3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = Settings.ProcessedBucket }, Ct);
        return (listing.S3Objects ?? []).Select(o => o.Key).ToList();
    }

    /// <summary>The form-encoding S3 applies to keys in event notifications (Python's <c>quote_plus</c>).</summary>
    public static string EncodeLikeS3(string key) => Uri.EscapeDataString(key)
        .Replace("%20", "+", StringComparison.Ordinal)
        .Replace("%2F", "/", StringComparison.Ordinal);

    public void Dispose()
    {
        S3.Dispose();
        _logOutput.Dispose();
    }
}

internal sealed record StoredImage(string ContentType, string Format, int Width, int Height);
