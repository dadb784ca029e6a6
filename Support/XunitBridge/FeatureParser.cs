using System.Globalization;
using Gherkin;
using Gherkin.CucumberMessages;
using Gherkin.CucumberMessages.Pickles;
using Io.Cucumber.Messages.Types;
using Reqnroll;
using Reqnroll.Formatters.RuntimeSupport;

namespace PipelineSpecs.Support.XunitBridge;

/// <summary>
/// Turns one feature file into pickles with the same pipeline every Cucumber implementation uses
/// (parser, AST-to-messages converter, pickle compiler), so backgrounds and outline rows are expanded by Gherkin.
/// </summary>
internal static class FeatureParser
{
    /// <summary>
    /// Parses <paramref name="text"/>; a parser error becomes a <see cref="FeatureParseFailure"/>, and a file
    /// without a <c>Feature:</c> (empty or comments only) gives neither.
    /// </summary>
    public static (ParsedFeature? Feature, FeatureParseFailure? Failure) Parse(string relativePath, string text)
    {
        try
        {
            return (Compile(relativePath, text), null);
        }
        catch (CompositeParserException ex)
        {
            var first = ex.Errors.First();
            var message = string.Join(Environment.NewLine, ex.Errors.Select(e => e.Message));
            return (null, new FeatureParseFailure(relativePath, first.Location?.Line ?? 0, message));
        }
        catch (ParserException ex)
        {
            return (null, new FeatureParseFailure(relativePath, ex.Location?.Line ?? 0, ex.Message));
        }
    }

    private static ParsedFeature? Compile(string relativePath, string text)
    {
        var ast = new Parser().Parse(new StringReader(text));

        // One generator for document and pickles: pickles refer to AST node ids, and the prefix keeps ids unique
        // across the features that share one message stream.
        var ids = new PrefixedIdGenerator(StablePrefix(relativePath));
        var document = new AstMessagesConverter(ids).ConvertGherkinDocumentToEventArgs(ast, relativePath);
        if (document.Feature is null)
            return null;

        var pickles = new PickleCompiler(ids).Compile(document);
        var source = new Source(relativePath, text, SourceMediaType.TEXT_X_CUCUMBER_GHERKIN_PLAIN);
        var feature = new ParsedFeature
        {
            RelativePath = relativePath,
            Document = document,
            Pickles = pickles,
            FeatureInfo = CreateFeatureInfo(relativePath, document, new FeatureMessages(source, document, pickles)),
        };
        feature.Scenarios = ScenarioCaseBuilder.Build(feature);
        return feature;
    }

    private static FeatureInfo CreateFeatureInfo(
        string relativePath, GherkinDocument document, IFeatureLevelCucumberMessages messages)
    {
        var feature = document.Feature;
        var folder = Path.GetDirectoryName(relativePath)?.Replace('\\', '/') ?? string.Empty;
        return new FeatureInfo(
            CultureInfo.GetCultureInfo(feature.Language),
            folder,
            feature.Name,
            NullIfEmpty(feature.Description),
            ProgrammingLanguage.CSharp,
            feature.Tags.Select(t => t.Name.TrimStart('@')).ToArray(),
            messages);
    }

    /// <summary>A short prefix that is the same for a path in every process of a run.</summary>
    private static string StablePrefix(string relativePath)
    {
        // FNV-1a: string.GetHashCode is randomised per process.
        var hash = 2166136261u;
        foreach (var c in relativePath)
            hash = (hash ^ c) * 16777619u;
        return hash.ToString("x8", CultureInfo.InvariantCulture);
    }

    internal static string? NullIfEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
