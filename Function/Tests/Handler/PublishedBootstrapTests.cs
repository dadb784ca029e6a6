using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json;
using PipelineSpecs.Function.Handler;
using PipelineSpecs.Function.Tests.Moto;
using Shouldly;
using Xunit;

namespace PipelineSpecs.Function.Tests.Handler;

/// <summary>
/// Runs the published <c>build/lambda.zip</c> (Native AOT or trimmed) as Lambda would: unpacked, started with a
/// Runtime API and the function's environment, with only <c>AWS_ENDPOINT_URL</c> pointing it at moto. Trimming and
/// AOT can remove what reflection-based code needs, which only running the real binary shows.
/// </summary>
public sealed class PublishedBootstrapTests(MotoServer moto)
{
    private static readonly TimeSpan InvocationDeadline = TimeSpan.FromSeconds(60);

    public static TheoryData<ThumbnailEngine> EachEngine => Engines.Each;

    // Each engine, so the zip is shown to carry libvips where bootstrap finds it: beside it, with no library path.
    [Theory]
    [MemberData(nameof(EachEngine))]
    public async Task Bootstrap_ThumbnailsPngJpegAndExifRotatedImagesAndReportsTheCorruptOne(ThumbnailEngine engine)
    {
        var zip = Path.Combine(RepositoryRoot(), "build", "lambda.zip");
        Assert.SkipUnless(
            File.Exists(zip), $"{zip} is not built; run: dotnet publish Function/Function.csproj -c Release");
        using var harness = await HandlerHarness.CreateAsync(moto, engine: engine);
        string[] keys = ["wide.png", "tall photo.jpg", "camera.jpg", "rotated.png", "broken.png"];
        await harness.UploadAsync(keys[0], TestImages.Png(800, 600));
        await harness.UploadAsync(keys[1], TestImages.Jpeg(600, 800));
        await harness.UploadAsync(keys[2], TestImages.JpegWithOrientation(800, 600, 6));
        await harness.UploadAsync(keys[3], TestImages.PngWithOrientation(800, 600, 6));
        await harness.UploadAsync(keys[4], TestImages.CorruptPng());
        var payload = S3Events.ObjectCreated(harness.SourceBucket, keys.Select(HandlerHarness.EncodeLikeS3).ToArray());
        var deadline = DateTimeOffset.UtcNow.Add(InvocationDeadline);
        using var api = FakeRuntimeApi.WithInvocation("req-published", payload, deadline);

        var post = await RunBootstrapAsync(zip, api, harness.Settings);

        post.Path.ShouldBe("/2018-06-01/runtime/invocation/req-published/response");
        var response = JsonSerializer.Deserialize(post.Body, FunctionJsonContext.Default.ThumbnailResponse);
        response.ShouldNotBeNull();
        response.Results.Select(r => (r.Key, r.Status, r.Thumbnail?.Width, r.Thumbnail?.Height)).ShouldBe(
        [
            ("wide.png", RecordStatus.Succeeded, 128, 96),
            ("tall photo.jpg", RecordStatus.Succeeded, 96, 128),
            ("camera.jpg", RecordStatus.Succeeded, 96, 128),
            ("rotated.png", RecordStatus.Succeeded, 96, 128),
            ("broken.png", RecordStatus.Failed, null, null),
        ]);
        (await harness.ReadThumbnailAsync("tall photo.jpg")).ShouldBe(new StoredImage("image/jpeg", "jpeg", 96, 128));
    }

    [Fact]
    public async Task Bootstrap_SetToLibvipsWithoutItsLibraryReportsAnInitError()
    {
        var zip = Path.Combine(RepositoryRoot(), "build", "lambda.zip");
        Assert.SkipUnless(
            File.Exists(zip), $"{zip} is not built; run: dotnet publish Function/Function.csproj -c Release");
        Assert.SkipWhen(SystemLibvipsInstalled(), "a libvips installed on this machine would be loaded instead");
        using var harness = await HandlerHarness.CreateAsync(moto, engine: ThumbnailEngine.Libvips);
        var deadline = DateTimeOffset.UtcNow.Add(InvocationDeadline);
        using var api = FakeRuntimeApi.WithInvocation("req-unused", "{}", deadline);

        var post = await RunBootstrapAsync(zip, api, harness.Settings, withoutFile: "libvips.so.42");

        (post.Path, post.ErrorType).ShouldBe(("/2018-06-01/runtime/init/error", "Runtime.ConfigInvalid"));
        post.Body.ShouldContain("libvips cannot be loaded");
    }

    private async Task<RecordedPost> RunBootstrapAsync(
        string zip, FakeRuntimeApi api, FunctionSettings settings, string? withoutFile = null)
    {
        var directory = Directory.CreateTempSubdirectory("bootstrap-");
        try
        {
            ZipFile.ExtractToDirectory(zip, directory.FullName);
            if (withoutFile is not null)
            {
                File.Delete(Path.Combine(directory.FullName, withoutFile));
            }

            using var process = Process.Start(StartInfo(Path.Combine(directory.FullName, "bootstrap"), api, settings))!;
            var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
                timeout.CancelAfter(InvocationDeadline);
                return await api.FirstPost.WaitAsync(timeout.Token);
            }
            finally
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(TestContext.Current.CancellationToken);
                TestContext.Current.TestOutputHelper?.WriteLine(await output);
            }
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private ProcessStartInfo StartInfo(string bootstrap, FakeRuntimeApi api, FunctionSettings settings)
    {
        var info = new ProcessStartInfo(bootstrap) { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var (name, value) in moto.EnvironmentVariables)
        {
            info.Environment[name] = value;
        }

        info.Environment[EnvironmentVariables.RuntimeApi] = api.Address;
        info.Environment[EnvironmentVariables.ProcessedBucket] = settings.ProcessedBucket;
        info.Environment[EnvironmentVariables.SnsTopicArn] = settings.SnsTopicArn;
        info.Environment[EnvironmentVariables.MetricNamespace] = settings.MetricNamespace;
        info.Environment[EnvironmentVariables.ThumbnailEngine] = ThumbnailEngines.NameOf(settings.ThumbnailEngine);
        info.Environment.Remove("LD_LIBRARY_PATH");
        return info;
    }

    // Where a distribution's libvips package puts the library, which the dynamic loader would find by itself.
    private static bool SystemLibvipsInstalled() =>
        new[] { "/usr/lib", "/usr/lib64", "/usr/local/lib", "/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu" }
            .Any(directory => File.Exists(Path.Combine(directory, "libvips.so.42")));

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Directory.Build.props")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("no Directory.Build.props above the tests");
    }
}
