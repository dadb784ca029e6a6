using System.Text.Json;
using System.Text.Json.Nodes;
using PipelineSpecs.Function.Handler;
using PipelineSpecs.Function.Tests.Moto;
using Shouldly;
using Xunit;

namespace PipelineSpecs.Function.Tests.Handler;

public sealed class ThumbnailHandlerTests(MotoServer moto)
{
    private const string NoBucketNorKey = "no s3.bucket.name / s3.object.key";

    private static readonly Dictionary<string, (string Format, int Width, int Height, int ThumbWidth, int ThumbHeight)>
        Uploads = new()
        {
            ["landscape.png"] = ("png", 800, 600, 128, 96),
            ["portrait.jpg"] = ("jpeg", 600, 800, 96, 128),
            ["square.png"] = ("png", 1000, 1000, 128, 128),
            ["small.png"] = ("png", 100, 50, 100, 50),
            ["strip.jpg"] = ("jpeg", 4000, 10, 128, 1),
        };

    public static TheoryData<ThumbnailEngine, string> Sizes => Engines.Times(Uploads.Keys);

    public static TheoryData<ThumbnailEngine> EachEngine => Engines.Each;

    [Theory]
    [MemberData(nameof(Sizes))]
    public async Task HandleAsync_StoresThumbnailWithLongestSide128InSourceFormat(ThumbnailEngine engine, string key)
    {
        var (format, width, height, expectedWidth, expectedHeight) = Uploads[key];
        using var harness = await HandlerHarness.CreateAsync(moto, engine: engine);
        var image = format == "png" ? TestImages.Png(width, height) : TestImages.Jpeg(width, height);

        var response = await harness.UploadAndHandleAsync((key, image));

        response.Results.ShouldHaveSingleItem().Status.ShouldBe(RecordStatus.Succeeded);
        var stored = await harness.ReadThumbnailAsync(key);
        stored.ShouldBe(new StoredImage($"image/{format}", format, expectedWidth, expectedHeight));
    }

    [Theory]
    [MemberData(nameof(EachEngine))]
    public async Task HandleAsync_AppliesExifOrientationBeforeResizing(ThumbnailEngine engine)
    {
        using var harness = await HandlerHarness.CreateAsync(moto, engine: engine);

        // Orientation 6: stored landscape, shown rotated 90 degrees clockwise, i.e. portrait.
        var response = await harness.UploadAndHandleAsync(("camera.jpg", TestImages.JpegWithOrientation(800, 600, 6)));

        var thumbnail = response.Results.ShouldHaveSingleItem().Thumbnail.ShouldNotBeNull();
        (thumbnail.Width, thumbnail.Height).ShouldBe((96, 128));
        (await harness.ReadThumbnailAsync("camera.jpg")).ShouldBe(new StoredImage("image/jpeg", "jpeg", 96, 128));
    }

    [Fact]
    public async Task HandleAsync_DecodesKeyWithSpaceAndPlus()
    {
        using var harness = await HandlerHarness.CreateAsync(moto);
        await harness.UploadAsync("my photo+1.png", TestImages.Png(800, 600));

        var response = await harness.HandleAsync(S3Events.ObjectCreated(harness.SourceBucket, "my+photo%2B1.png"));

        var result = response.Results.ShouldHaveSingleItem();
        result.ShouldSatisfyAllConditions(
            () => result.Status.ShouldBe(RecordStatus.Succeeded),
            () => result.Key.ShouldBe("my photo+1.png"),
            () => result.Thumbnail.ShouldNotBeNull().Key.ShouldBe("thumbnails/my photo+1.png"));
        (await harness.ProcessedKeysAsync()).ShouldBe(["thumbnails/my photo+1.png"]);
    }

    [Fact]
    public async Task HandleAsync_CorruptUploadFailsAloneAndOthersSucceed()
    {
        using var harness = await HandlerHarness.CreateAsync(moto);

        var response = await harness.UploadAndHandleAsync(
            ("broken.png", TestImages.CorruptPng()),
            ("good.png", TestImages.Png(800, 600)));

        response.Processed.ShouldBe(2);
        var failed = response.Results.Where(r => r.Status == RecordStatus.Failed).ShouldHaveSingleItem();
        failed.Key.ShouldBe("broken.png");
        failed.Error.ShouldNotBeNull().ShouldContain("broken.png");
        failed.Thumbnail.ShouldBeNull();
        response.Results.Where(r => r.Status == RecordStatus.Succeeded).ShouldHaveSingleItem().Key.ShouldBe("good.png");
        (await harness.ProcessedKeysAsync()).ShouldBe(["thumbnails/good.png"]);
    }

    [Fact]
    public async Task HandleAsync_MissingObjectFailsWithTheKeyAndReason()
    {
        using var harness = await HandlerHarness.CreateAsync(moto);

        var response = await harness.HandleAsync(S3Events.ObjectCreated(harness.SourceBucket, "gone.png"));

        var result = response.Results.ShouldHaveSingleItem();
        result.Status.ShouldBe(RecordStatus.Failed);
        result.Error.ShouldNotBeNull().ShouldSatisfyAllConditions(
            error => error.ShouldContain("gone.png"),
            error => error.ShouldContain("NoSuchKey"));
    }

    [Fact]
    public async Task HandleAsync_SkipsKeysUnderThumbnailsPrefix()
    {
        using var harness = await HandlerHarness.CreateAsync(moto);

        var response = await harness.UploadAndHandleAsync(("thumbnails/loop.png", TestImages.Png(800, 600)));

        response.Processed.ShouldBe(1);
        response.Results.ShouldHaveSingleItem().Status.ShouldBe(RecordStatus.Skipped);
        (await harness.ProcessedKeysAsync()).ShouldBeEmpty();
        harness.LogLines.ShouldContain(line => line.GetProperty("message").GetString()!.Contains("skipped"));
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"Records":[]}""")]
    [InlineData(null)]
    public async Task HandleJsonAsync_EventWithoutRecordsReturnsZero(string? payload)
    {
        using var harness = await HandlerHarness.CreateAsync(moto);

        var json = await harness.Handler.HandleJsonAsync(
            payload ?? S3Events.TestEvent(harness.SourceBucket), "request-1", HandlerHarness.Ct);

        json.ShouldBe("""{"processed":0,"results":[]}""");
    }

    [Fact]
    public async Task HandleAsync_PublishesSummaryMatchingTheStoredThumbnail()
    {
        using var harness = await HandlerHarness.CreateAsync(moto);
        using var sqs = moto.CreateSqsClient();
        var queueUrl = (await sqs.CreateQueueAsync(HandlerHarness.Unique("summaries"), HandlerHarness.Ct)).QueueUrl;
        var queueArn = (await sqs.GetQueueAttributesAsync(queueUrl, ["QueueArn"], HandlerHarness.Ct)).QueueARN;
        await harness.Sns.SubscribeAsync(
            harness.Settings.SnsTopicArn, "sqs", queueArn, cancellationToken: HandlerHarness.Ct);

        await harness.UploadAndHandleAsync(("summary.png", TestImages.Png(800, 600)));

        var received = await sqs.ReceiveMessageAsync(
            new Amazon.SQS.Model.ReceiveMessageRequest { QueueUrl = queueUrl, WaitTimeSeconds = 5 }, HandlerHarness.Ct);
        using var envelope = JsonDocument.Parse(received.Messages.ShouldHaveSingleItem().Body);
        var summary = JsonSerializer.Deserialize(
            envelope.RootElement.GetProperty("Message").GetString()!, FunctionJsonContext.Default.ThumbnailSummary);
        summary.ShouldBe(new ThumbnailSummary(
            new SourceInfo(harness.SourceBucket, "summary.png", 800, 600, "png"),
            new ThumbnailInfo(harness.Settings.ProcessedBucket, "thumbnails/summary.png", 128, 96, "png", "image/png")));
        var stored = await harness.ReadThumbnailAsync("summary.png");
        (stored.Width, stored.Height, stored.ContentType).ShouldBe((128, 96, "image/png"));
    }

    [Fact]
    public async Task HandleAsync_AddsOneToFilesProcessedPerSucceededRecord()
    {
        using var harness = await HandlerHarness.CreateAsync(moto);
        var start = DateTimeOffset.UtcNow.AddMinutes(-5);

        await harness.UploadAndHandleAsync(
            ("one.png", TestImages.Png(200, 100)),
            ("two.jpg", TestImages.Jpeg(200, 100)),
            ("bad.png", TestImages.CorruptPng()));

        var points = await harness.CloudWatch.GetMetricStatisticsAsync(
            new Aws.GetMetricStatisticsRequest(
                harness.Settings.MetricNamespace, ThumbnailHandler.FilesProcessedMetric,
                start, DateTimeOffset.UtcNow.AddMinutes(5), 60, [Aws.MetricStatistic.Sum]),
            HandlerHarness.Ct);
        points.Sum(p => p.Sum ?? 0).ShouldBe(2);
    }

    [Fact]
    public async Task HandleAsync_LogsOneJsonLinePerRecordWithRequestIdAndKey()
    {
        using var harness = await HandlerHarness.CreateAsync(moto);

        await harness.UploadAndHandleAsync(("a.png", TestImages.Png(10, 10)), ("b.png", TestImages.CorruptPng()));

        var outcomes = harness.LogLines.Where(line => line.TryGetProperty("key", out _)).ToList();
        outcomes.Select(line => (line.GetProperty("level").GetString(), line.GetProperty("key").GetString()))
            .ShouldBe([("INFO", "a.png"), ("ERROR", "b.png")]);
        outcomes.ShouldAllBe(line => line.GetProperty("requestId").GetString()!.StartsWith("request-"));
    }

    [Theory]
    [InlineData("""{"Records":[null]}""", "the record is null")]
    [InlineData("""{"Records":[{"eventName":"ObjectCreated:Put"}]}""", NoBucketNorKey)]
    [InlineData("""{"Records":[{"s3":{"bucket":{"name":"incoming"},"object":{}}}]}""", "no s3.object.key")]
    [InlineData("""{"Records":[{"s3":{"object":{"key":"a.png"}}}]}""", "no s3.bucket.name")]
    [InlineData("""{"Records":[{"s3":{"bucket":{"name":""},"object":{"key":""}}}]}""", NoBucketNorKey)]
    public async Task HandleJsonAsync_MalformedRecordIsAFailedResultNamingItsIndex(string payload, string missing)
    {
        using var harness = await HandlerHarness.CreateAsync(moto);

        var response = await harness.HandleAsync(payload);

        var result = response.Results.ShouldHaveSingleItem();
        (result.Status, result.Error).ShouldBe((RecordStatus.Failed, $"record 0: malformed S3 record ({missing})"));
        harness.LogLines.ShouldContain(line => line.GetProperty("level").GetString() == "ERROR");
    }

    [Fact]
    public async Task HandleJsonAsync_MalformedRecordFailsAloneAndTheOthersAreHandled()
    {
        using var harness = await HandlerHarness.CreateAsync(moto);
        await harness.UploadAsync("first.png", TestImages.Png(40, 30));
        await harness.UploadAsync("third.png", TestImages.Png(40, 30));
        var records = JsonNode.Parse(S3Events.ObjectCreated(harness.SourceBucket, "first.png", "third.png"))!
            ["Records"]!.AsArray();
        records.Insert(1, null);

        var response = await harness.HandleAsync(new JsonObject { ["Records"] = records.DeepClone() }.ToJsonString());

        response.Results.Select(r => (r.Status, r.Key)).ShouldBe(
            [(RecordStatus.Succeeded, "first.png"), (RecordStatus.Failed, ""), (RecordStatus.Succeeded, "third.png")]);
        response.Results[1].Error.ShouldBe("record 1: malformed S3 record (the record is null)");
    }

    [Theory]
    [InlineData(1024, 1025, "1,025 bytes, above the limit of 1,024 bytes")]
    [InlineData(1024 * 1024, 1536 * 1024, "1.5 MB, above the limit of 1 MB")]
    [InlineData(1024 * 1024, (1024 * 1024) + 1, "1,048,577 bytes, above the limit of 1,048,576 bytes")]
    public async Task HandleAsync_RefusesAnUploadAboveMaxSourceBytesWithoutReadingItsBody(
        long limit, int size, string sizes)
    {
        using var harness = await HandlerHarness.CreateAsync(moto, maxSourceBytes: limit);

        var response = await harness.UploadAndHandleAsync(
            ("at-limit.png", PaddedPng((int)limit)), ("above.png", PaddedPng(size)));

        response.Results.Select(r => r.Status).ShouldBe([RecordStatus.Succeeded, RecordStatus.Failed]);
        response.Results[1].Error.ShouldBe($"above.png: refused: the file is {sizes} (MAX_SOURCE_BYTES)");
        harness.S3.BodyBytesRead("above.png").ShouldBe(0, "the refused upload's body should not be read");
        harness.S3.BodyBytesRead("at-limit.png").ShouldBe(limit);
        (await harness.ProcessedKeysAsync()).ShouldBe(["thumbnails/at-limit.png"]);
    }

    // A small PNG followed by zeros up to length bytes: whole and decodable, whatever its size.
    private static byte[] PaddedPng(int length)
    {
        var png = TestImages.Png(10, 10);
        return [.. png, .. new byte[length - png.Length]];
    }
}
