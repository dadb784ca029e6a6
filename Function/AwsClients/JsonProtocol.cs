using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace PipelineSpecs.Aws;

/// <summary>
/// The AWS JSON 1.1 protocol (CloudWatch Logs): a POST to <c>/</c> naming the operation in <c>X-Amz-Target</c>.
/// </summary>
internal sealed class JsonProtocol
{
    private const string ContentType = "application/x-amz-json-1.1";

    private readonly AwsTransport _transport;
    private readonly string _targetPrefix;

    public JsonProtocol(AwsTransport transport, string targetPrefix)
    {
        _transport = transport;
        _targetPrefix = targetPrefix;
    }

    public async Task<TResponse> SendAsync<TRequest, TResponse>(
        string operation,
        TRequest request,
        JsonTypeInfo<TRequest> requestType,
        JsonTypeInfo<TResponse> responseType,
        CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(request, requestType);
        var response = await SendRawAsync(operation, body, cancellationToken).ConfigureAwait(false);
        return JsonSerializer.Deserialize(response, responseType)
            ?? throw new InvalidDataException($"{_transport.SigningName} {operation} answered 'null'.");
    }

    /// <summary>Sends an already serialized body and returns the answer's body (<c>{}</c> when empty).</summary>
    public async Task<byte[]> SendRawAsync(string operation, byte[] body, CancellationToken cancellationToken)
    {
        var request = new AwsRequest(operation, HttpMethod.Post, string.Empty)
        {
            Content = body,
            ContentType = ContentType,
        };
        request.Headers["X-Amz-Target"] = $"{_targetPrefix}.{operation}";
        var response = await _transport.SendAsync(request, cancellationToken).ConfigureAwait(false);
        return response.Body.Length == 0 ? "{}"u8.ToArray() : response.Body;
    }
}
