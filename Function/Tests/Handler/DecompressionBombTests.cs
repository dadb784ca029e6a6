using System.Diagnostics;
using PipelineSpecs.Function.Handler;
using PipelineSpecs.Support.Fixtures;
using Shouldly;
using Xunit;

namespace PipelineSpecs.Function.Tests.Handler;

/// <summary>
/// Alone in its collection, run after the parallel tests: the process's memory is measured, and a neighbour
/// decoding a photo would move it.
/// </summary>
[CollectionDefinition(nameof(MemoryMeasurement), DisableParallelization = true)]
public sealed class MemoryMeasurement;

[Collection(nameof(MemoryMeasurement))]
public sealed class DecompressionBombTests
{
    // A decoder that believed the header would ask for 50000 x 50000 x 4 bytes = 10 GB. The bounds are generous
    // for a loaded build machine and still a thousand times below that.
    private const long MaxAllocatedBytes = 4L * 1024 * 1024;
    private const long MaxWorkingSetGrowth = 32L * 1024 * 1024;
    private static readonly TimeSpan MaxDuration = TimeSpan.FromSeconds(1);

    public static TheoryData<ThumbnailEngine, string> Bombs =>
        Engines.Times(["PNG declaring 50000x50000", "JPEG declaring 50000x50000"]);

    [Theory]
    [MemberData(nameof(Bombs))]
    public void Make_RefusesATinyFileDeclaring50000x50000FastAndWithinAFewMegabytes(ThumbnailEngine engine, string bomb)
    {
        var file = bomb.StartsWith("PNG", StringComparison.Ordinal)
            ? ProblemImages.PngDeclaring(50000, 50000)
            : ProblemImages.JpegDeclaring(50000, 50000);
        WarmUp(engine);
        var (allocatedBefore, workingSetBefore) = (GC.GetAllocatedBytesForCurrentThread(), WorkingSet());
        var clock = Stopwatch.StartNew();

        var error = Should.Throw<ImageRefusedException>(
            () => engine.Make(file, 128, FunctionSettings.DefaultMaxSourcePixels));

        clock.Stop();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        var grown = WorkingSet() - workingSetBefore;
        file.Length.ShouldBeLessThan(2048, "the bomb itself should be tiny");
        error.Message.ShouldContain("declares 50000x50000");
        clock.Elapsed.ShouldBeLessThan(MaxDuration);
        allocated.ShouldBeLessThan(MaxAllocatedBytes, "managed bytes allocated while refusing");
        grown.ShouldBeLessThan(MaxWorkingSetGrowth, "working-set growth while refusing");
    }

    // The first Identify of a process loads ImageSharp's decoders and builds their tables, and the first libvips
    // thumbnail loads libvips; neither is the bomb.
    private static void WarmUp(ThumbnailEngine engine) =>
        engine.Make(ProblemImages.Png(2, 2), 128, FunctionSettings.DefaultMaxSourcePixels);

    private static long WorkingSet()
    {
        using var process = Process.GetCurrentProcess();
        return process.WorkingSet64;
    }
}
