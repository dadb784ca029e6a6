namespace PipelineSpecs.Function;

/// <summary>The environment variables the function reads, and who sets each of them.</summary>
public static class EnvironmentVariables
{
    /// <summary>Set by Lambda (or an emulator) to <c>host:port</c> of the Runtime API; absent outside Lambda.</summary>
    public const string RuntimeApi = "AWS_LAMBDA_RUNTIME_API";

    /// <summary>Set by Lambda per invocation from the <c>Lambda-Runtime-Trace-Id</c> header; X-Ray reads it.</summary>
    public const string TraceId = "_X_AMZN_TRACE_ID";

    /// <summary>Set by Lambda: the function's region.</summary>
    public const string Region = "AWS_REGION";

    /// <summary>Set by Terraform (<c>infra/</c>): the bucket of <c>thumbnails/&lt;key&gt;</c>. Required.</summary>
    public const string ProcessedBucket = "PROCESSED_BUCKET";

    /// <summary>Set by Terraform: topic that receives one JSON summary per thumbnail. Required.</summary>
    public const string SnsTopicArn = "SNS_TOPIC_ARN";

    /// <summary>Set by Terraform: CloudWatch namespace of the <c>FilesProcessed</c> metric. Required.</summary>
    public const string MetricNamespace = "METRIC_NAMESPACE";

    /// <summary>Optional: longest side of a thumbnail in pixels, a positive integer (default 128).</summary>
    public const string ThumbnailMaxDim = "THUMBNAIL_MAX_DIM";

    /// <summary>
    /// Optional, set by Terraform from <c>thumbnail_engine</c>: the image library that makes thumbnails,
    /// <c>imagesharp</c> (the default, also when unset) or <c>libvips</c>.
    /// </summary>
    public const string ThumbnailEngine = "THUMBNAIL_ENGINE";

    /// <summary>
    /// Optional, set by Terraform only when <c>max_source_pixels</c> is given: the largest upload, in pixels
    /// (width times height as the file declares it), the function agrees to decode. Unset: derived from
    /// <see cref="FunctionMemorySize"/>.
    /// </summary>
    public const string MaxSourcePixels = "MAX_SOURCE_PIXELS";

    /// <summary>
    /// Optional, set by Terraform only when <c>max_source_bytes</c> is given: the largest upload, in bytes, the
    /// function agrees to download; a larger one is refused from its size alone. Unset:
    /// <see cref="FunctionSettings.DefaultMaxSourceBytes"/>.
    /// </summary>
    public const string MaxSourceBytes = "MAX_SOURCE_BYTES";

    /// <summary>
    /// Optional, set by Terraform only when <c>fault_injection</c> is true (the suite's fault stack):
    /// <c>enabled</c> lets an upload's metadata ask for a timeout, a crash or a failed summary. Unset or
    /// <c>disabled</c> in production.
    /// </summary>
    public const string FaultInjection = "FAULT_INJECTION";

    /// <summary>Set by Lambda (and the embedded executor): the function's memory size in MB.</summary>
    public const string FunctionMemorySize = "AWS_LAMBDA_FUNCTION_MEMORY_SIZE";

    /// <summary>
    /// Set by the embedded and emulator targets (never on AWS): the endpoint every SDK client talks to.
    /// The SDK reads it itself; the function only looks at it to choose path-style S3 addressing.
    /// </summary>
    public const string EndpointUrl = "AWS_ENDPOINT_URL";

    /// <summary>Service-specific form of <see cref="EndpointUrl"/> for S3; it wins over the global one.</summary>
    public const string S3EndpointUrl = "AWS_ENDPOINT_URL_S3";
}
