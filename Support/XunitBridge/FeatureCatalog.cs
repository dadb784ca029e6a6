namespace PipelineSpecs.Support.XunitBridge;

/// <summary>
/// Every feature file below a folder, parsed once per process. Discovery and execution both read it, and a test
/// row carries only a case id, so nothing but strings crosses the runner's serialisation boundary.
/// </summary>
internal sealed class FeatureCatalog
{
    /// <summary>Where the suite's project copies <c>Features/**/*.feature</c> (LinkBase <c>Features</c>).</summary>
    public const string FeaturesFolder = "Features";

    private static readonly Lazy<FeatureCatalog> _default = new(() => Load(AppContext.BaseDirectory));

    private readonly Dictionary<string, ScenarioCase> _casesById;

    private FeatureCatalog(IReadOnlyList<ParsedFeature> features, IReadOnlyList<FeatureParseFailure> failures)
    {
        Features = features;
        Failures = failures;
        _casesById = features.SelectMany(f => f.Scenarios).ToDictionary(c => c.Id, StringComparer.Ordinal);
    }

    /// <summary>The catalog of the test output directory.</summary>
    public static FeatureCatalog Default => _default.Value;

    /// <summary>Parsed features, ordered by path so every process of a run sees the same order.</summary>
    public IReadOnlyList<ParsedFeature> Features { get; }

    /// <summary>Files the parser rejected.</summary>
    public IReadOnlyList<FeatureParseFailure> Failures { get; }

    /// <summary>Reads <c>Features/**/*.feature</c> below <paramref name="baseDirectory"/>.</summary>
    public static FeatureCatalog Load(string baseDirectory)
    {
        var root = Path.Combine(baseDirectory, FeaturesFolder);
        IEnumerable<string> files = Directory.Exists(root)
            ? Directory.EnumerateFiles(root, "*.feature", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            : [];
        var features = new List<ParsedFeature>();
        var failures = new List<FeatureParseFailure>();
        foreach (var file in files)
        {
            var relative = Path.GetRelativePath(baseDirectory, file).Replace('\\', '/');
            var (feature, failure) = FeatureParser.Parse(relative, File.ReadAllText(file));
            if (feature is not null)
                features.Add(feature);
            if (failure is not null)
                failures.Add(failure);
        }

        return new FeatureCatalog(features, failures);
    }

    /// <summary>The case with <paramref name="id"/>, or <see langword="null"/> when no file has it any more.</summary>
    public ScenarioCase? Find(string id) => _casesById.GetValueOrDefault(id);

    /// <summary>The parse failure whose row has <paramref name="id"/>, if any.</summary>
    public FeatureParseFailure? FindFailure(string id) => Failures.FirstOrDefault(f => f.Id == id);
}
