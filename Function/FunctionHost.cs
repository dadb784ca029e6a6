using Amazon;
using Amazon.S3;
using PipelineSpecs.Aws;
using PipelineSpecs.Function.Handler;
using PipelineSpecs.Function.Runtime;

namespace PipelineSpecs.Function;

/// <summary>Start-up of the custom runtime: read the environment, build the clients, run the loop.</summary>
public static class FunctionHost
{
    /// <summary>Exit code when <c>AWS_LAMBDA_RUNTIME_API</c> is missing (started outside Lambda).</summary>
    public const int NoRuntimeApi = 64;

    /// <summary>Exit code when the Runtime API stops answering.</summary>
    public const int RuntimeApiUnreachable = 69;

    /// <summary>Exit code after an init error was reported to the Runtime API.</summary>
    public const int InitFailed = 78;

    /// <summary>
    /// Runs the function until <paramref name="cancellationToken"/> is cancelled; returns the process exit code.
    /// </summary>
    /// <param name="lookup">Reads an environment variable (the process environment in production).</param>
    /// <param name="log">Where the JSON log lines go.</param>
    /// <param name="errors">Where a missing Runtime API is reported, as there is nowhere else to report it.</param>
    /// <param name="cancellationToken">Stops the loop; Lambda itself just ends the process.</param>
    public static async Task<int> RunAsync(
        Func<string, string?> lookup,
        JsonLogger log,
        TextWriter errors,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lookup);
        ArgumentNullException.ThrowIfNull(errors);
        var runtimeApi = lookup(EnvironmentVariables.RuntimeApi);
        if (string.IsNullOrWhiteSpace(runtimeApi))
        {
            await errors.WriteLineAsync(
                $"{EnvironmentVariables.RuntimeApi} is not set. bootstrap is an AWS Lambda custom runtime " +
                "(provided.al2023): Lambda, or an emulator of its Runtime API, starts it with that variable " +
                "set to the host:port of the Runtime API.").ConfigureAwait(false);
            return NoRuntimeApi;
        }

        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var api = new RuntimeApiClient(runtimeApi, http);
        var handler = await InitAsync(api, lookup, log, cancellationToken).ConfigureAwait(false);
        if (handler is null)
        {
            return InitFailed;
        }

        var loop = new RuntimeLoop(
            api, (invocation, token) => handler.HandleJsonAsync(invocation.Payload, invocation.RequestId, token), log);
        await loop.RunAsync(cancellationToken).ConfigureAwait(false);
        return 0;
    }

    private static async Task<ThumbnailHandler?> InitAsync(
        RuntimeApiClient api,
        Func<string, string?> lookup,
        JsonLogger log,
        CancellationToken cancellationToken)
    {
        try
        {
            var settings = FunctionSettings.FromLookup(lookup);
            ThumbnailEngines.EnsureLoaded(settings.ThumbnailEngine);
            var aws = AwsClientConfig.FromEnvironment();
            var handler = new ThumbnailHandler(
                CreateS3Client(lookup), new SnsClient(aws), new CloudWatchClient(aws), settings, log);
            log.Info("function initialised", null,
                LogField.Of("processedBucket", settings.ProcessedBucket),
                LogField.Of("thumbnailMaxDim", settings.ThumbnailMaxDim),
                LogField.Of("thumbnailEngine", ThumbnailEngines.NameOf(settings.ThumbnailEngine)),
                LogField.Of("maxSourcePixels", settings.MaxSourcePixels),
                LogField.Of("faultInjection", settings.FaultInjection ? "enabled" : "disabled"));
            return handler;
        }
        catch (Exception error)
        {
            log.Error("function cannot start", null,
                LogField.Of("errorType", error.GetType().Name), LogField.Of("error", error.Message));
            await api.ReportInitErrorAsync(error, cancellationToken).ConfigureAwait(false);
            return null;
        }
    }

    /// <summary>
    /// An S3 client whose endpoint and region come from the environment as the SDK resolves them
    /// (<c>AWS_ENDPOINT_URL_S3</c>, <c>AWS_ENDPOINT_URL</c>, <c>AWS_REGION</c>); the SDK
    /// reads the endpoint variables itself, so no <c>ServiceURL</c> is set here.
    /// </summary>
    /// <remarks>
    /// Virtual-host addressing needs DNS for <c>bucket.host</c>, which an overridden endpoint such as moto on
    /// loopback does not have; AWS itself gets the default virtual-host style.
    /// </remarks>
    public static AmazonS3Client CreateS3Client(Func<string, string?> lookup)
    {
        ArgumentNullException.ThrowIfNull(lookup);
        var endpoint = lookup(EnvironmentVariables.S3EndpointUrl) ?? lookup(EnvironmentVariables.EndpointUrl);
        var config = new AmazonS3Config { ForcePathStyle = !string.IsNullOrWhiteSpace(endpoint) };
        if (lookup(EnvironmentVariables.Region) is { Length: > 0 } region)
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
        }

        return new AmazonS3Client(config);
    }
}
