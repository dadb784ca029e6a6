using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace PipelineSpecs.Benchmarks;

/// <summary>
/// Deliverable 1 of issue #8: ImageSharp (the handler's step) and libvips under BenchmarkDotNet, Pillow in its
/// harness right after, then the ratios.
/// </summary>
public static class ThumbnailStep
{
    /// <summary>Warm-up and measured iterations of every engine: short, the machine is shared.</summary>
    public const int WarmupCount = 3;

    /// <inheritdoc cref="WarmupCount"/>
    public const int IterationCount = 10;

    // Tiered JIT recompiles a method after 30 calls: fewer warm-up calls would time ImageSharp's unoptimised code,
    // which a warm Lambda instance leaves behind after its first invocations.
    private const int InProcessWarmupCalls = 40;

    /// <summary>Runs the measurements and prints the ratio lines.</summary>
    public static void Run()
    {
        // In-process: no second build of a generated project (a minute on two cores) and the same JIT-warmed
        // process for both engines; the cost is no isolation between benchmarks, which the ratios tolerate.
        var job = Job.Default
            .WithLaunchCount(1)
            .WithWarmupCount(WarmupCount)
            .WithIterationCount(IterationCount)
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithId("Short");
        var config = ManualConfig.Create(DefaultConfig.Instance)
            .AddJob(job)
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddColumn(StatisticColumn.P95)
            .WithArtifactsPath(Path.Combine(BenchInputs.WorkDirectory, "BenchmarkDotNet.Artifacts"));
        var summary = BenchmarkRunner.Run<ThumbnailBenchmarks>(config);

        var means = new Dictionary<(string Engine, string Input), double>();
        foreach (var report in summary.Reports.Where(r => r.ResultStatistics is not null))
        {
            var engine = report.BenchmarkCase.Descriptor.WorkloadMethod.Name.ToLowerInvariant();
            var input = (string)report.BenchmarkCase.Parameters["Input"];
            var stats = report.ResultStatistics!;
            means[(engine, input)] = stats.Mean / 1e6;
            Report.Figure($"{engine}_mean_{input}", stats.Mean / 1e6, "ms");
            Report.Figure($"{engine}_p95_{input}", stats.Percentiles.P95 / 1e6, "ms");
            Report.Figure($"{engine}_allocated_{input}", Allocated(report), "bytes");
        }

        using (var pillow = PillowHarness.TryStart(Console.Out))
        {
            if (pillow is not null)
            {
                Console.WriteLine($"Pillow {pillow.Version} via {pillow.Python}");
                foreach (var input in BenchInputs.Timed)
                {
                    var samples = pillow.Measure(
                        BenchInputs.PathOf(input), ThumbnailBenchmarks.MaxDim, WarmupCount, IterationCount);
                    means[("pillow", input.Name)] = Stats.Mean(samples);
                    Report.Figure($"pillow_mean_{input.Name}", Stats.Mean(samples), "ms");
                    Report.Figure($"pillow_p95_{input.Name}", Stats.Percentile(samples, 0.95), "ms");
                }
            }
        }

        foreach (var input in BenchInputs.Timed.Select(i => i.Name))
        {
            PrintRatio(means, "imagesharp", "pillow", input);
            PrintRatio(means, "netvips", "pillow", input);
            PrintRatio(means, "imagesharp", "netvips", input);
            if (means.TryGetValue(("imagesharp", input), out var sharp) &&
                means.TryGetValue(("netvips", input), out var vips) &&
                means.TryGetValue(("pillow", input), out var pil))
            {
                Report.Ratio($"best_vs_pillow_{input}", Math.Min(sharp, vips) / pil);
            }
        }
    }

    /// <summary>The in-process time of the handler's step on one file: the median of warm calls, in ms.</summary>
    public static double MedianMilliseconds(string path, int calls)
    {
        var source = File.ReadAllBytes(path);
        var samples = new List<double>();
        for (var i = 0; i < calls + InProcessWarmupCalls; i++)
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            PipelineSpecs.Function.Handler.ThumbnailMaker.Make(
                source, ThumbnailBenchmarks.MaxDim, PipelineSpecs.Function.FunctionSettings.DefaultMaxSourcePixels,
                CancellationToken.None);
            if (i >= InProcessWarmupCalls)
            {
                samples.Add(clock.Elapsed.TotalMilliseconds);
            }
        }

        return Stats.Percentile(samples, 0.5);
    }

    private static double Allocated(BenchmarkReport report) =>
        report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase) ?? double.NaN;

    private static void PrintRatio(
        Dictionary<(string Engine, string Input), double> means, string ours, string anchor, string input)
    {
        if (means.TryGetValue((ours, input), out var mine) && means.TryGetValue((anchor, input), out var theirs))
        {
            Report.Ratio($"{ours}_vs_{anchor}_{input}", mine / theirs);
        }
    }
}
