using System.Diagnostics;
using PipelineSpecs.Support.Polling;

namespace PipelineSpecs.Support.Lifecycle;

/// <summary>
/// The embedded target: moto plus the process executor of <c>infra/local/</c>, started by the suite when nothing
/// answers at a loopback endpoint. Its standard input stays connected to the suite: when the suite dies, even by
/// SIGKILL, the pipe closes and the emulator stops itself, so no orphan keeps the port.
/// </summary>
public sealed class EmbeddedEmulator : IAsyncDisposable
{
    private static readonly TimeSpan StartBudget = TimeSpan.FromSeconds(45);

    private static readonly TimeSpan StopBudget = TimeSpan.FromSeconds(10);

    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(2) };

    private readonly Process _process;

    private readonly string _logFile;

    private EmbeddedEmulator(Process process, string logFile)
    {
        _process = process;
        _logFile = logFile;
    }

    /// <summary>The emulator's process id, for the log and for a developer who wants to stop a kept one.</summary>
    public int ProcessId => _process.Id;

    /// <summary>Whether anything answers HTTP at <paramref name="endpoint"/> (any status counts).</summary>
    public static async Task<bool> IsAnsweringAsync(Uri endpoint, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await Http.GetAsync(endpoint, cancellationToken);
            return true;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>Whether the embedded emulator can answer at <paramref name="endpoint"/>: plain http on 127.0.0.1.</summary>
    public static bool CanServe(Uri endpoint) =>
        endpoint.Scheme == Uri.UriSchemeHttp && (endpoint.Host is "localhost" or "127.0.0.1");

    /// <summary>Starts the emulator on <paramref name="endpoint"/>'s port and waits until it answers.</summary>
    public static async Task<EmbeddedEmulator> StartAsync(
        RepositoryLayout layout, Uri endpoint, bool outliveSuite, CancellationToken cancellationToken)
    {
        var logFile = Path.Combine(layout.BuildFolder, $"emulator-{endpoint.Port}.log");
        Directory.CreateDirectory(layout.BuildFolder);

        // Nothing answers on this port, so the log is an old run's: its tail would mislead a failure message.
        File.Delete(logFile);

        var process = Launch(layout, endpoint, outliveSuite, logFile);
        var emulator = new EmbeddedEmulator(process, logFile);
        SuiteLog.Info($"Started the embedded emulator (pid {process.Id}) for {endpoint}; its log: {logFile}");

        try
        {
            await emulator.WaitUntilAnsweringAsync(endpoint, cancellationToken);
            return emulator;
        }
        catch
        {
            await emulator.DisposeAsync();
            throw;
        }
    }

    /// <summary>Stops the emulator gracefully, so it can stop the function processes it started; kills it if it hangs.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_process.HasExited)
        {
            _process.Dispose();
            return;
        }

        RequestStop();
        using var grace = new CancellationTokenSource(StopBudget);
        try
        {
            await _process.WaitForExitAsync(grace.Token);
        }
        catch (OperationCanceledException)
        {
            SuiteLog.Info($"The emulator (pid {_process.Id}) did not stop within {StopBudget.TotalSeconds} s: killing it");
            _process.Kill(entireProcessTree: true);
        }

        SuiteLog.Info($"Stopped the embedded emulator (pid {_process.Id})");
        _process.Dispose();
    }

    private static Process Launch(RepositoryLayout layout, Uri endpoint, bool outliveSuite, string logFile)
    {
        var python = PythonLocator.Find();
        var arguments = new List<string>
        {
            layout.EmulatorScript, "--host", "127.0.0.1", "--port", endpoint.Port.ToString(),
            "--log-file", logFile,
        };
        if (!outliveSuite)
        {
            arguments.Add("--exit-on-stdin-eof");
        }

        var start = new ProcessStartInfo(python)
        {
            WorkingDirectory = layout.Root,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        arguments.ForEach(start.ArgumentList.Add);

        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {python}.");

        // Drain both pipes, so a chatty emulator never blocks on a full one; its log file has the details.
        process.OutputDataReceived += (_, line) => LogLine(line.Data);
        process.ErrorDataReceived += (_, line) => LogLine(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static void LogLine(string? line)
    {
        if (line is not null)
        {
            SuiteLog.Debug($"emulator: {line}");
        }
    }

    private async Task WaitUntilAnsweringAsync(Uri endpoint, CancellationToken cancellationToken)
    {
        await Eventually.UntilAsync(
            $"the embedded emulator to answer at {endpoint}",
            StartBudget,
            async token => _process.HasExited ? throw ExitedEarly() : await IsAnsweringAsync(endpoint, token),
            answering => answering,
            answering => answering ? "answering" : "no answer yet (connection refused)",
            cancellationToken);
    }

    private WaitAbandonedException ExitedEarly() =>
        new($"The embedded emulator exited with code {_process.ExitCode} before it answered (2: moto missing or not " +
            $"5.2.1 in {PythonLocator.Find()}, which {PythonLocator.Setting} chooses; 3: the port is taken). " +
            $"Its log ({_logFile}) ends with:\n{LogTail()}");

    private string LogTail() =>
        File.Exists(_logFile) ? string.Join('\n', File.ReadLines(_logFile).TakeLast(15)) : "(no log written)";

    // Closing stdin is the emulator's stop signal on every OS; it then stops the function processes it started.
    private void RequestStop() => _process.StandardInput.Close();
}
