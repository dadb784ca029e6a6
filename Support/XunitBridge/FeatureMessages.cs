using Io.Cucumber.Messages.Types;
using Reqnroll.Formatters.RuntimeSupport;

namespace PipelineSpecs.Support.XunitBridge;

/// <summary>
/// The feature-level Cucumber messages Reqnroll's formatters expect from generated code, built from our own parse.
/// </summary>
internal sealed class FeatureMessages(Source source, GherkinDocument document, IReadOnlyList<Pickle> pickles)
    : IFeatureLevelCucumberMessages
{
    /// <inheritdoc />
    public bool HasMessages => true;

    /// <inheritdoc />
    public GherkinDocument GherkinDocument => document;

    /// <inheritdoc />
    public IEnumerable<Pickle> Pickles => pickles;

    /// <inheritdoc />
    public Source Source => source;
}
