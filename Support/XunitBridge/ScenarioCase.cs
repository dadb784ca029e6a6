using System.Collections.Specialized;
using Io.Cucumber.Messages.Types;
using Reqnroll;

namespace PipelineSpecs.Support.XunitBridge;

/// <summary>One pickle of a feature file: what xUnit shows as a test and what Reqnroll needs to run it.</summary>
internal sealed class ScenarioCase
{
    /// <summary>Stable across discovery and execution: the feature's path and the pickle's position in it.</summary>
    public required string Id { get; init; }

    /// <summary>The feature the pickle came from.</summary>
    public required ParsedFeature Feature { get; init; }

    /// <summary>The compiled pickle: backgrounds and the example row expanded by the Gherkin compiler.</summary>
    public required Pickle Pickle { get; init; }

    /// <summary>Position in <see cref="ParsedFeature.Pickles"/>: how Reqnroll's formatters find the pickle.</summary>
    public required int PickleIndex { get; init; }

    /// <summary><c>Feature: Scenario</c>, plus the example values of an outline row.</summary>
    public required string DisplayName { get; init; }

    /// <summary>Every tag that applies (feature, rule, scenario, examples), without the leading <c>@</c>.</summary>
    public required IReadOnlyList<string> Tags { get; init; }

    /// <summary>What Reqnroll's generated code would pass as the scenario's own tags and arguments.</summary>
    public required ScenarioInfo ScenarioInfo { get; init; }

    /// <summary>The rule the scenario sits in, or <see langword="null"/>.</summary>
    public required RuleInfo? RuleInfo { get; init; }

    /// <summary>The steps in execution order.</summary>
    public required IReadOnlyList<ScenarioStep> Steps { get; init; }

    /// <summary>Example values of an outline row, by column header; empty for a plain scenario.</summary>
    public required OrderedDictionary Arguments { get; init; }
}
