using System.Text.Json;

namespace PipelineSpecs.Support.Lifecycle;

/// <summary>What Terraform reports about a deployed stack: the names the scenarios talk to.</summary>
public sealed record StackOutputs(
    string Prefix,
    string IncomingBucket,
    string ProcessedBucket,
    string TopicArn,
    string FunctionName,
    string MetricNamespace,
    string LogGroupName,
    string RoleName)
{
    /// <summary>Reads the JSON object <c>infra/stack.py</c> prints as its last line.</summary>
    public static StackOutputs Parse(string prefix, string stackScriptOutput)
    {
        var lastLine = stackScriptOutput
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .LastOrDefault(line => line.StartsWith('{'))
            ?? throw new InvalidOperationException($"infra/stack.py printed no outputs object:\n{stackScriptOutput}");

        using var document = JsonDocument.Parse(lastLine);
        var root = document.RootElement;
        string Read(string name) => root.TryGetProperty(name, out var value)
            ? ValueOf(value)
            : throw new InvalidOperationException($"Terraform output '{name}' is missing from: {lastLine}");

        return new StackOutputs(
            prefix,
            Read("incoming_bucket"),
            Read("processed_bucket"),
            Read("topic_arn"),
            Read("function_name"),
            Read("metric_namespace"),
            Read("log_group_name"),
            Read("role_name"));
    }

    // Terraform's `output -json` wraps each value as {"value": ..., "type": ...}; accept both shapes.
    private static string ValueOf(JsonElement value) =>
        value.ValueKind == JsonValueKind.Object && value.TryGetProperty("value", out var inner)
            ? inner.GetString() ?? ""
            : value.GetString() ?? "";
}
