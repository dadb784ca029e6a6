using System.Diagnostics;
using System.Text.Json.Nodes;

namespace PipelineSpecs.Benchmarks;

/// <summary>
/// Pillow's <c>thumbnail()</c> timed in one long-lived Python process (pillow_harness.py), so interpreter start-up
/// and module import are paid once and never measured.
/// </summary>
public sealed class PillowHarness : IDisposable
{
    /// <summary>Names an interpreter with Pillow, when the one on the PATH lacks it.</summary>
    public const string PythonVariable = "PIPELINESPECS_PILLOW_PYTHON";

    /// <summary>What to do when no interpreter can import PIL.</summary>
    public const string InstallHint =
        "Pillow was not found: run `apt-get install -y python3-pil` (Debian/Ubuntu, as root; it installs for " +
        "/usr/bin/python3) or `pip install pillow`, or set " + PythonVariable + " to a python3 that has it.";

    private readonly Process _process;

    private PillowHarness(Process process, string python, string version)
    {
        _process = process;
        Python = python;
        Version = version;
    }

    /// <summary>The interpreter in use.</summary>
    public string Python { get; }

    /// <summary>Pillow's version.</summary>
    public string Version { get; }

    /// <summary>Starts the harness; without Pillow, prints <see cref="InstallHint"/> and returns null.</summary>
    public static PillowHarness? TryStart(TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(log);
        var python = FindPython();
        if (python is null)
        {
            log.WriteLine(InstallHint);
            return null;
        }

        var script = Path.Combine(AppContext.BaseDirectory, "pillow_harness.py");
        var start = new ProcessStartInfo(python)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(script);
        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {python}");
        var ready = JsonNode.Parse(process.StandardOutput.ReadLine() ?? "{}");
        if (ready?["ready"] is null)
        {
            process.Kill();
            process.Dispose();
            log.WriteLine($"the Pillow harness did not start: {ready?.ToJsonString()}; {InstallHint}");
            return null;
        }

        return new PillowHarness(process, python, ready["pillow"]?.GetValue<string>() ?? "?");
    }

    /// <summary>Times the thumbnail of the file at <paramref name="path"/>; milliseconds per call.</summary>
    public IReadOnlyList<double> Measure(string path, int maxDim, int warmup, int iterations)
    {
        var request = new JsonObject
        {
            ["path"] = path,
            ["maxDim"] = maxDim,
            ["warmup"] = warmup,
            ["iterations"] = iterations,
        };
        _process.StandardInput.WriteLine(request.ToJsonString());
        _process.StandardInput.Flush();
        var answer = JsonNode.Parse(_process.StandardOutput.ReadLine() ?? "{}")
            ?? throw new InvalidOperationException("the Pillow harness closed its output");
        if (answer["error"] is { } error)
        {
            throw new InvalidOperationException($"Pillow failed on {path}: {error}");
        }

        return answer["samplesMs"]!.AsArray().Select(s => s!.GetValue<double>()).ToList();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        // End-of-file on stdin ends the harness's loop; the kill is for a harness stuck in a measurement.
        _process.StandardInput.Close();
        if (!_process.WaitForExit(5000))
        {
            _process.Kill();
        }

        _process.Dispose();
    }

    private static string? FindPython()
    {
        var candidates = new List<string>();
        if (Environment.GetEnvironmentVariable(PythonVariable) is { Length: > 0 } chosen)
        {
            candidates.Add(chosen);
        }

        // pyenv or a virtualenv often shadows the system interpreter, which is where Debian's python3-pil lives.
        candidates.AddRange(["python3", "/usr/bin/python3"]);
        foreach (var candidate in candidates)
        {
            try
            {
                var probe = new ProcessStartInfo(candidate)
                {
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                    UseShellExecute = false,
                };
                probe.ArgumentList.Add("-c");
                probe.ArgumentList.Add("import PIL");
                using var process = Process.Start(probe);
                if (process is not null && process.WaitForExit(30_000) && process.ExitCode == 0)
                {
                    return candidate;
                }
            }
            catch (System.ComponentModel.Win32Exception)
            {
                // Not installed under that name: try the next one.
            }
        }

        return null;
    }
}

/// <summary>Summary statistics as BenchmarkDotNet computes them, for samples taken outside it.</summary>
public static class Stats
{
    /// <summary>The arithmetic mean.</summary>
    public static double Mean(IReadOnlyList<double> samples) => samples.Average();

    /// <summary>The <paramref name="p"/>-th percentile (0-1), linear between closest ranks.</summary>
    public static double Percentile(IReadOnlyList<double> samples, double p)
    {
        var sorted = samples.Order().ToArray();
        var rank = p * (sorted.Length - 1);
        var low = (int)Math.Floor(rank);
        var high = (int)Math.Ceiling(rank);
        return sorted[low] + (sorted[high] - sorted[low]) * (rank - low);
    }
}

/// <summary>Writes the lines a reader greps: <c>ratio name value</c> and <c>figure name value unit</c>.</summary>
public static class Report
{
    /// <summary>One ratio, with three significant decimals.</summary>
    public static void Ratio(string name, double value) =>
        Console.WriteLine(FormattableString.Invariant($"ratio {name} {value:0.###}"));

    /// <summary>One absolute figure, for the README's tables; never compared across machines.</summary>
    public static void Figure(string name, double value, string unit) =>
        Console.WriteLine(FormattableString.Invariant($"figure {name} {value:0.###} {unit}"));
}
