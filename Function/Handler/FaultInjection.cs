namespace PipelineSpecs.Function.Handler;

/// <summary>The faults an upload can ask for; see <see cref="FaultInjection"/>.</summary>
public enum InjectedFault
{
    /// <summary>No fault: the upload is processed normally.</summary>
    None,

    /// <summary>The invocation runs past the function's timeout, so Lambda stops it.</summary>
    Timeout,

    /// <summary>The process dies in the middle of the invocation.</summary>
    Crash,

    /// <summary>The thumbnail is stored, then the summary goes to a topic that does not exist.</summary>
    SummaryPublish,
}

/// <summary>
/// Lets a test stack ask the function for a real fault on one upload, through the object's user metadata
/// <c>x-amz-meta-fault</c>: <c>timeout</c>, <c>crash</c> or <c>summary-publish</c>. The metadata is ignored
/// unless <c>FAULT_INJECTION</c> is <c>enabled</c>, which only the suite's fault stack sets (Terraform variable
/// <c>fault_injection</c>, default false).
/// </summary>
/// <remarks>
/// Nothing outside the function can make Lambda time out, crash a process or fail one SNS publish on demand, so
/// the function does it itself, for real: it overruns the deadline Lambda enforces, the process aborts, and the
/// publish goes to a topic that does not exist, which SNS refuses. What the suite then checks, the recovery, is
/// Lambda's and the handler's own behaviour.
/// </remarks>
public sealed class FaultInjection
{
    /// <summary>The user metadata name, without the <c>x-amz-meta-</c> prefix S3 adds on the wire.</summary>
    public const string MetadataName = "fault";

    /// <summary>Values accepted in the metadata, as a failure message lists them.</summary>
    public const string AcceptedValues = "timeout, crash or summary-publish";

    /// <summary>Lambda's longest timeout is 900 seconds; a hang longer than that overruns any configuration.</summary>
    private static readonly TimeSpan LongerThanAnyTimeout = TimeSpan.FromMinutes(16);

    private readonly Func<Task> _hang;
    private readonly Action<string> _crash;

    /// <summary>Creates fault injection that hangs with <paramref name="hang"/> and crashes with
    /// <paramref name="crash"/>; tests pass harmless stand-ins, production the real ones.</summary>
    public FaultInjection(bool enabled, Func<Task>? hang = null, Action<string>? crash = null)
    {
        Enabled = enabled;
        _hang = hang ?? (() => Task.Delay(LongerThanAnyTimeout, CancellationToken.None));
        _crash = crash ?? Environment.FailFast;
    }

    /// <summary>Whether uploads may ask for faults at all.</summary>
    public bool Enabled { get; }

    /// <summary>The fault <paramref name="metadataValue"/> asks for; <see cref="InjectedFault.None"/> when disabled.</summary>
    /// <exception cref="InvalidOperationException">Enabled, and the value is not one of <see cref="AcceptedValues"/>.</exception>
    public InjectedFault Requested(string? metadataValue)
    {
        if (!Enabled || string.IsNullOrEmpty(metadataValue))
        {
            return InjectedFault.None;
        }

        return metadataValue.Trim().ToLowerInvariant() switch
        {
            "timeout" => InjectedFault.Timeout,
            "crash" => InjectedFault.Crash,
            "summary-publish" => InjectedFault.SummaryPublish,
            _ => throw new InvalidOperationException(
                $"x-amz-meta-{MetadataName} is '{metadataValue}'; expected {AcceptedValues}."),
        };
    }

    /// <summary>Carries out a timeout or a crash; returns at once for any other fault.</summary>
    /// <remarks>The hang ignores the invocation's cancellation on purpose: honouring it would end the record
    /// cleanly just before the deadline, and Lambda's timeout would never be reached.</remarks>
    public async Task BeforeThumbnailAsync(InjectedFault fault, string key)
    {
        switch (fault)
        {
            case InjectedFault.Timeout:
                await _hang().ConfigureAwait(false);
                break;
            case InjectedFault.Crash:
                _crash($"fault injected: crash requested by the metadata of {key}");
                break;
        }
    }

    /// <summary>The topic a summary goes to: <paramref name="topicArn"/>, or a sibling that does not exist.</summary>
    public static string TopicFor(InjectedFault fault, string topicArn) =>
        fault == InjectedFault.SummaryPublish ? topicArn + "-fault-injected-missing" : topicArn;
}
