using System.Diagnostics;
using System.Reflection;
using Xunit;

namespace PipelineSpecs.Bridge.Tests;

/// <summary>
/// Builds the sample specs project once and runs it twice with <c>dotnet test</c>, exactly as a user would: the
/// whole run and a <c>Category=smoke</c> run. Its scenarios fail and skip on purpose, so the exit codes are ignored;
/// the tests judge the TRX results, the console output and the files the run leaves behind.
/// </summary>
public sealed class SampleRun : IAsyncLifetime
{
    private static readonly TimeSpan _processDeadline = TimeSpan.FromMinutes(4);

    private readonly string _resultsDirectory =
        Path.Combine(Path.GetTempPath(), "bridge-tests-" + Guid.NewGuid().ToString("N"));

    /// <summary>The sample project file, as this project's build saw it.</summary>
    public static string ProjectPath { get; } = typeof(SampleRun).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "SampleProject").Value!;

    /// <summary>The sample's test output directory (its working directory under <c>dotnet test</c>).</summary>
    public static string OutputDirectory { get; } =
        Path.Combine(Path.GetDirectoryName(ProjectPath)!, "bin", "Debug", "net10.0");

    /// <summary>The run of every scenario.</summary>
    public SampleRunResult Full { get; private set; } = SampleRunResult.Empty;

    /// <summary>The run with <c>--filter "Category=smoke"</c>.</summary>
    public SampleRunResult Smoke { get; private set; } = SampleRunResult.Empty;

    /// <inheritdoc />
    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(_resultsDirectory);
        var build = await DotnetAsync("build", ProjectPath, "-nologo", "--disable-build-servers");
        if (build.ExitCode != 0)
            throw new InvalidOperationException($"The sample does not build:{Environment.NewLine}{build.Output}");

        Full = await TestAsync("full.trx");
        Smoke = await TestAsync("smoke.trx", "--filter", "Category=smoke");
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        Directory.Delete(_resultsDirectory, recursive: true);
        return ValueTask.CompletedTask;
    }

    private async Task<SampleRunResult> TestAsync(string trxName, params string[] extra)
    {
        var hookLog = Path.Combine(OutputDirectory, "hooks.log");
        File.Delete(hookLog);
        var reports = Path.Combine(OutputDirectory, "TestResults");
        if (Directory.Exists(reports))
            Directory.Delete(reports, recursive: true);
        var run = await DotnetAsync(
            ["test", ProjectPath, "--no-build", "--logger", $"trx;LogFileName={trxName}",
             "--results-directory", _resultsDirectory, .. extra]);
        var trx = Path.Combine(_resultsDirectory, trxName);
        if (!File.Exists(trx))
            throw new InvalidOperationException($"dotnet test wrote no {trxName}:{Environment.NewLine}{run.Output}");

        var hooks = File.Exists(hookLog) ? await File.ReadAllLinesAsync(hookLog) : [];
        return new SampleRunResult(TrxResult.Parse(trx), run.Output, hooks, KeepReports(trxName));
    }

    /// <summary>Copies the formatter reports aside: the next run writes to the same paths.</summary>
    private string KeepReports(string runName)
    {
        var kept = Directory.CreateDirectory(
            Path.Combine(_resultsDirectory, Path.GetFileNameWithoutExtension(runName)));
        var written = Path.Combine(OutputDirectory, "TestResults");
        foreach (var report in Directory.Exists(written) ? Directory.EnumerateFiles(written) : [])
            File.Copy(report, Path.Combine(kept.FullName, Path.GetFileName(report)));
        return kept.FullName;
    }

    private static async Task<(int ExitCode, string Output)> DotnetAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet", arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(ProjectPath)!,
        };
        ClearInheritedBuildState(start.Environment);
        using var process = Process.Start(start)!;
        using var deadline = new CancellationTokenSource(_processDeadline);
        var stdout = process.StandardOutput.ReadToEndAsync(deadline.Token);
        var stderr = process.StandardError.ReadToEndAsync(deadline.Token);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet {string.Join(' ', arguments)} ran longer than {_processDeadline}");
        }

        return (process.ExitCode, await stdout + await stderr);
    }

    /// <summary>
    /// This test host runs under the outer <c>dotnet test</c>, whose MSBuild and VSTest variables would otherwise
    /// leak into the nested build and test run.
    /// </summary>
    private static void ClearInheritedBuildState(IDictionary<string, string?> environment)
    {
        var inherited = environment.Keys.Where(k =>
            k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)
            || k.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)
            || k.StartsWith("TESTINGPLATFORM", StringComparison.OrdinalIgnoreCase)).ToList();
        foreach (var key in inherited)
            environment.Remove(key);
    }
}

/// <summary>
/// What one <c>dotnet test</c> of the sample left: results, console output, test-run hook log, and the folder
/// holding a copy of the formatter reports it wrote.
/// </summary>
public sealed record SampleRunResult(
    IReadOnlyList<TrxResult> Results, string Console, IReadOnlyList<string> HookLog, string ReportDirectory)
{
    /// <summary>Before the run.</summary>
    public static SampleRunResult Empty { get; } = new([], string.Empty, [], string.Empty);

    /// <summary>The result of the test displayed as <paramref name="name"/>.</summary>
    public TrxResult Single(string name) => Results.Single(r => r.Name == name);
}

/// <summary>The sample run is shared by every test class that reads it.</summary>
[CollectionDefinition(Name)]
public sealed class SampleRunCollection : ICollectionFixture<SampleRun>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "sample run";
}
