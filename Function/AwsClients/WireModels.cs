using System.Text.Json.Serialization;

namespace PipelineSpecs.Aws;

// Wire shapes of the JSON protocols, read and written by source-generated serializers (no reflection: the library
// runs in a trimmed, Native AOT function). The public records are mapped from these.

/// <summary>CloudWatch Logs (JSON 1.1) shapes: camelCase members.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(FilterLogEventsWireRequest))]
[JsonSerializable(typeof(FilterLogEventsWireResponse))]
[JsonSerializable(typeof(DescribeLogGroupsWireRequest))]
[JsonSerializable(typeof(DescribeLogGroupsWireResponse))]
internal sealed partial class LogsJsonContext : JsonSerializerContext;

/// <summary>Lambda (REST JSON) shapes: PascalCase members.</summary>
[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(GetFunctionWireResponse))]
[JsonSerializable(typeof(ListFunctionsWireResponse))]
internal sealed partial class LambdaJsonContext : JsonSerializerContext;

internal sealed class FilterLogEventsWireRequest
{
    public string? LogGroupName { get; set; }

    public List<string>? LogStreamNames { get; set; }

    public string? FilterPattern { get; set; }

    public long? StartTime { get; set; }

    public long? EndTime { get; set; }

    public string? NextToken { get; set; }
}

internal sealed class FilterLogEventsWireResponse
{
    public List<FilteredLogEventWire>? Events { get; set; }

    public string? NextToken { get; set; }
}

internal sealed class FilteredLogEventWire
{
    public string? LogStreamName { get; set; }

    public long? Timestamp { get; set; }

    public string? Message { get; set; }

    public long? IngestionTime { get; set; }

    public string? EventId { get; set; }
}

internal sealed class DescribeLogGroupsWireRequest
{
    public string? LogGroupNamePrefix { get; set; }

    public string? NextToken { get; set; }
}

internal sealed class DescribeLogGroupsWireResponse
{
    public List<LogGroupWire>? LogGroups { get; set; }

    public string? NextToken { get; set; }
}

internal sealed class LogGroupWire
{
    public string? LogGroupName { get; set; }

    public string? Arn { get; set; }

    public long? CreationTime { get; set; }

    public int? RetentionInDays { get; set; }

    public long? StoredBytes { get; set; }
}

internal sealed class GetFunctionWireResponse
{
    public FunctionConfigurationWire? Configuration { get; set; }

    public FunctionCodeLocationWire? Code { get; set; }

    public Dictionary<string, string>? Tags { get; set; }
}

internal sealed class FunctionCodeLocationWire
{
    public string? RepositoryType { get; set; }

    public string? Location { get; set; }
}

internal sealed class ListFunctionsWireResponse
{
    public List<FunctionConfigurationWire>? Functions { get; set; }

    public string? NextMarker { get; set; }
}

internal sealed class FunctionConfigurationWire
{
    public string? FunctionName { get; set; }

    public string? FunctionArn { get; set; }

    public string? Runtime { get; set; }

    public string? Role { get; set; }

    public string? Handler { get; set; }

    public long? CodeSize { get; set; }

    public string? Description { get; set; }

    public int? Timeout { get; set; }

    public int? MemorySize { get; set; }

    public string? LastModified { get; set; }

    public string? CodeSha256 { get; set; }

    public string? Version { get; set; }

    public string? State { get; set; }

    public string? PackageType { get; set; }

    public FunctionEnvironmentWire? Environment { get; set; }

    public List<string>? Architectures { get; set; }
}

internal sealed class FunctionEnvironmentWire
{
    public Dictionary<string, string>? Variables { get; set; }
}
