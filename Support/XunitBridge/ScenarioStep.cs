using Reqnroll;

namespace PipelineSpecs.Support.XunitBridge;

/// <summary>Which <see cref="ITestRunner"/> method runs a step; Reqnroll tracks And/But blocks itself.</summary>
internal enum StepKind
{
    Given,
    When,
    Then,
    And,
    But,
}

/// <summary>One step of a pickle, with the keyword as written and its argument as Reqnroll takes it.</summary>
internal sealed record ScenarioStep(StepKind Kind, string Keyword, string Text, Table? Table, string? DocString)
{
    /// <summary>The step as a reader sees it in the feature file.</summary>
    public override string ToString() => Keyword + Text;
}
