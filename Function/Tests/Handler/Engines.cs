using PipelineSpecs.Function.Handler;
using Xunit;

namespace PipelineSpecs.Function.Tests.Handler;

/// <summary>
/// Theory data that runs one expectation against every thumbnail engine: the contract is the engines' common one,
/// so each test is written once and a new engine is tested by every one of them.
/// </summary>
internal static class Engines
{
    /// <summary>Every engine, the default first.</summary>
    public static IReadOnlyList<ThumbnailEngine> All { get; } = Enum.GetValues<ThumbnailEngine>();

    /// <summary>One row per engine.</summary>
    public static TheoryData<ThumbnailEngine> Each => [.. All];

    /// <summary>One row per engine and value.</summary>
    public static TheoryData<ThumbnailEngine, T> Times<T>(IEnumerable<T> values)
    {
        var rows = new TheoryData<ThumbnailEngine, T>();
        foreach (var engine in All)
        {
            foreach (var value in values)
            {
                rows.Add(engine, value);
            }
        }

        return rows;
    }

    /// <summary>Makes a thumbnail of <paramref name="source"/> with <paramref name="engine"/>.</summary>
    public static Thumbnail Make(this ThumbnailEngine engine, byte[] source, int maxDim, long maxSourcePixels) =>
        ThumbnailEngines.MakerFor(engine)(source, maxDim, maxSourcePixels, TestContext.Current.CancellationToken);
}
