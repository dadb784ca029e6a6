using PipelineSpecs.Aws;
using PipelineSpecs.Function.Handler;
using PipelineSpecs.Function.Tests.Moto;
using Shouldly;
using Xunit;

namespace PipelineSpecs.Function.Tests.Handler;

/// <summary>
/// Faults an upload asks for through its metadata: honoured only when enabled, carried out through stand-ins here
/// (the real hang and crash would stop the test process; the fault feature of the suite uses the real ones).
/// </summary>
public sealed class FaultInjectionTests(MotoServer moto)
{
    private readonly List<string> _carriedOut = [];

    [Fact]
    public async Task HandleAsync_IgnoresRequestedFaultWhenDisabled()
    {
        using var harness = await HandlerHarness.CreateAsync(moto, faults: StandIns(enabled: false));
        await harness.UploadAsync("calm.png", TestImages.Png(200, 100), faultRequested: "crash");

        var response = await harness.HandleAsync(S3Events.ObjectCreated(harness.SourceBucket, "calm.png"));

        response.Results.ShouldHaveSingleItem().Status.ShouldBe(RecordStatus.Succeeded);
        _carriedOut.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("crash", "crash: fault injected: crash requested by the metadata of doomed.png")]
    [InlineData("timeout", "hang")]
    [InlineData(" Timeout ", "hang")]
    public async Task HandleAsync_CarriesOutRequestedTimeoutOrCrash(string requested, string expected)
    {
        using var harness = await HandlerHarness.CreateAsync(moto, faults: StandIns(enabled: true));
        await harness.UploadAsync("doomed.png", TestImages.Png(200, 100), requested);

        await harness.HandleAsync(S3Events.ObjectCreated(harness.SourceBucket, "doomed.png"));

        _carriedOut.ShouldBe([expected]);
        harness.LogLines.ShouldContain(line => line.GetProperty("message").GetString()!.StartsWith("fault injected"));
    }

    [Fact]
    public async Task HandleAsync_FailedSummaryKeepsTheThumbnailAndSaysWhatFailed()
    {
        using var harness = await HandlerHarness.CreateAsync(moto, faults: StandIns(enabled: true));
        var start = DateTimeOffset.UtcNow.AddMinutes(-5);
        await harness.UploadAsync("unsung.png", TestImages.Png(800, 600), "summary-publish");

        var response = await harness.HandleAsync(S3Events.ObjectCreated(harness.SourceBucket, "unsung.png"));

        var result = response.Results.ShouldHaveSingleItem();
        result.ShouldSatisfyAllConditions(
            () => result.Status.ShouldBe(RecordStatus.Failed),
            () => result.Thumbnail.ShouldNotBeNull().Key.ShouldBe("thumbnails/unsung.png"),
            () => result.Error.ShouldStartWith(
                "unsung.png: the thumbnail is stored at thumbnails/unsung.png, but its summary was not published"));
        (await harness.ReadThumbnailAsync("unsung.png")).ShouldBe(new StoredImage("image/png", "png", 128, 96));
        var failure = harness.LogLines.Single(line => line.GetProperty("level").GetString() == "ERROR");
        failure.GetProperty("thumbnailKey").GetString().ShouldBe("thumbnails/unsung.png");
        failure.GetProperty("errorType").GetString().ShouldBe(nameof(AwsServiceException));
        (await FilesProcessedSinceAsync(harness, start)).ShouldBe(0, "a record whose summary failed is not counted");
    }

    [Fact]
    public async Task HandleAsync_UnknownFaultFailsTheRecordNamingTheAcceptedValues()
    {
        using var harness = await HandlerHarness.CreateAsync(moto, faults: StandIns(enabled: true));
        await harness.UploadAsync("odd.png", TestImages.Png(200, 100), "explode");

        var response = await harness.HandleAsync(S3Events.ObjectCreated(harness.SourceBucket, "odd.png"));

        response.Results.ShouldHaveSingleItem().Error.ShouldBe(
            "odd.png: InvalidOperationException: x-amz-meta-fault is 'explode'; expected timeout, crash or summary-publish.");
        (await harness.ProcessedKeysAsync()).ShouldBeEmpty();
    }

    private FaultInjection StandIns(bool enabled) => new(
        enabled,
        hang: () =>
        {
            _carriedOut.Add("hang");
            return Task.CompletedTask;
        },
        crash: reason => _carriedOut.Add("crash: " + reason));

    private static async Task<double> FilesProcessedSinceAsync(HandlerHarness harness, DateTimeOffset start)
    {
        var points = await harness.CloudWatch.GetMetricStatisticsAsync(
            new GetMetricStatisticsRequest(
                harness.Settings.MetricNamespace, ThumbnailHandler.FilesProcessedMetric,
                start, DateTimeOffset.UtcNow.AddMinutes(5), 60, [MetricStatistic.Sum]),
            HandlerHarness.Ct);
        return points.Sum(point => point.Sum ?? 0);
    }
}
