namespace PipelineSpecs.Function.Runtime;

/// <summary>One invocation as <c>GET /runtime/invocation/next</c> delivers it.</summary>
/// <param name="RequestId">From <c>Lambda-Runtime-Aws-Request-Id</c>.</param>
/// <param name="Deadline">From <c>Lambda-Runtime-Deadline-Ms</c> (Unix milliseconds).</param>
/// <param name="InvokedFunctionArn">From <c>Lambda-Runtime-Invoked-Function-Arn</c>.</param>
/// <param name="TraceId">From <c>Lambda-Runtime-Trace-Id</c>, when X-Ray tracing is on.</param>
/// <param name="Payload">The event, as JSON.</param>
public sealed record Invocation(
    string RequestId,
    DateTimeOffset? Deadline,
    string? InvokedFunctionArn,
    string? TraceId,
    string Payload);
