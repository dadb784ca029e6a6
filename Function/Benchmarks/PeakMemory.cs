using System.Diagnostics;
using System.Globalization;
using PipelineSpecs.Function.Handler;

namespace PipelineSpecs.Benchmarks;

/// <summary>
/// Deliverable 2 of issue #8: the peak resident memory of a process that makes one thumbnail, against the smallest
/// Lambda memory size. Each measurement is a fresh child process (this program with <c>peak</c>), because a peak
/// can only grow within a process.
/// </summary>
public static class PeakMemory
{
    /// <summary>The smallest memory size Lambda offers, in MB.</summary>
    public const int SmallestLambdaMb = 128;

    /// <summary>Large enough for every input: the limit is the function's policy, not what is measured here.</summary>
    private const long NoPixelLimit = 200_000_000;

    /// <summary>Runs the children and prints the ratio lines.</summary>
    public static void Run()
    {
        var baseline = Child("none", string.Empty);
        Report.Figure("peak_rss_process_only", baseline, "MB");
        foreach (var (input, label) in new[] { (BenchInputs.Photo12Mp, "12mp"), (BenchInputs.Photo48Mp, "48mp") })
        {
            var sharp = Child("imagesharp", BenchInputs.PathOf(input));
            var vips = Child("netvips", BenchInputs.PathOf(input));
            Report.Figure($"peak_rss_{label}", sharp, "MB");
            Report.Figure($"peak_rss_netvips_{label}", vips, "MB");
            Report.Ratio($"peak_rss_{label}_vs_128mb", sharp / SmallestLambdaMb);
            Report.Ratio($"peak_rss_netvips_{label}_vs_128mb", vips / SmallestLambdaMb);
        }
    }

    /// <summary>The child's side: makes one thumbnail with <paramref name="engine"/>, prints VmHWM in kB.</summary>
    public static int RunChild(string engine, string path)
    {
        // The upload is held in memory while it is decoded, as the handler holds the downloaded object.
        var source = path.Length == 0 ? [] : File.ReadAllBytes(path);
        byte[] thumbnail = engine switch
        {
            "none" => [],
            "imagesharp" => ThumbnailMaker.Make(
                source, ThumbnailBenchmarks.MaxDim, NoPixelLimit, CancellationToken.None).Content,
            "netvips" => VipsThumbnailMaker.Make(
                source, ThumbnailBenchmarks.MaxDim, NoPixelLimit, CancellationToken.None).Content,
            _ => throw new ArgumentException($"unknown engine '{engine}'; expected none, imagesharp or netvips"),
        };
        GC.KeepAlive(source);
        var peak = HighWaterMarkKb();

        // Read after the peak is taken: proof that both engines made the same size of thumbnail in the same format.
        var shape = "none";
        if (thumbnail.Length > 0)
        {
            var made = SixLabors.ImageSharp.Image.Identify(thumbnail, out var format);
            shape = $"{format.Name} {made.Width}x{made.Height}";
        }

        Console.WriteLine(FormattableString.Invariant($"vmhwm_kb {peak} thumbnail {shape} {thumbnail.Length} bytes"));
        return 0;
    }

    /// <summary>Starts this program again with <paramref name="arguments"/>, as an apphost or through dotnet.</summary>
    public static ProcessStartInfo SelfStart(params string[] arguments)
    {
        var host = Environment.ProcessPath ?? throw new InvalidOperationException("no process path");
        var start = new ProcessStartInfo(host) { UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(host) == "dotnet")
        {
            start.ArgumentList.Add(typeof(PeakMemory).Assembly.Location);
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }

    /// <summary>The peak resident set of this process so far (Linux <c>/proc/self/status</c>, VmHWM).</summary>
    public static long HighWaterMarkKb(string status = "/proc/self/status")
    {
        var line = File.ReadLines(status).First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return long.Parse(line["VmHWM:".Length..].Replace("kB", string.Empty, StringComparison.Ordinal).Trim(),
            CultureInfo.InvariantCulture);
    }

    private static double Child(string engine, string path)
    {
        var start = SelfStart("peak", engine, path);
        start.RedirectStandardOutput = true;

        using var child = Process.Start(start)!;
        var output = child.StandardOutput.ReadToEnd();
        child.WaitForExit();
        var line = output.Split('\n').FirstOrDefault(l => l.StartsWith("vmhwm_kb ", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"the peak-memory child ({engine}) printed no VmHWM: {output}");
        Console.WriteLine($"{engine} {Path.GetFileName(path)}: {line}");
        return long.Parse(line.Split(' ')[1], CultureInfo.InvariantCulture) / 1024.0;
    }
}
