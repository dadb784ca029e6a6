using System.Net;

namespace PipelineSpecs.Aws;

/// <summary>
/// An error answered by an AWS service (or an emulator), with the service's error code and request id.
/// </summary>
public sealed class AwsServiceException : Exception
{
    /// <summary>Creates the exception; the message reads like <c>sns Publish failed: NotFound (HTTP 404, request id
    /// abc): Topic does not exist</c>.</summary>
    /// <param name="serviceName">The service's signing name, such as <c>sns</c>.</param>
    /// <param name="operation">The API operation, such as <c>Publish</c>.</param>
    /// <param name="errorCode">The AWS error code, such as <c>NotFound</c>.</param>
    /// <param name="errorMessage">The service's own message, possibly empty.</param>
    /// <param name="requestId">The request id the service answered with, when it sent one.</param>
    /// <param name="statusCode">The HTTP status code.</param>
    /// <param name="innerException">The underlying exception, if any.</param>
    public AwsServiceException(
        string serviceName,
        string operation,
        string errorCode,
        string errorMessage,
        string? requestId,
        HttpStatusCode statusCode,
        Exception? innerException = null)
        : base(Format(serviceName, operation, errorCode, errorMessage, requestId, statusCode), innerException)
    {
        ServiceName = serviceName;
        Operation = operation;
        ErrorCode = errorCode;
        ErrorMessage = errorMessage;
        RequestId = requestId;
        StatusCode = statusCode;
    }

    /// <summary>The service's signing name, such as <c>sns</c>, <c>monitoring</c>, <c>lambda</c>, <c>iam</c>,
    /// <c>logs</c>.</summary>
    public string ServiceName { get; }

    /// <summary>The API operation that failed, such as <c>Publish</c>.</summary>
    public string Operation { get; }

    /// <summary>The AWS error code, such as <c>NotFound</c>, <c>ResourceNotFoundException</c> or
    /// <c>NoSuchEntity</c>.</summary>
    public string ErrorCode { get; }

    /// <summary>The service's own error message, without the operation and code prefix of
    /// <see cref="Exception.Message"/>.</summary>
    public string ErrorMessage { get; }

    /// <summary>The request id the service answered with, when it sent one.</summary>
    public string? RequestId { get; }

    /// <summary>The HTTP status code of the answer.</summary>
    public HttpStatusCode StatusCode { get; }

    private static string Format(
        string serviceName,
        string operation,
        string errorCode,
        string errorMessage,
        string? requestId,
        HttpStatusCode statusCode)
    {
        var request = requestId is null ? "no request id" : $"request id {requestId}";
        var text = $"{serviceName} {operation} failed: {errorCode} (HTTP {(int)statusCode}, {request})";
        return string.IsNullOrEmpty(errorMessage) ? text : $"{text}: {errorMessage}";
    }
}
