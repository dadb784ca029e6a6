using Reqnroll;
using Reqnroll.UnitTestProvider;
using Xunit;
using Xunit.Sdk;

namespace PipelineSpecs.Support.XunitBridge;

/// <summary>
/// Reqnroll's outcome hooks on xUnit v3: ignored and inconclusive scenarios are dynamic skips. Pending goes through
/// <see cref="ScenarioPendingException"/> because Reqnroll reports undefined steps through the same call, and only
/// the scenario runner can tell the two apart (undefined fails, pending skips).
/// </summary>
internal sealed class XunitRuntimeProvider : IUnitTestRuntimeProvider
{
    /// <inheritdoc />
    public void TestPending(string message) => throw new ScenarioPendingException(message);

    /// <inheritdoc />
    public void TestInconclusive(string message) => Assert.Skip(message);

    /// <inheritdoc />
    public void TestIgnore(string message) => Assert.Skip(message);

    /// <inheritdoc />
    public ScenarioExecutionStatus? DetectExecutionStatus(Exception exception) => exception switch
    {
        SkipException => ScenarioExecutionStatus.Skipped,
        _ => null,
    };
}

/// <summary>Reqnroll asked for a pending outcome; carries its message (which names the steps) to the runner.</summary>
internal sealed class ScenarioPendingException(string message) : Exception(message);

/// <summary>A scenario failed at a step, or has an undefined step; the message names the step.</summary>
public sealed class ScenarioStepException : XunitException
{
    /// <summary>A failure with Reqnroll's own message and, for a failing step, the binding's exception.</summary>
    public ScenarioStepException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}
