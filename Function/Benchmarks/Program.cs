using System.Globalization;
using PipelineSpecs.Benchmarks;

// Issue #8. With no argument every in-process figure is taken, in the order of the issue; a step name takes one.
// The pipeline figures need the emulator and Terraform, so they have their own script: bench/pipeline.sh.
const string Usage =
    "usage: Benchmarks [all | thumbnails | memory | startup [--reuse-zips] | inputs | inproc <file> [calls]]\n" +
    "       (peak <engine> <file> is the child process of 'memory')";

var step = args.Length == 0 ? "all" : args[0];
switch (step)
{
    case "peak" when args.Length == 3:
        return PeakMemory.RunChild(args[1], args[2]);
    case "inputs":
        foreach (var path in BenchInputs.EnsureAll(Console.Error))
        {
            Console.WriteLine(path);
        }

        return 0;
    case "inproc" when args.Length is 2 or 3:
        var calls = args.Length == 3 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 20;
        Report.Figure("inproc_median", ThumbnailStep.MedianMilliseconds(args[1], calls), "ms");
        return 0;
    case "all" or "thumbnails" or "memory" or "startup":
        BenchInputs.EnsureAll(Console.Out);
        if (step is "all" or "thumbnails")
        {
            ThumbnailStep.Run();
        }

        if (step is "all" or "memory")
        {
            PeakMemory.Run();
        }

        if (step is "all" or "startup")
        {
            StartupStep.Run(reuse: args.Contains("--reuse-zips"));
        }

        return 0;
    default:
        Console.Error.WriteLine(Usage);
        return 2;
}
