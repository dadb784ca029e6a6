using System.Net;
using System.Text;
using System.Text.Json;

namespace PipelineSpecs.Aws;

/// <summary>How <c>Invoke</c> runs a function.</summary>
public enum InvocationType
{
    /// <summary>Synchronously: the answer carries the function's result (HTTP 200).</summary>
    RequestResponse,

    /// <summary>Asynchronously: the event is queued (HTTP 202), as S3 notifications are.</summary>
    Event,

    /// <summary>Only checks the caller may invoke the function (HTTP 204).</summary>
    DryRun,
}

/// <summary>A function's settings, as <c>GetFunction</c> and <c>ListFunctions</c> return them.</summary>
/// <param name="FunctionName">The function's name.</param>
/// <param name="FunctionArn">The function's ARN.</param>
/// <param name="Runtime">The runtime, such as <c>provided.al2023</c>; <c>null</c> for container images.</param>
/// <param name="Role">The execution role's ARN.</param>
/// <param name="Handler">The handler, or <c>null</c>.</param>
/// <param name="CodeSize">The deployment package's size in bytes.</param>
/// <param name="Description">The description, or <c>null</c>.</param>
/// <param name="Timeout">The timeout in seconds.</param>
/// <param name="MemorySize">The memory in MB.</param>
/// <param name="LastModified">When the function was last changed, as the service formats it.</param>
/// <param name="CodeSha256">The base64 SHA-256 of the deployment package.</param>
/// <param name="Version">The version, such as <c>$LATEST</c>.</param>
/// <param name="State">The state, such as <c>Active</c> or <c>Pending</c>, when reported.</param>
/// <param name="PackageType">The package type, <c>Zip</c> or <c>Image</c>, when reported.</param>
/// <param name="EnvironmentVariables">The function's environment variables.</param>
/// <param name="Architectures">The instruction set architectures, such as <c>x86_64</c>.</param>
public sealed record FunctionConfiguration(
    string FunctionName,
    string FunctionArn,
    string? Runtime,
    string? Role,
    string? Handler,
    long CodeSize,
    string? Description,
    int Timeout,
    int MemorySize,
    string? LastModified,
    string? CodeSha256,
    string? Version,
    string? State,
    string? PackageType,
    IReadOnlyDictionary<string, string> EnvironmentVariables,
    IReadOnlyList<string> Architectures);

/// <summary>What <c>GetFunction</c> returns.</summary>
/// <param name="Configuration">The function's settings.</param>
/// <param name="CodeLocation">A presigned URL of the deployment package, when the service returns one.</param>
/// <param name="Tags">The function's tags.</param>
public sealed record GetFunctionResult(
    FunctionConfiguration Configuration,
    string? CodeLocation,
    IReadOnlyDictionary<string, string> Tags);

/// <summary>What <c>Invoke</c> returns.</summary>
/// <param name="StatusCode">200 for <c>RequestResponse</c>, 202 for <c>Event</c>, 204 for <c>DryRun</c>.</param>
/// <param name="FunctionError"><c>Unhandled</c> or <c>Handled</c> when the function failed
/// (<c>X-Amz-Function-Error</c>), else <c>null</c>.</param>
/// <param name="Payload">The function's response, or its error object.</param>
/// <param name="LogResult">The last 4 KB of the execution log, decoded, when requested with
/// <c>LogType=Tail</c>.</param>
/// <param name="ExecutedVersion">The version that ran, when reported.</param>
public sealed record InvokeResult(
    int StatusCode,
    string? FunctionError,
    byte[] Payload,
    string? LogResult,
    string? ExecutedVersion);

/// <summary>The Lambda operations the suite uses.</summary>
public interface ILambdaClient
{
    /// <summary>Reads a function's settings, code location and tags (<c>GetFunction</c>).</summary>
    /// <param name="functionName">The function's name, ARN or partial ARN.</param>
    /// <param name="qualifier">A version or alias, or <c>null</c> for <c>$LATEST</c>.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    Task<GetFunctionResult> GetFunctionAsync(
        string functionName,
        string? qualifier = null,
        CancellationToken cancellationToken = default);

    /// <summary>Invokes a function (<c>Invoke</c>). A function error is a result, not an exception.</summary>
    /// <param name="functionName">The function's name, ARN or partial ARN.</param>
    /// <param name="payload">The event, usually JSON.</param>
    /// <param name="invocationType">How to invoke.</param>
    /// <param name="tailLog">Whether to ask for the log tail (<c>LogType=Tail</c>, synchronous invocations
    /// only).</param>
    /// <param name="qualifier">A version or alias, or <c>null</c>.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    Task<InvokeResult> InvokeAsync(
        string functionName,
        ReadOnlyMemory<byte> payload,
        InvocationType invocationType = InvocationType.RequestResponse,
        bool tailLog = false,
        string? qualifier = null,
        CancellationToken cancellationToken = default);

    /// <summary>Lists every function (<c>ListFunctions</c>, all pages).</summary>
    /// <param name="cancellationToken">Cancels the requests.</param>
    Task<IReadOnlyList<FunctionConfiguration>> ListFunctionsAsync(CancellationToken cancellationToken = default);
}

/// <summary>A client for AWS Lambda's control and invoke API over REST JSON.</summary>
public sealed class LambdaClient : ILambdaClient
{
    private const string ApiVersion = "2015-03-31";

    /// <summary>Creates a client for the endpoint <paramref name="config"/> resolves for service id
    /// <c>Lambda</c>.</summary>
    /// <param name="config">Region, credentials and endpoints.</param>
    /// <param name="httpClient">The HTTP client to send with (not disposed), or <c>null</c> for a shared one.</param>
    public LambdaClient(AwsClientConfig config, HttpClient? httpClient = null)
    {
        Transport = new AwsTransport(config, httpClient, "Lambda", "lambda", "lambda");
    }

    /// <summary>The endpoint requests go to.</summary>
    public Uri Endpoint => Transport.Endpoint;

    internal AwsTransport Transport { get; }

    /// <inheritdoc />
    public async Task<GetFunctionResult> GetFunctionAsync(
        string functionName,
        string? qualifier = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(functionName);
        var path = $"{ApiVersion}/functions/{Uri.EscapeDataString(functionName)}{QualifierQuery(qualifier)}";
        var response = await Transport.SendAsync(new AwsRequest("GetFunction", HttpMethod.Get, path), cancellationToken)
            .ConfigureAwait(false);
        var wire = JsonSerializer.Deserialize(response.Body, LambdaJsonContext.Default.GetFunctionWireResponse)
            ?? throw new InvalidDataException("lambda GetFunction answered 'null'.");
        var configuration = wire.Configuration
            ?? throw new InvalidDataException("lambda GetFunction answered without a Configuration.");
        return new GetFunctionResult(
            Map(configuration),
            wire.Code?.Location,
            wire.Tags ?? new Dictionary<string, string>());
    }

    /// <inheritdoc />
    public async Task<InvokeResult> InvokeAsync(
        string functionName,
        ReadOnlyMemory<byte> payload,
        InvocationType invocationType = InvocationType.RequestResponse,
        bool tailLog = false,
        string? qualifier = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(functionName);
        var path = $"{ApiVersion}/functions/{Uri.EscapeDataString(functionName)}/invocations"
            + QualifierQuery(qualifier);
        var request = new AwsRequest("Invoke", HttpMethod.Post, path) { Content = payload.ToArray() };
        request.Headers["X-Amz-Invocation-Type"] = invocationType.ToString();
        if (tailLog)
        {
            request.Headers["X-Amz-Log-Type"] = "Tail";
        }

        var response = await Transport.SendAsync(request, cancellationToken).ConfigureAwait(false);
        return ToInvokeResult(response);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<FunctionConfiguration>> ListFunctionsAsync(
        CancellationToken cancellationToken = default)
    {
        var functions = new List<FunctionConfiguration>();
        string? marker = null;
        do
        {
            var path = $"{ApiVersion}/functions/"
                + (marker is null ? string.Empty : $"?Marker={Uri.EscapeDataString(marker)}");
            var response = await Transport
                .SendAsync(new AwsRequest("ListFunctions", HttpMethod.Get, path), cancellationToken)
                .ConfigureAwait(false);
            var page = JsonSerializer.Deserialize(response.Body, LambdaJsonContext.Default.ListFunctionsWireResponse)
                ?? throw new InvalidDataException("lambda ListFunctions answered 'null'.");
            functions.AddRange((page.Functions ?? []).Select(Map));
            marker = string.IsNullOrEmpty(page.NextMarker) || page.NextMarker == marker ? null : page.NextMarker;
        }
        while (marker is not null);

        return functions;
    }

    /// <summary>Any Lambda REST call with a JSON body, for test fixtures (CreateFunction, DeleteFunction).</summary>
    internal async Task<(HttpStatusCode StatusCode, string Body)> SendAsync(
        string operation,
        HttpMethod method,
        string path,
        string? json,
        CancellationToken cancellationToken)
    {
        var request = new AwsRequest(operation, method, path)
        {
            Content = json is null ? null : Encoding.UTF8.GetBytes(json),
            ContentType = json is null ? null : "application/json",
        };
        var response = await Transport.SendAsync(request, cancellationToken).ConfigureAwait(false);
        return (response.StatusCode, Encoding.UTF8.GetString(response.Body));
    }

    /// <summary>Reads an Invoke answer: a function error travels in headers, with a 200 status.</summary>
    internal static InvokeResult ToInvokeResult(AwsResponse response)
    {
        var logResult = response.Header("X-Amz-Log-Result") is { Length: > 0 } encoded
            ? Encoding.UTF8.GetString(Convert.FromBase64String(encoded))
            : null;
        return new InvokeResult(
            (int)response.StatusCode,
            response.Header("X-Amz-Function-Error") is { Length: > 0 } error ? error : null,
            response.Body,
            logResult,
            response.Header("X-Amz-Executed-Version"));
    }

    private static string QualifierQuery(string? qualifier) =>
        string.IsNullOrEmpty(qualifier) ? string.Empty : $"?Qualifier={Uri.EscapeDataString(qualifier)}";

    private static FunctionConfiguration Map(FunctionConfigurationWire wire) => new(
        wire.FunctionName ?? string.Empty,
        wire.FunctionArn ?? string.Empty,
        wire.Runtime,
        wire.Role,
        wire.Handler,
        wire.CodeSize ?? 0,
        wire.Description,
        wire.Timeout ?? 0,
        wire.MemorySize ?? 0,
        wire.LastModified,
        wire.CodeSha256,
        wire.Version,
        wire.State,
        wire.PackageType,
        wire.Environment?.Variables ?? new Dictionary<string, string>(),
        wire.Architectures ?? []);
}
