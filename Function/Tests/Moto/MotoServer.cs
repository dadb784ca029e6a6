using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.SQS;
using PipelineSpecs.Aws;
using Xunit;

namespace PipelineSpecs.Function.Tests.Moto;

/// <summary>
/// A real moto server on a free loopback port, started once per test assembly and killed when the run ends.
/// Inject it into a test class's constructor (it is an assembly fixture).
/// </summary>
public sealed class MotoServer : IAsyncLifetime
{
    /// <summary>The moto version the project is pinned to (the Lambda executor relies on its internals).</summary>
    public const string ExpectedMotoVersion = "5.2.1";

    /// <summary>Overrides the Python interpreter that runs moto (default <c>python3</c> on the PATH).</summary>
    public const string PythonVariable = "PIPELINESPECS_PYTHON";

    /// <summary>The region every client of this fixture uses.</summary>
    public const string Region = "us-east-1";

    /// <summary>The account id moto answers with by default.</summary>
    public const string AccountId = "123456789012";

    private const int MaxLogLines = 200;

    // Runs `python3 -m moto.server <args>` behind a watchdog: moto exits when its stdin closes, so a test host that
    // dies without disposing the fixture (a crash, a killed debug session) leaves no server behind.
    private const string Watchdog = """
        import os, runpy, sys, threading
        def _watch():
            sys.stdin.read()
            os._exit(0)
        threading.Thread(target=_watch, daemon=True).start()
        sys.argv = ["moto.server"] + sys.argv[1:]
        runpy.run_module("moto.server", run_name="__main__", alter_sys=True)
        """;
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StopDeadline = TimeSpan.FromSeconds(10);

    private readonly Queue<string> _log = new();
    private Process? _process;
    private Uri? _endpoint;

    /// <summary>Dummy credentials: moto accepts any signature.</summary>
    public static AWSCredentials Credentials { get; } = new BasicAWSCredentials("testing", "testing");

    /// <summary>The server's base URL, such as <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri Endpoint => _endpoint ?? throw new InvalidOperationException("The moto server has not been started.");

    /// <summary>Configuration for the thin clients: region us-east-1, dummy credentials, every service at
    /// <see cref="Endpoint"/>.</summary>
    public AwsClientConfig Config => new(Region, Endpoint, Credentials);

    /// <summary>
    /// Environment variables that point an AWS SDK, the AWS CLI or the function at this server
    /// (<c>AWS_ENDPOINT_URL</c>, <c>AWS_REGION</c>, dummy credentials).
    /// </summary>
    public IReadOnlyDictionary<string, string> EnvironmentVariables => new Dictionary<string, string>
    {
        ["AWS_ENDPOINT_URL"] = Endpoint.ToString().TrimEnd('/'),
        ["AWS_REGION"] = Region,
        ["AWS_DEFAULT_REGION"] = Region,
        ["AWS_ACCESS_KEY_ID"] = "testing",
        ["AWS_SECRET_ACCESS_KEY"] = "testing",
    };

    /// <summary>The last lines moto wrote, for failure messages.</summary>
    public string RecentLog
    {
        get
        {
            lock (_log)
            {
                return string.Join(Environment.NewLine, _log);
            }
        }
    }

    /// <summary>An S3 client for this server (path-style addressing: moto serves no bucket subdomains on
    /// loopback).</summary>
    public AmazonS3Client CreateS3Client() => new(Credentials, CreateS3Config());

    /// <summary>The configuration of <see cref="CreateS3Client"/>, for a client of a derived type.</summary>
    public AmazonS3Config CreateS3Config() => new()
    {
        ServiceURL = Endpoint.ToString(),
        ForcePathStyle = true,
        AuthenticationRegion = Region,
    };

    /// <summary>An SQS client for this server.</summary>
    public AmazonSQSClient CreateSqsClient() => new(Credentials, new AmazonSQSConfig
    {
        ServiceURL = Endpoint.ToString(),
        AuthenticationRegion = Region,
    });

    /// <summary>
    /// Changes moto's runtime configuration (<c>POST /moto-api/config</c>), such as
    /// <c>{"lambda": {"use_docker": false}}</c>. It applies to every test using this server: change it only on a
    /// server of your own (<c>new MotoServer()</c> in a class fixture), never on the shared assembly fixture.
    /// </summary>
    /// <param name="configJson">The configuration to merge, as JSON.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public async Task SetConfigAsync(string configJson, CancellationToken cancellationToken)
    {
        using var http = new HttpClient();
        using var content = new StringContent(configJson, System.Text.Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(new Uri(Endpoint, "moto-api/config"), content, cancellationToken)
            .ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Checks the moto installation, starts the server and waits until it answers.</summary>
    public async ValueTask InitializeAsync()
    {
        var python = Environment.GetEnvironmentVariable(PythonVariable) is { Length: > 0 } configured
            ? configured
            : "python3";
        await CheckMotoVersionAsync(python).ConfigureAwait(false);

        // A free port can be taken between probing and binding; a fresh port on the next attempt settles that.
        Exception? last = null;
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            try
            {
                await StartAsync(python, FreePort()).ConfigureAwait(false);
                return;
            }
            catch (MotoStartException ex)
            {
                last = ex;
                await StopAsync().ConfigureAwait(false);
            }
        }

        throw new InvalidOperationException($"moto server did not start after 3 attempts: {last?.Message}", last);
    }

    /// <summary>Kills the server and its children.</summary>
    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    private static async Task CheckMotoVersionAsync(string python)
    {
        var info = new ProcessStartInfo(python)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add("import moto; print(moto.__version__)");
        const string install = $"install it with: pip install 'moto[server]=={ExpectedMotoVersion}'";
        Process process;
        try
        {
            process = Process.Start(info) ?? throw new InvalidOperationException($"'{python}' did not start.");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException(
                $"Python ('{python}') was not found; set {PythonVariable} or put python3 on the PATH, then {install}.",
                ex);
        }

        using (process)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var error = process.StandardError.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            var version = (await output.ConfigureAwait(false)).Trim();
            if (process.ExitCode != 0)
            {
                var said = (await error.ConfigureAwait(false)).Trim();
                throw new InvalidOperationException(
                    $"moto is not installed for '{python}'; {install}. Python said: {said}");
            }

            if (version != ExpectedMotoVersion)
            {
                throw new InvalidOperationException(
                    $"moto {version} is installed for '{python}', but the project is pinned to "
                    + $"{ExpectedMotoVersion}; {install}.");
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task StartAsync(string python, int port)
    {
        var info = new ProcessStartInfo(python)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        var portText = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var argument in new[] { "-c", Watchdog, "-H", "127.0.0.1", "-p", portText })
        {
            info.ArgumentList.Add(argument);
        }

        // Credentials in moto's own environment keep boto-based code paths inside moto from looking for real ones.
        info.Environment["AWS_ACCESS_KEY_ID"] = "testing";
        info.Environment["AWS_SECRET_ACCESS_KEY"] = "testing";
        info.Environment["AWS_DEFAULT_REGION"] = Region;
        info.Environment["PYTHONUNBUFFERED"] = "1";

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => Remember(e.Data);
        process.ErrorDataReceived += (_, e) => Remember(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        var endpoint = new Uri($"http://127.0.0.1:{port}/");
        await WaitUntilAnsweringAsync(process, endpoint).ConfigureAwait(false);
        _endpoint = endpoint;
    }

    private async Task WaitUntilAnsweringAsync(Process process, Uri endpoint)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var started = Stopwatch.StartNew();
        var delay = TimeSpan.FromMilliseconds(25);
        string lastSeen = "nothing yet";
        while (started.Elapsed < StartDeadline)
        {
            if (process.HasExited)
            {
                throw new MotoStartException(
                    $"moto exited with code {process.ExitCode} before answering at {endpoint}. "
                    + $"Its output:{Environment.NewLine}{RecentLog}");
            }

            try
            {
                using var response = await http
                    .GetAsync(new Uri(endpoint, "moto-api/"), CancellationToken.None)
                    .ConfigureAwait(false);

                // Any HTTP answer means the server is up; moto-api answers 200 once its routes are loaded.
                if (response.IsSuccessStatusCode)
                {
                    return;
                }

                lastSeen = $"HTTP {(int)response.StatusCode}";
            }
            catch (HttpRequestException ex)
            {
                lastSeen = ex.Message;
            }
            catch (TaskCanceledException)
            {
                lastSeen = "a request that timed out after 2 s";
            }

            await Task.Delay(delay).ConfigureAwait(false);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 250));
        }

        throw new MotoStartException(
            $"moto did not answer at {endpoint} within {StartDeadline.TotalSeconds:0} s; last seen: {lastSeen}. "
            + $"Its output:{Environment.NewLine}{RecentLog}");
    }

    private async Task StopAsync()
    {
        var process = _process;
        _process = null;
        _endpoint = null;
        if (process is null)
        {
            return;
        }

        using (process)
        {
            try
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                }

                using var timeout = new CancellationTokenSource(StopDeadline);
                await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (InvalidOperationException)
            {
                // The process exited between the check and the kill.
            }
            catch (OperationCanceledException)
            {
                // It did not exit within the deadline; the kill signal has been sent, nothing more to do.
            }
        }
    }

    private void Remember(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.Enqueue(line);
            while (_log.Count > MaxLogLines)
            {
                _log.Dequeue();
            }
        }
    }

    private sealed class MotoStartException(string message) : Exception(message);
}
