using Io.Cucumber.Messages.Types;
using Reqnroll;

namespace PipelineSpecs.Support.XunitBridge;

/// <summary>A feature file after parsing and pickle compilation.</summary>
internal sealed class ParsedFeature
{
    /// <summary>Path relative to the test output directory, with forward slashes (<c>Features/a.feature</c>).</summary>
    public required string RelativePath { get; init; }

    /// <summary>The parsed document, as a Cucumber message.</summary>
    public required GherkinDocument Document { get; init; }

    /// <summary>All pickles of the file, in the compiler's order.</summary>
    public required IReadOnlyList<Pickle> Pickles { get; init; }

    /// <summary>
    /// The one <see cref="FeatureInfo"/> of this feature in the process: Reqnroll compares feature infos by reference
    /// to decide whether a test runner must end the previous feature first.
    /// </summary>
    public required FeatureInfo FeatureInfo { get; init; }

    /// <summary>The scenarios, one per pickle.</summary>
    public IReadOnlyList<ScenarioCase> Scenarios { get; set; } = [];
}

/// <summary>A feature file the Gherkin parser rejected, kept so discovery can show it as a failing test.</summary>
internal sealed record FeatureParseFailure(string RelativePath, int Line, string Message)
{
    /// <summary>The id of the test row that reports this failure.</summary>
    public string Id => "parse-error:" + RelativePath;

    /// <summary>What a reader needs to fix the file: where, and what the parser said.</summary>
    public string Describe() => $"{RelativePath}:{Line}: {Message}";
}
