using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace PipelineSpecs.Bridge.Tests;

/// <summary>Reads the Cucumber messages a formatter report holds, and what they say about each scenario.</summary>
public static partial class ReportEnvelopes
{
    private const string HtmlMarker = "CUCUMBER_MESSAGES = ";

    private static readonly string[] _severity = ["PASSED", "SKIPPED", "PENDING", "UNDEFINED", "AMBIGUOUS", "FAILED"];

    /// <summary>One envelope per line of the message formatter's output.</summary>
    public static IReadOnlyList<JsonElement> FromNdjson(string path) =>
        File.ReadLines(path).Select(line => JsonDocument.Parse(line).RootElement).ToList();

    /// <summary>The envelopes the HTML formatter embeds in the page as one JSON array.</summary>
    public static IReadOnlyList<JsonElement> FromHtml(string path)
    {
        var html = File.ReadAllText(path);
        var start = html.IndexOf(HtmlMarker, StringComparison.Ordinal);
        if (start < 0)
            throw new InvalidDataException($"{path} embeds no Cucumber messages");

        // The page escapes characters such as '<' the JavaScript way (\x3C), which JSON spells \u003C.
        var json = JavaScriptHexEscape().Replace(html[(start + HtmlMarker.Length)..], @"\u00$1");
        var bytes = Encoding.UTF8.GetBytes(json);
        var reader = new Utf8JsonReader(bytes);
        reader.Read();
        reader.Skip();
        using var array = JsonDocument.Parse(bytes.AsMemory(0, (int)reader.BytesConsumed));
        return array.RootElement.EnumerateArray().Select(e => e.Clone()).ToList();
    }

    /// <summary>The most severe step status of each pickle that ran, by pickle id.</summary>
    public static Dictionary<string, string> ScenarioStatuses(IEnumerable<JsonElement> envelopes)
    {
        var pickleOfCase = new Dictionary<string, string>();
        var caseOfStart = new Dictionary<string, string>();
        var statuses = new Dictionary<string, string>();
        foreach (var envelope in envelopes)
        {
            if (envelope.TryGetProperty("testCase", out var testCase))
                pickleOfCase[Text(testCase, "id")] = Text(testCase, "pickleId");
            if (envelope.TryGetProperty("testCaseStarted", out var started))
                caseOfStart[Text(started, "id")] = Text(started, "testCaseId");
            if (envelope.TryGetProperty("testStepFinished", out var step))
            {
                var pickle = pickleOfCase[caseOfStart[Text(step, "testCaseStartedId")]];
                var status = Text(step.GetProperty("testStepResult"), "status");
                statuses[pickle] = MoreSevere(status, statuses.GetValueOrDefault(pickle, "PASSED"));
            }
        }

        return statuses;
    }

    private static string MoreSevere(string a, string b) =>
        Array.IndexOf(_severity, a) > Array.IndexOf(_severity, b) ? a : b;

    private static string Text(JsonElement element, string property) => element.GetProperty(property).GetString()!;

    [GeneratedRegex(@"\\x([0-9A-Fa-f]{2})")]
    private static partial Regex JavaScriptHexEscape();
}
