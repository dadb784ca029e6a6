using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;

namespace PipelineSpecs.Support.Reporting;

/// <summary>
/// Which scenarios pass on which target. Each run adds its target's column to <c>TestResults/conformance.json</c>
/// (kept across runs, so embedded, external-emulator and AWS runs accumulate) and rewrites the table
/// <c>TestResults/conformance-matrix.md</c> next to the living documentation.
/// </summary>
public sealed class ConformanceMatrix(string resultsFolder, string target)
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    private readonly ConcurrentDictionary<string, string> _results = new(StringComparer.Ordinal);

    /// <summary>The markdown table's path.</summary>
    public string TablePath => Path.Combine(resultsFolder, "conformance-matrix.md");

    private string DataPath => Path.Combine(resultsFolder, "conformance.json");

    /// <summary>Records one scenario's result on this run's target, such as <c>passed</c> or <c>diverges: …</c>.</summary>
    public void Record(string scenario, string result) => _results[scenario] = result;

    /// <summary>How many scenarios this run recorded.</summary>
    public int Recorded => _results.Count;

    /// <summary>Merges this run's results into the accumulated ones and writes both files; returns the table path.</summary>
    public string Save()
    {
        Directory.CreateDirectory(resultsFolder);
        var all = Load();
        foreach (var (scenario, result) in _results)
        {
            if (!all.TryGetValue(scenario, out var byTarget))
            {
                all[scenario] = byTarget = new SortedDictionary<string, string>(StringComparer.Ordinal);
            }

            byTarget[target] = $"{result} ({DateTime.UtcNow:yyyy-MM-dd})";
        }

        File.WriteAllText(DataPath, JsonSerializer.Serialize(all, Json));
        File.WriteAllText(TablePath, Render(all));
        return TablePath;
    }

    private SortedDictionary<string, SortedDictionary<string, string>> Load()
    {
        var empty = new SortedDictionary<string, SortedDictionary<string, string>>(StringComparer.Ordinal);
        if (!File.Exists(DataPath))
        {
            return empty;
        }

        var stored = JsonSerializer.Deserialize<Dictionary<string, Dictionary<string, string>>>(File.ReadAllText(DataPath));
        foreach (var (scenario, byTarget) in stored ?? [])
        {
            empty[scenario] = new SortedDictionary<string, string>(byTarget, StringComparer.Ordinal);
        }

        return empty;
    }

    private static string Render(SortedDictionary<string, SortedDictionary<string, string>> all)
    {
        var targets = all.Values.SelectMany(byTarget => byTarget.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        var table = new StringBuilder()
            .AppendLine("# Conformance matrix")
            .AppendLine()
            .AppendLine("Each cell is the latest result of the scenario on that target, with the day of the run.")
            .AppendLine()
            .AppendLine($"| scenario | {string.Join(" | ", targets)} |")
            .AppendLine($"| --- |{string.Concat(targets.Select(_ => " --- |"))}");

        foreach (var (scenario, byTarget) in all)
        {
            var cells = targets.Select(name => byTarget.GetValueOrDefault(name, "not run").Replace("|", "/"));
            table.AppendLine($"| {scenario.Replace("|", "/")} | {string.Join(" | ", cells)} |");
        }

        table.AppendLine($"| **totals** | {string.Join(" | ", targets.Select(name => Totals(all, name)))} |");
        return table.ToString();
    }

    // What a reader wants first: how much of the specification a target meets, and how much it was not asked.
    private static string Totals(SortedDictionary<string, SortedDictionary<string, string>> all, string target)
    {
        var results = all.Values.Select(byTarget => byTarget.GetValueOrDefault(target, "not run")).ToList();
        int Count(string start) => results.Count(result => result.StartsWith(start, StringComparison.Ordinal));
        return $"{Count("passed")} passed, {Count("failed")} failed, {Count("expected divergence")} expected " +
               $"divergences, {Count("not run")} not run";
    }
}
