using System.Collections.Specialized;
using Gherkin;
using Io.Cucumber.Messages.Types;
using Reqnroll;
using Scenario = Io.Cucumber.Messages.Types.Scenario;
using StepKeywordType = Io.Cucumber.Messages.Types.StepKeywordType;

namespace PipelineSpecs.Support.XunitBridge;

/// <summary>
/// Gives each pickle what Reqnroll's generated test method would hold: scenario and rule info, tags split into own
/// and inherited, outline arguments, and each step with the keyword that was written.
/// </summary>
internal static class ScenarioCaseBuilder
{
    /// <summary>One case per pickle of <paramref name="feature"/>, in pickle order.</summary>
    public static IReadOnlyList<ScenarioCase> Build(ParsedFeature feature)
    {
        var index = new DocumentIndex(feature.Document);
        return feature.Pickles.Select((pickle, i) => Build(feature, index, pickle, i)).ToList();
    }

    private static ScenarioCase Build(ParsedFeature feature, DocumentIndex index, Pickle pickle, int pickleIndex)
    {
        var scenario = index.Scenarios[pickle.AstNodeIds[0]];
        var rule = index.RuleOf.GetValueOrDefault(scenario.Id);
        var arguments = OutlineArguments(index, pickle);
        var inherited = TagNames(feature.Document.Feature.Tags).Concat(TagNames(rule?.Tags ?? [])).ToArray();
        var own = pickle.Tags.Where(t => !index.InheritedTagIds.Contains(t.AstNodeId)).Select(t => Strip(t.Name));
        var scenarioInfo = new ScenarioInfo(
            scenario.Name,
            FeatureParser.NullIfEmpty(scenario.Description),
            own.ToArray(),
            arguments,
            inherited,
            pickleIndex.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return new ScenarioCase
        {
            Id = $"{feature.RelativePath}#{pickleIndex}",
            Feature = feature,
            Pickle = pickle,
            PickleIndex = pickleIndex,
            DisplayName = DisplayName(feature, pickle, arguments),
            Tags = pickle.Tags.Select(t => Strip(t.Name)).Distinct().ToList(),
            ScenarioInfo = scenarioInfo,
            RuleInfo = rule is null
                ? null
                : new RuleInfo(rule.Name, FeatureParser.NullIfEmpty(rule.Description), TagNames(rule.Tags)),
            Steps = pickle.Steps.Select(s => ToStep(index, s, pickle.Language)).ToList(),
            Arguments = arguments,
        };
    }

    private static string DisplayName(ParsedFeature feature, Pickle pickle, OrderedDictionary arguments)
    {
        var name = $"{feature.Document.Feature.Name}: {pickle.Name}";
        if (arguments.Count == 0)
            return name;

        var values = arguments.Cast<System.Collections.DictionaryEntry>().Select(e => $"{e.Key}={e.Value}");
        return $"{name} [{string.Join(", ", values)}]";
    }

    private static OrderedDictionary OutlineArguments(DocumentIndex index, Pickle pickle)
    {
        var arguments = new OrderedDictionary();
        if (pickle.AstNodeIds.Count < 2 || !index.ExampleRows.TryGetValue(pickle.AstNodeIds[1], out var row))
            return arguments;

        var (header, values) = row;
        for (var i = 0; i < header.Cells.Count && i < values.Cells.Count; i++)
            arguments[header.Cells[i].Value] = values.Cells[i].Value;
        return arguments;
    }

    private static ScenarioStep ToStep(DocumentIndex index, PickleStep pickleStep, string language)
    {
        var astStep = index.Steps[pickleStep.AstNodeIds[0]];
        var kind = astStep.KeywordType switch
        {
            StepKeywordType.CONTEXT => StepKind.Given,
            StepKeywordType.ACTION => StepKind.When,
            StepKeywordType.OUTCOME => StepKind.Then,
            StepKeywordType.CONJUNCTION => IsBut(astStep.Keyword, language) ? StepKind.But : StepKind.And,
            // "*" has no block of its own; the compiler already gave it the block of the step before it.
            _ => FromPickleType(pickleStep.Type),
        };
        return new ScenarioStep(
            kind, astStep.Keyword, pickleStep.Text, ToTable(pickleStep.Argument?.DataTable),
            pickleStep.Argument?.DocString?.Content);
    }

    private static StepKind FromPickleType(PickleStepType? type) => type switch
    {
        PickleStepType.ACTION => StepKind.When,
        PickleStepType.OUTCOME => StepKind.Then,
        _ => StepKind.Given,
    };

    private static bool IsBut(string keyword, string language) =>
        new GherkinDialectProvider().GetDialect(language, null).ButStepKeywords.Contains(keyword);

    private static Table? ToTable(PickleTable? source)
    {
        if (source is null || source.Rows.Count == 0)
            return null;

        var table = new Table(source.Rows[0].Cells.Select(c => c.Value).ToArray());
        foreach (var row in source.Rows.Skip(1))
            table.AddRow(row.Cells.Select(c => c.Value).ToArray());
        return table;
    }

    private static string[] TagNames(IEnumerable<Tag> tags) => tags.Select(t => Strip(t.Name)).ToArray();

    private static string Strip(string tag) => tag.TrimStart('@');

    /// <summary>Lookups by AST node id over one document.</summary>
    private sealed class DocumentIndex
    {
        public Dictionary<string, Scenario> Scenarios { get; } = [];

        public Dictionary<string, Rule> RuleOf { get; } = [];

        public Dictionary<string, Step> Steps { get; } = [];

        public Dictionary<string, (TableRow Header, TableRow Values)> ExampleRows { get; } = [];

        public HashSet<string> InheritedTagIds { get; } = [];

        public DocumentIndex(GherkinDocument document)
        {
            InheritedTagIds.UnionWith(document.Feature.Tags.Select(t => t.Id));
            foreach (var child in document.Feature.Children)
            {
                AddBackground(child.Background);
                AddScenario(child.Scenario, null);
                AddRule(child.Rule);
            }
        }

        private void AddRule(Rule? rule)
        {
            if (rule is null)
                return;

            InheritedTagIds.UnionWith(rule.Tags.Select(t => t.Id));
            foreach (var child in rule.Children)
            {
                AddBackground(child.Background);
                AddScenario(child.Scenario, rule);
            }
        }

        private void AddBackground(Background? background)
        {
            foreach (var step in background?.Steps ?? [])
                Steps[step.Id] = step;
        }

        private void AddScenario(Scenario? scenario, Rule? rule)
        {
            if (scenario is null)
                return;

            Scenarios[scenario.Id] = scenario;
            if (rule is not null)
                RuleOf[scenario.Id] = rule;
            foreach (var step in scenario.Steps)
                Steps[step.Id] = step;
            foreach (var examples in scenario.Examples)
            {
                foreach (var row in examples.TableBody)
                    ExampleRows[row.Id] = (examples.TableHeader, row);
            }
        }
    }
}
