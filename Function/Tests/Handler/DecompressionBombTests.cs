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

    // Just under the 50 MB at which libpng stops inflating a text chunk by itself, so each engine meets the worst
    // case. Inflated, it would raise the peak by about twice that; a 10x10 thumbnail needs well under a megabyte.
    private const int TextBombBytes = 48 * 1024 * 1024;
    private const long MaxTextBombPeakGrowth = 8L * 1024 * 1024;

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

        // No timing bound (a shared machine makes it noisy): a few megabytes, where decoding would take gigabytes,
        // show that nothing was decoded, which is what makes the refusal fast.
        var error = Should.Throw<ImageRefusedException>(
            () => engine.Make(file, 128, FunctionSettings.DefaultMaxSourcePixels));

        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        var grown = WorkingSet() - workingSetBefore;
        file.Length.ShouldBeLessThan(2048, "the bomb itself should be tiny");
        error.Message.ShouldContain("declares 50000x50000");
        allocated.ShouldBeLessThan(MaxAllocatedBytes, "managed bytes allocated while refusing");
        grown.ShouldBeLessThan(MaxWorkingSetGrowth, "working-set growth while refusing");
    }

    public static TheoryData<ThumbnailEngine, string> TextBombs => Engines.Times(["zTXt", "iTXt"]);

    [Theory]
    [MemberData(nameof(TextBombs))]
    public void Make_NeverInflatesAPngTextChunk(ThumbnailEngine engine, string chunk)
    {
        var file = ProblemImages.PngWithTextBomb(TextBombBytes, international: chunk == "iTXt");
        WarmUp(engine);
        var peak = PeakMemory.Start();
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();

        var thumbnail = engine.Make(file, 128, FunctionSettings.DefaultMaxSourcePixels);

        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        var grown = peak.Growth();
        file.Length.ShouldBeLessThan(64 * 1024, "the bomb itself should be small");
        (thumbnail.Width, thumbnail.Height).ShouldBe((10, 10));
        allocated.ShouldBeLessThan(MaxAllocatedBytes, "managed bytes allocated while making the thumbnail");
        grown.ShouldBeLessThan(MaxTextBombPeakGrowth, "peak resident memory growth while making the thumbnail");
    }

    // The largest photos phones take; the function's memory model (README, "Pixel limit") gives decoding 10 bytes
    // per declared pixel on top of what the process already holds, 240 MB here, within 512 MB less the 192 MB reserve.
    private const int PhotoWidth = 6000;
    private const int PhotoHeight = 4000;
    private const long PhotoDecodeBudget = 10L * PhotoWidth * PhotoHeight;

    public static TheoryData<ThumbnailEngine> EachEngine => Engines.Each;

    [Theory]
    [MemberData(nameof(EachEngine))]
    public void Make_ThumbnailsA24MegapixelPhotoWithinTheMemoryModel(ThumbnailEngine engine)
    {
        var photo = ProblemImages.Jpeg(PhotoWidth, PhotoHeight);
        WarmUp(engine);

        // Painting the photo filled ImageSharp's buffer pool; decoding into those warm buffers would hide the cost.
        SixLabors.ImageSharp.Configuration.Default.MemoryAllocator.ReleaseRetainedResources();
        GC.Collect();
        var peak = PeakMemory.Start();

        var thumbnail = engine.Make(photo, 128, FunctionSettings.DefaultMaxSourcePixels);

        var grown = peak.Growth();
        (thumbnail.Width, thumbnail.Height).ShouldBe((128, 85));
        grown.ShouldBeLessThan(PhotoDecodeBudget, "peak resident memory growth while thumbnailing 24 megapixels");
        TestContext.Current.SendDiagnosticMessage(
            $"{engine}: 24-megapixel JPEG ({photo.Length / 1024} KB) raised the peak by {grown / (1024 * 1024)} MB");
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

/// <summary>
/// How far the process's resident memory peaked above where it was at <see cref="Start"/>. Linux keeps the peak
/// (VmHWM) and resets it on request through /proc/self/clear_refs, so native memory a decoder takes and frees before
/// returning counts too; where the peak cannot be reset, the working set at the end stands in for it.
/// </summary>
internal sealed class PeakMemory
{
    private const string ClearRefs = "/proc/self/clear_refs";

    private readonly bool _peakWasReset;
    private readonly long _before;

    private PeakMemory(bool peakWasReset, long before) => (_peakWasReset, _before) = (peakWasReset, before);

    public static PeakMemory Start()
    {
        var reset = false;
        try
        {
            // "5" resets the peak resident set size to the current one (proc(5)).
            File.WriteAllText(ClearRefs, "5");
            reset = true;
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            // Not Linux, or not allowed: the end working set it is.
        }

        using var process = Process.GetCurrentProcess();
        return new PeakMemory(reset, process.WorkingSet64);
    }

    public long Growth()
    {
        using var process = Process.GetCurrentProcess();
        return (_peakWasReset ? process.PeakWorkingSet64 : process.WorkingSet64) - _before;
    }
}
