namespace PipelineSpecs.Bridge.Sample.StepDefinitions;

/// <summary>Steps run so far in the scenario; shared between binding classes by Reqnroll's context injection.</summary>
public sealed class StepLog
{
    /// <summary>Step names, in order.</summary>
    public List<string> Steps { get; } = [];
}
