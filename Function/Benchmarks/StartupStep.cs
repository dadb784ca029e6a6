using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Text;

namespace PipelineSpecs.Benchmarks;

/// <summary>
/// Deliverable 3 of issue #8: Native AOT against trimmed self-contained. Publishes both zips, then starts each
/// <c>bootstrap</c> against a fake Lambda Runtime API (and fake S3, SNS and CloudWatch endpoints on the same port)
/// served here, and times process start to the first <c>next</c> request and to the first response, which
/// carries a real thumbnail of the 800x600 diagram: a cold start as Lambda bills it.
/// </summary>
public static class StartupStep
{
    /// <summary>The one port this benchmark may use on the shared machine; the pipeline script uses it too.</summary>
    public const int Port = 4641;

    /// <summary>Cold starts per mode, alternated between the modes so both see the same machine load.</summary>
    public static int Starts { get; set; } = 5;

    private const string RuntimePrefix = "/2018-06-01/runtime/";
    private const string IncomingBucket = "bench-incoming";

    /// <summary>Publishes (unless <paramref name="reuse"/> and the zip exists), measures, prints the ratios.</summary>
    public static void Run(bool reuse)
    {
        var modes = new[] { "Trimmed", "Aot" };
        var zips = new Dictionary<string, string>();
        foreach (var mode in modes)
        {
            var zip = Path.Combine(BenchInputs.WorkDirectory, "publish", $"{mode.ToLowerInvariant()}.zip");
            if (!(reuse && File.Exists(zip)))
            {
                Publish(mode, zip);
            }

            zips[mode] = zip;
            Report.Figure($"zip_bytes_{mode.ToLowerInvariant()}", new FileInfo(zip).Length, "bytes");
        }

        Report.Ratio(
            "aot_vs_trimmed_zip_size", (double)new FileInfo(zips["Aot"]).Length / new FileInfo(zips["Trimmed"]).Length);

        var diagram = BenchInputs.PathOf(BenchInputs.Diagram);
        var folders = modes.ToDictionary(m => m, m => Unpack(zips[m], m));
        var results = modes.ToDictionary(m => m, _ => new List<ColdStart>());
        using var server = new FakeLambda();
        for (var i = 0; i < Starts; i++)
        {
            foreach (var mode in modes)
            {
                results[mode].Add(server.ColdStart(Path.Combine(folders[mode], "bootstrap"), diagram));
            }
        }

        var medians = new Dictionary<string, (double Next, double Response, double Rss)>();
        foreach (var mode in modes)
        {
            var runs = results[mode];
            var name = mode.ToLowerInvariant();
            medians[mode] = (
                Stats.Percentile(runs.Select(r => r.FirstNextMs).ToList(), 0.5),
                Stats.Percentile(runs.Select(r => r.FirstResponseMs).ToList(), 0.5),
                Stats.Percentile(runs.Select(r => r.PeakRssMb).ToList(), 0.5));
            Report.Figure($"start_to_first_next_{name}", medians[mode].Next, "ms");
            Report.Figure($"start_to_first_response_{name}", medians[mode].Response, "ms");
            Report.Figure($"peak_rss_first_response_{name}", medians[mode].Rss, "MB");
            Console.WriteLine($"{mode}, first responses: {string.Join(" | ", runs.Select(r => r.Outcome))}");
        }

        Report.Ratio("aot_vs_trimmed_start_to_first_next", medians["Aot"].Next / medians["Trimmed"].Next);
        Report.Ratio("aot_vs_trimmed_start_to_first_response", medians["Aot"].Response / medians["Trimmed"].Response);
        Report.Ratio("aot_vs_trimmed_peak_rss", medians["Aot"].Rss / medians["Trimmed"].Rss);

        // The whole handler process (runtime, SDK clients, download, thumbnail, upload) on the large photos, as a
        // cross-check of the 'memory' step, whose child holds only the thumbnail code.
        foreach (var mode in modes)
        {
            foreach (var (input, label) in new[] { (BenchInputs.Photo12Mp, "12mp"), (BenchInputs.Photo48Mp, "48mp") })
            {
                var run = server.ColdStart(Path.Combine(folders[mode], "bootstrap"), BenchInputs.PathOf(input));
                var name = $"handler_process_peak_rss_{label}_{mode.ToLowerInvariant()}";
                Report.Figure(name, run.PeakRssMb, "MB");
                Report.Ratio($"{name}_vs_128mb", run.PeakRssMb / PeakMemory.SmallestLambdaMb);
                Console.WriteLine($"{mode} {label}: {run.Outcome}");
            }
        }
    }

    private static void Publish(string mode, string zip)
    {
        // A separate artifacts path: another engineer's build of Function/ (bin/, obj/) is neither disturbed nor
        // mistaken for ours.
        var artifacts = Path.Combine(BenchInputs.WorkDirectory, "publish", $"artifacts-{mode.ToLowerInvariant()}");
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false };
        var project = Path.Combine(BenchInputs.RepositoryRoot, "Function", "Function.csproj");
        foreach (var argument in new[]
                 {
                     "publish", project, "-c", "Release", $"-p:LambdaPublishMode={mode}", $"-p:LambdaZipPath={zip}",
                     "--artifacts-path", artifacts, "-nologo",
                 })
        {
            start.ArgumentList.Add(argument);
        }

        Console.WriteLine($"publishing {mode} to {zip} (Native AOT takes minutes on two cores)");
        var clock = Stopwatch.StartNew();
        using var publish = Process.Start(start)!;
        publish.WaitForExit();
        if (publish.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet publish ({mode}) failed with exit code {publish.ExitCode}");
        }

        Report.Figure($"publish_seconds_{mode.ToLowerInvariant()}", clock.Elapsed.TotalSeconds, "s");
    }

    private static string Unpack(string zip, string mode)
    {
        var folder = Path.Combine(BenchInputs.WorkDirectory, "unpacked", mode.ToLowerInvariant());
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        ZipFile.ExtractToDirectory(zip, folder);

        // The zip records bootstrap as executable, but whether extraction applies Unix modes is not promised.
        // Only Linux runs bootstrap (provided.al2023), so elsewhere the step fails at the start anyway.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(Path.Combine(folder, "bootstrap"), (UnixFileMode)0x1ED);
        }

        return folder;
    }

    /// <summary>One cold start: milliseconds since process start, peak RSS then, and what the function said.</summary>
    private sealed record ColdStart(double FirstNextMs, double FirstResponseMs, double PeakRssMb, string Outcome);

    /// <summary>
    /// Lambda's Runtime API for one invocation per process, and just enough of S3 (GetObject, PutObject), SNS
    /// (Publish) and CloudWatch (PutMetricData) for the handler to finish that invocation without a network.
    /// </summary>
    private sealed class FakeLambda : IDisposable
    {
        private readonly HttpListener _listener = new();
        private byte[] _source = [];
        private string _sourceKey = string.Empty;
        private readonly Lock _gate = new();
        private readonly List<HttpListenerContext> _held = [];
        private Stopwatch _clock = new();
        private TaskCompletionSource<double> _firstNext = new();
        private TaskCompletionSource<(double Ms, string Body)> _firstResponse = new();
        private bool _eventSent;

        public FakeLambda()
        {
            _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
            _listener.Start();
            _ = Task.Run(ServeAsync);
        }

        public ColdStart ColdStart(string bootstrap, string sourcePath)
        {
            lock (_gate)
            {
                _source = File.ReadAllBytes(sourcePath);
                _sourceKey = Path.GetFileName(sourcePath);
                _firstNext = new TaskCompletionSource<double>(TaskCreationOptions.RunContinuationsAsynchronously);
                _firstResponse = new(TaskCreationOptions.RunContinuationsAsynchronously);
                _eventSent = false;
            }

            var start = new ProcessStartInfo(bootstrap)
            {
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            var environment = new Dictionary<string, string>
            {
                ["AWS_LAMBDA_RUNTIME_API"] = $"127.0.0.1:{Port}",
                ["AWS_ENDPOINT_URL"] = $"http://127.0.0.1:{Port}",
                ["AWS_REGION"] = "us-east-1",
                ["AWS_ACCESS_KEY_ID"] = "bench",
                ["AWS_SECRET_ACCESS_KEY"] = "bench",
                ["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] = "512",

                // The 48-megapixel photo is above the limit the function derives for 512 MB; memory is measured
                // here, not the policy (which bench/README.md discusses).
                ["MAX_SOURCE_PIXELS"] = "100000000",
                ["PROCESSED_BUCKET"] = "bench-processed",
                ["SNS_TOPIC_ARN"] = "arn:aws:sns:us-east-1:123456789012:bench",
                ["METRIC_NAMESPACE"] = "Bench",
            };
            foreach (var (name, value) in environment)
            {
                start.Environment[name] = value;
            }

            using var process = new Process { StartInfo = start };
            lock (_gate)
            {
                _clock = Stopwatch.StartNew();
            }

            process.Start();

            // The log lines are read and dropped: a full pipe would stall the function mid-measurement.
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            try
            {
                var timeout = TimeSpan.FromSeconds(60);
                var next = _firstNext.Task.WaitAsync(timeout).GetAwaiter().GetResult();
                var (ms, body) = _firstResponse.Task.WaitAsync(timeout).GetAwaiter().GetResult();
                var rss = PeakMemory.HighWaterMarkKb($"/proc/{process.Id}/status") / 1024.0;
                var outcome = body.Contains("\"Succeeded\"", StringComparison.OrdinalIgnoreCase) ||
                              body.Contains("\"succeeded\"", StringComparison.Ordinal)
                    ? "thumbnail made"
                    : $"answered {body[..Math.Min(body.Length, 400)]}";
                return new ColdStart(next, ms, rss, outcome);
            }
            finally
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
                ReleaseHeld();
            }
        }

        public void Dispose()
        {
            ReleaseHeld();
            _listener.Close();
        }

        private void ReleaseHeld()
        {
            lock (_gate)
            {
                foreach (var context in _held)
                {
                    context.Response.Abort();
                }

                _held.Clear();
            }
        }

        private async Task ServeAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync().ConfigureAwait(false);
                }
                catch (Exception error) when (error is HttpListenerException or ObjectDisposedException)
                {
                    return;
                }

                _ = Task.Run(() => HandleAsync(context));
            }
        }

        private async Task HandleAsync(HttpListenerContext context)
        {
            try
            {
                await RouteAsync(context).ConfigureAwait(false);
            }
            catch (Exception error) when (error is HttpListenerException or ObjectDisposedException or IOException)
            {
                // The function was killed while this request was open: nothing to answer.
            }
        }

        private async Task RouteAsync(HttpListenerContext context)
        {
            var request = context.Request;
            var path = request.Url!.AbsolutePath;
            using var received = new MemoryStream();
            await request.InputStream.CopyToAsync(received).ConfigureAwait(false);
            var body = Encoding.UTF8.GetString(received.GetBuffer(), 0, (int)received.Length);
            double elapsed;
            lock (_gate)
            {
                elapsed = _clock.Elapsed.TotalMilliseconds;
            }

            if (path == RuntimePrefix + "invocation/next")
            {
                lock (_gate)
                {
                    if (_eventSent)
                    {
                        // The second long poll: Lambda would freeze the process here; it is killed instead.
                        _held.Add(context);
                        return;
                    }

                    _eventSent = true;
                }

                _firstNext.TrySetResult(elapsed);
                var response = context.Response;
                response.Headers["Lambda-Runtime-Aws-Request-Id"] = Guid.NewGuid().ToString();
                response.Headers["Lambda-Runtime-Deadline-Ms"] =
                    DateTimeOffset.UtcNow.AddMinutes(1).ToUnixTimeMilliseconds().ToString(
                        System.Globalization.CultureInfo.InvariantCulture);
                response.Headers["Lambda-Runtime-Invoked-Function-Arn"] =
                    "arn:aws:lambda:us-east-1:123456789012:function:bench";
                await WriteAsync(context, 200, "application/json", Encoding.UTF8.GetBytes(Event()))
                    .ConfigureAwait(false);
            }
            else if (path.StartsWith(RuntimePrefix, StringComparison.Ordinal))
            {
                // invocation/<id>/response, invocation/<id>/error or init/error: each ends the cold start.
                _firstResponse.TrySetResult((elapsed, path.EndsWith("/response", StringComparison.Ordinal)
                    ? body
                    : $"{path}: {body}"));
                await WriteAsync(context, 202, "application/json", "{}"u8.ToArray()).ConfigureAwait(false);
            }
            else if (request.HttpMethod == "GET" && path == $"/{IncomingBucket}/{_sourceKey}")
            {
                // The SDK reads an ETag as the hex MD5 of the object, as S3 computes it for a single-part upload.
                context.Response.Headers["ETag"] = Md5ETag(_source);
                var type = _sourceKey.EndsWith(".png", StringComparison.Ordinal) ? "image/png" : "image/jpeg";
                await WriteAsync(context, 200, type, _source).ConfigureAwait(false);
            }
            else if (request.HttpMethod == "PUT")
            {
                context.Response.Headers["ETag"] = Md5ETag(received.ToArray());
                await WriteAsync(context, 200, "application/xml", []).ConfigureAwait(false);
            }
            else if (request.HttpMethod == "POST" && body.Contains("Action=Publish", StringComparison.Ordinal))
            {
                await WriteAsync(context, 200, "text/xml", Encoding.UTF8.GetBytes(
                    "<PublishResponse><PublishResult><MessageId>bench</MessageId></PublishResult>" +
                    "</PublishResponse>")).ConfigureAwait(false);
            }
            else if (request.HttpMethod == "POST" && body.Contains("Action=PutMetricData", StringComparison.Ordinal))
            {
                await WriteAsync(context, 200, "text/xml", Encoding.UTF8.GetBytes(
                    "<PutMetricDataResponse><ResponseMetadata><RequestId>bench</RequestId></ResponseMetadata>" +
                    "</PutMetricDataResponse>")).ConfigureAwait(false);
            }
            else
            {
                await WriteAsync(context, 404, "text/plain", Encoding.UTF8.GetBytes($"not faked: {path}"))
                    .ConfigureAwait(false);
            }
        }

        private string Event() =>
            "{\"Records\":[{\"eventVersion\":\"2.1\",\"eventSource\":\"aws:s3\",\"eventName\":\"ObjectCreated:Put\"," +
            $"\"s3\":{{\"bucket\":{{\"name\":\"{IncomingBucket}\"}},\"object\":{{\"key\":\"{_sourceKey}\"," +
            $"\"size\":{_source.Length}}}}}}}]}}";

        private static string Md5ETag(byte[] content) =>
            $"\"{Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData(content))}\"";

        private static async Task WriteAsync(HttpListenerContext context, int status, string type, byte[] content)
        {
            context.Response.StatusCode = status;
            context.Response.ContentType = type;
            context.Response.ContentLength64 = content.Length;
            await context.Response.OutputStream.WriteAsync(content).ConfigureAwait(false);
            context.Response.Close();
        }
    }
}
