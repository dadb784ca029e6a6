using System.Net;
using System.Net.Http.Headers;
using Amazon;
using Amazon.Runtime.Signing;

namespace PipelineSpecs.Aws;

/// <summary>One request to an AWS service, before signing.</summary>
internal sealed class AwsRequest
{
    public AwsRequest(string operation, HttpMethod method, string path)
    {
        Operation = operation;
        Method = method;
        Path = path;
    }

    /// <summary>The API operation, for error messages.</summary>
    public string Operation { get; }

    public HttpMethod Method { get; }

    /// <summary>Path and query relative to the endpoint, already percent-encoded.</summary>
    public string Path { get; }

    public byte[]? Content { get; init; }

    public string? ContentType { get; init; }

    public Dictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);
}

/// <summary>A successful answer: status, headers and the whole body.</summary>
internal sealed class AwsResponse
{
    public AwsResponse(HttpStatusCode statusCode, IReadOnlyDictionary<string, string> headers, byte[] body)
    {
        StatusCode = statusCode;
        Headers = headers;
        Body = body;
    }

    public HttpStatusCode StatusCode { get; }

    public IReadOnlyDictionary<string, string> Headers { get; }

    public byte[] Body { get; }

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}

/// <summary>
/// The one piece every client shares: resolves the endpoint, signs with SigV4 (session token included) and sends,
/// turning any non-success answer into <see cref="AwsServiceException"/>.
/// </summary>
internal sealed class AwsTransport
{
    // One pooled client for every instance that is not handed its own; connections are recycled so DNS changes apply.
    private static readonly HttpClient SharedHttpClient = new(new SocketsHttpHandler
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
    });

    // The error codes the SDKs' standard retry mode treats as throttling, whatever the HTTP status.
    private static readonly HashSet<string> ThrottlingCodes = new(StringComparer.Ordinal)
    {
        "Throttling",
        "ThrottlingException",
        "ThrottledException",
        "RequestThrottledException",
        "TooManyRequestsException",
        "ProvisionedThroughputExceededException",
        "TransactionInProgressException",
        "RequestLimitExceeded",
        "BandwidthLimitExceeded",
        "LimitExceededException",
        "RequestThrottled",
        "SlowDown",
        "PriorRequestNotComplete",
        "EC2ThrottledException",
    };

    private static readonly TimeSpan BaseBackoff = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(20);

    private readonly AwsClientConfig _config;
    private readonly HttpClient _httpClient;
    private readonly Uri _endpoint;
    private readonly RegionEndpoint _signingRegion;

    public AwsTransport(
        AwsClientConfig config,
        HttpClient? httpClient,
        string serviceId,
        string endpointPrefix,
        string signingName)
    {
        ArgumentNullException.ThrowIfNull(config);
        _config = config;
        _httpClient = httpClient ?? SharedHttpClient;
        SigningName = signingName;
        var endpoint = config.ResolveEndpoint(serviceId, endpointPrefix);
        _endpoint = endpoint.AbsoluteUri.EndsWith('/') ? endpoint : new Uri(endpoint.AbsoluteUri + "/");
        _signingRegion = RegionEndpoint.GetBySystemName(config.SigningRegion(endpointPrefix));
    }

    /// <summary>The signing name, which is also the service name in error messages.</summary>
    public string SigningName { get; }

    /// <summary>The endpoint requests go to, with a trailing slash.</summary>
    public Uri Endpoint => _endpoint;

    /// <summary>
    /// Sends a request, retrying as the SDKs' standard retry mode does: throttling errors, HTTP 5xx and connection
    /// failures are tried again, up to <see cref="AwsClientConfig.MaxAttempts"/> attempts in all, after an
    /// exponential backoff with full jitter. Each attempt is signed afresh.
    /// </summary>
    public async Task<AwsResponse> SendAsync(AwsRequest request, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await SendOnceAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (attempt < _config.MaxAttempts && IsRetryable(ex, cancellationToken))
            {
                await Task.Delay(Backoff(attempt), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static bool IsRetryable(Exception exception, CancellationToken cancellationToken) => exception switch
    {
        AwsServiceException service => (int)service.StatusCode >= 500
            || service.StatusCode == HttpStatusCode.TooManyRequests
            || ThrottlingCodes.Contains(service.ErrorCode),
        HttpRequestException => true,

        // HttpClient's own timeout surfaces as a cancellation the caller did not ask for.
        TaskCanceledException => !cancellationToken.IsCancellationRequested,
        _ => false,
    };

    private static TimeSpan Backoff(int attempt)
    {
        var ceiling = Math.Min(MaxBackoff.TotalMilliseconds, BaseBackoff.TotalMilliseconds * Math.Pow(2, attempt - 1));
        return TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * ceiling);
    }

    private async Task<AwsResponse> SendOnceAsync(AwsRequest request, CancellationToken cancellationToken)
    {
        var uri = new Uri(_endpoint, request.Path.TrimStart('/'));
        var content = request.Content ?? [];
        var signingRequest = new AWSSigningRequest
        {
            HttpMethod = request.Method,
            RequestUri = uri,
            Content = content,
        };
        if (request.ContentType is not null)
        {
            signingRequest.Headers["Content-Type"] = request.ContentType;
        }

        foreach (var (name, value) in request.Headers)
        {
            signingRequest.Headers[name] = value;
        }

        var credentials = await _config.GetCredentialsAsync(cancellationToken).ConfigureAwait(false);
        var signed = await AWSSigV4Signer.SignAsync(
                signingRequest,
                new AWSSigV4Parameters { Credentials = credentials, Region = _signingRegion, Service = SigningName },
                cancellationToken)
            .ConfigureAwait(false);

        using var message = new HttpRequestMessage(request.Method, uri);
        if (request.Content is not null || request.ContentType is not null)
        {
            message.Content = new ByteArrayContent(content);
            if (request.ContentType is not null)
            {
                message.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(request.ContentType);
            }
        }

        foreach (var (name, value) in request.Headers.Concat(signed.Headers))
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await _httpClient
            .SendAsync(message, HttpCompletionOption.ResponseContentRead, cancellationToken)
            .ConfigureAwait(false);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            headers[name] = string.Join(",", values);
        }

        if (!response.IsSuccessStatusCode)
        {
            throw AwsErrorParser.Parse(SigningName, request.Operation, response.StatusCode, headers, body);
        }

        return new AwsResponse(response.StatusCode, headers, body);
    }
}
