using BenchmarkDotNet.Attributes;
using PipelineSpecs.Function;
using PipelineSpecs.Function.Handler;

namespace PipelineSpecs.Benchmarks;

/// <summary>The function's two thumbnail engines, ImageSharp and libvips, on each generated input (issue #8).</summary>
/// <remarks>Not sealed: BenchmarkDotNet runs a type it derives from the benchmark class.</remarks>
[MemoryDiagnoser]
public class ThumbnailBenchmarks
{
    /// <summary>The thumbnail size the function makes by default.</summary>
    public const int MaxDim = FunctionSettings.DefaultThumbnailMaxDim;

    private byte[] _source = [];

    /// <summary>The names of <see cref="BenchInputs.Timed"/>.</summary>
    public static IEnumerable<string> InputNames => BenchInputs.Timed.Select(i => i.Name);

    /// <summary>The input being measured.</summary>
    [ParamsSource(nameof(InputNames))]
    public string Input { get; set; } = string.Empty;

    /// <summary>Reads the input once: only decoding, resizing and encoding are timed, as in the handler.</summary>
    [GlobalSetup]
    public void LoadInput()
    {
        _source = File.ReadAllBytes(BenchInputs.PathOf(BenchInputs.ByName(Input)));
        VipsThumbnailMaker.EnsureLoaded();
    }

    /// <summary>The handler's own step, with the pixel limit of the size <c>infra/</c> deploys.</summary>
    [Benchmark(Baseline = true)]
    public byte[] ImageSharp() =>
        ThumbnailMaker.Make(_source, MaxDim, FunctionSettings.DefaultMaxSourcePixels, CancellationToken.None).Content;

    /// <summary>The function's libvips engine (<c>THUMBNAIL_ENGINE=libvips</c>), with the same pixel limit.</summary>
    [Benchmark]
    public byte[] NetVips() =>
        VipsThumbnailMaker.Make(_source, MaxDim, FunctionSettings.DefaultMaxSourcePixels, CancellationToken.None)
            .Content;
}
