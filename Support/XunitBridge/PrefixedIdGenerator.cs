using Gherkin.CucumberMessages;

namespace PipelineSpecs.Support.XunitBridge;

/// <summary>
/// Gives Cucumber message ids that are unique across features: every feature is parsed with its own
/// generator, and the formatters put all features of a run into one message stream, where ids must not repeat.
/// </summary>
internal sealed class PrefixedIdGenerator(string prefix) : IIdGenerator
{
    private int _next;

    /// <inheritdoc />
    public string GetNewId() => $"{prefix}-{Interlocked.Increment(ref _next) - 1}";
}
