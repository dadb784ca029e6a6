using PipelineSpecs.Function.Handler;
using PipelineSpecs.Function.Tests.Moto;
using PipelineSpecs.Support.Fixtures;
using Shouldly;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Memory;
using Xunit;

namespace PipelineSpecs.Function.Tests.Handler;

/// <summary>Problem uploads and S3's real events, through the whole handler against moto.</summary>
public sealed class ProblemUploadHandlerTests(MotoServer moto)
{
    public static TheoryData<string> ThrownTypes =>
    [
        nameof(InvalidImageContentException), nameof(ImageProcessingException), nameof(InvalidMemoryOperationException),
        nameof(NullReferenceException), nameof(IndexOutOfRangeException), nameof(OutOfMemoryException),
        nameof(AggregateException), nameof(NotSupportedException),
    ];

    private static readonly Dictionary<string, (Func<byte[]> Content, string Reason)> Refused = new()
    {
        ["cut.jpg"] = (() => ProblemImages.Truncated(ProblemImages.Jpeg(320, 240), 0.6), "truncated"),
        ["empty.png"] = (() => [], "empty"),
        ["bomb.png"] = (() => ProblemImages.PngDeclaring(50000, 50000), "MAX_SOURCE_PIXELS"),
    };

    public static TheoryData<ThumbnailEngine> EachEngine => Engines.Each;

    public static TheoryData<ThumbnailEngine, string> RefusedKeys => Engines.Times(Refused.Keys);

    [Theory]
    [MemberData(nameof(EachEngine))]
    public async Task HandleAsync_JpegNamedPngIsStoredAndSummarisedAsJpeg(ThumbnailEngine engine)
    {
        using var harness = await HandlerHarness.CreateAsync(moto, engine: engine);

        var response = await harness.UploadAndHandleAsync(("renamed.png", ProblemImages.Jpeg(320, 240)));

        var thumbnail = response.Results.ShouldHaveSingleItem().Thumbnail.ShouldNotBeNull();
        (thumbnail.Format, thumbnail.ContentType).ShouldBe(("jpeg", "image/jpeg"));
        (await harness.ReadThumbnailAsync("renamed.png")).ShouldBe(new StoredImage("image/jpeg", "jpeg", 128, 96));
    }

    [Theory]
    [MemberData(nameof(RefusedKeys))]
    public async Task HandleAsync_RefusedUploadFailsNamingKeyAndReasonAndWritesNothing(
        ThumbnailEngine engine, string key)
    {
        using var harness = await HandlerHarness.CreateAsync(moto, engine: engine);
        var (content, reason) = Refused[key];

        var response = await harness.UploadAndHandleAsync((key, content()), ("fine.png", ProblemImages.Png(40, 30)));

        var failed = response.Results[0];
        (failed.Status, failed.Thumbnail).ShouldBe((RecordStatus.Failed, null));
        failed.Error.ShouldNotBeNull().ShouldSatisfyAllConditions(
            error => error.ShouldStartWith($"{key}: refused: "),
            error => error.ShouldContain(reason));
        response.Results[1].Status.ShouldBe(RecordStatus.Succeeded);
        (await harness.ProcessedKeysAsync()).ShouldBe(["thumbnails/fine.png"]);
    }

    [Fact]
    public async Task HandleAsync_ServerSideCopyMakesAThumbnail()
    {
        using var harness = await HandlerHarness.CreateAsync(moto);
        await harness.UploadAsync("copied.jpg", ProblemImages.Jpeg(320, 240));

        var response = await harness.HandleAsync(
            S3Events.WithEventName("ObjectCreated:Copy", harness.SourceBucket, "copied.jpg"));

        response.Results.ShouldHaveSingleItem().Status.ShouldBe(RecordStatus.Succeeded);
    }

    [Fact]
    public async Task HandleAsync_SkipsAnEventThatCreatesNoObjectWithALogLine()
    {
        using var harness = await HandlerHarness.CreateAsync(moto);

        var response = await harness.HandleAsync(
            S3Events.WithEventName("ObjectRemoved:Delete", harness.SourceBucket, "deleted.png"));

        response.Results.ShouldHaveSingleItem().Status.ShouldBe(RecordStatus.Skipped);
        harness.LogLines.ShouldContain(line => line.GetProperty("message").GetString()!.Contains("ObjectRemoved"));
    }

    [Theory]
    [MemberData(nameof(ThrownTypes))]
    public async Task HandleAsync_AnyExceptionFromTheImageLibraryFailsOnlyItsRecord(string thrownType)
    {
        var calls = 0;
        using var harness = await HandlerHarness.CreateAsync(moto, (source, maxDim, maxPixels, token) =>
            Interlocked.Increment(ref calls) == 1
                ? throw Exception(thrownType)
                : ThumbnailMaker.Make(source, maxDim, maxPixels, token));

        var response = await harness.UploadAndHandleAsync(
            ("first.png", ProblemImages.Png(40, 30)), ("second.png", ProblemImages.Png(40, 30)));

        response.Results.Select(r => r.Status).ShouldBe([RecordStatus.Failed, RecordStatus.Succeeded]);
        response.Results[0].Error.ShouldNotBeNull().ShouldContain($"first.png: {thrownType}");
    }

    private static Exception Exception(string type) => type switch
    {
        nameof(InvalidImageContentException) => new InvalidImageContentException("bad Huffman table"),
        nameof(ImageProcessingException) => new ImageProcessingException("resampler failed"),
        nameof(InvalidMemoryOperationException) => new InvalidMemoryOperationException("buffer too large"),
        nameof(NullReferenceException) => new NullReferenceException(),
        nameof(IndexOutOfRangeException) => new IndexOutOfRangeException(),
        nameof(OutOfMemoryException) => new OutOfMemoryException(),
        nameof(AggregateException) => new AggregateException(new InvalidOperationException("worker failed")),
        _ => new NotSupportedException("codec"),
    };
}
