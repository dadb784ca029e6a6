using System.Globalization;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Credentials;

namespace PipelineSpecs.Aws;

/// <summary>
/// Region, credentials and endpoints shared by the thin AWS clients, resolved the way the AWS SDKs resolve them.
/// </summary>
public sealed class AwsClientConfig
{
    /// <summary>Region variable read first, as the SDKs and the Lambda runtime set it.</summary>
    public const string RegionVariable = "AWS_REGION";

    /// <summary>Region variable read when <see cref="RegionVariable"/> is not set (the AWS CLI's name).</summary>
    public const string DefaultRegionVariable = "AWS_DEFAULT_REGION";

    /// <summary>Endpoint for every service, set by runsettings for emulator targets.</summary>
    public const string EndpointUrlVariable = "AWS_ENDPOINT_URL";

    /// <summary>When <c>true</c>, the SDKs ignore every configured endpoint URL and use the regional
    /// endpoint.</summary>
    public const string IgnoreConfiguredEndpointUrlsVariable = "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS";

    /// <summary>Total attempts per request, including the first (the SDKs' standard retry mode; default 3).</summary>
    public const string MaxAttemptsVariable = "AWS_MAX_ATTEMPTS";

    private const int DefaultMaxAttempts = 3;

    private readonly Uri? _endpointOverride;
    private readonly Func<string, string?> _environment;
    private readonly int _maxAttempts = DefaultMaxAttempts;
    private AWSCredentials? _credentials;

    /// <summary>
    /// Creates a configuration with an explicit region. Environment variables are not read: the endpoint is
    /// <paramref name="endpointOverride"/> for every service when given, else the regional endpoint.
    /// </summary>
    /// <param name="region">Region system name, such as <c>us-east-1</c>.</param>
    /// <param name="endpointOverride">Endpoint for every service (an emulator), or <c>null</c> for AWS.</param>
    /// <param name="credentials">Credentials, or <c>null</c> to resolve the SDK's default chain on first use.</param>
    public AwsClientConfig(string region, Uri? endpointOverride = null, AWSCredentials? credentials = null)
        : this(region, endpointOverride, credentials, static _ => null)
    {
    }

    private AwsClientConfig(
        string region,
        Uri? endpointOverride,
        AWSCredentials? credentials,
        Func<string, string?> environment)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(region);
        if (endpointOverride is { IsAbsoluteUri: false })
        {
            throw new ArgumentException("The endpoint override must be an absolute URI.", nameof(endpointOverride));
        }

        Region = region.Trim();
        _endpointOverride = endpointOverride;
        _credentials = credentials;
        _environment = environment;
    }

    /// <summary>The region requests are signed for and regional endpoints are built from.</summary>
    public string Region { get; }

    /// <summary>
    /// Total attempts per request, the first included: throttling errors, HTTP 5xx and connection failures are
    /// retried with exponential backoff, as the SDKs' standard retry mode does. 1 disables retries. Default 3, or
    /// <c>AWS_MAX_ATTEMPTS</c> when the configuration comes from the environment.
    /// </summary>
    public int MaxAttempts
    {
        get => _maxAttempts;
        init => _maxAttempts = value >= 1
            ? value
            : throw new ArgumentOutOfRangeException(nameof(value), value, "At least one attempt is needed.");
    }

    /// <summary>
    /// Reads the process environment: region from <c>AWS_REGION</c>, then <c>AWS_DEFAULT_REGION</c>; endpoints from
    /// <c>AWS_ENDPOINT_URL_&lt;SERVICE_ID&gt;</c>, then <c>AWS_ENDPOINT_URL</c>; credentials from the SDK's default
    /// chain (environment, profile, web identity, container, instance), resolved on first request.
    /// </summary>
    /// <exception cref="InvalidOperationException">No region is set, or an endpoint variable is not a URL.</exception>
    public static AwsClientConfig FromEnvironment() => FromEnvironment(Environment.GetEnvironmentVariable);

    /// <summary>
    /// As <see cref="FromEnvironment()"/>, with region and endpoint variables read through
    /// <paramref name="getVariable"/> instead of the process environment. Credentials still come from the SDK's
    /// default chain, which reads the process environment itself.
    /// </summary>
    /// <param name="getVariable">Returns the value of an environment variable, or <c>null</c> when unset.</param>
    public static AwsClientConfig FromEnvironment(Func<string, string?> getVariable)
    {
        ArgumentNullException.ThrowIfNull(getVariable);
        var region = NonEmpty(getVariable(RegionVariable)) ?? NonEmpty(getVariable(DefaultRegionVariable))
            ?? throw new InvalidOperationException(
                $"No AWS region configured: set {RegionVariable} (or {DefaultRegionVariable}) to a region such as "
                + "us-east-1.");
        var endpoint = IgnoresConfiguredEndpoints(getVariable)
            ? null
            : ParseEndpoint(EndpointUrlVariable, getVariable(EndpointUrlVariable));
        return new AwsClientConfig(region, endpoint, credentials: null, getVariable)
        {
            MaxAttempts = ParseMaxAttempts(getVariable(MaxAttemptsVariable)),
        };
    }

    /// <summary>
    /// The endpoint for a service: <c>AWS_ENDPOINT_URL_&lt;SERVICE_ID&gt;</c> (when this configuration came from the
    /// environment), then the global override (<c>AWS_ENDPOINT_URL</c> or the constructor's argument), then the
    /// regional endpoint <c>https://{endpointPrefix}.{region}.{dnsSuffix}</c>; IAM is global.
    /// </summary>
    /// <param name="serviceId">The SDK service id, such as <c>SNS</c> or <c>CloudWatch Logs</c>.</param>
    /// <param name="endpointPrefix">The endpoint prefix, such as <c>sns</c>, <c>monitoring</c> or <c>logs</c>.</param>
    public Uri ResolveEndpoint(string serviceId, string endpointPrefix)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(serviceId);
        ArgumentException.ThrowIfNullOrWhiteSpace(endpointPrefix);
        if (!IgnoresConfiguredEndpoints(_environment))
        {
            var variable = ServiceEndpointVariable(serviceId);
            var serviceEndpoint = ParseEndpoint(variable, _environment(variable));
            if (serviceEndpoint is not null)
            {
                return serviceEndpoint;
            }
        }

        if (_endpointOverride is not null)
        {
            return _endpointOverride;
        }

        if (endpointPrefix == "iam")
        {
            return new Uri(GlobalIamHost() is { } host ? $"https://{host}" : $"https://iam.{Region}.{DnsSuffix()}");
        }

        return new Uri($"https://{endpointPrefix}.{Region}.{DnsSuffix()}");
    }

    /// <summary>
    /// The environment variable that sets one service's endpoint: the service id upper-cased, with spaces and
    /// hyphens turned into underscores (<c>CloudWatch Logs</c> becomes <c>AWS_ENDPOINT_URL_CLOUDWATCH_LOGS</c>).
    /// </summary>
    /// <param name="serviceId">The SDK service id.</param>
    public static string ServiceEndpointVariable(string serviceId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(serviceId);
        var normalized = serviceId.Trim().ToUpperInvariant().Replace(' ', '_').Replace('-', '_');
        return $"{EndpointUrlVariable}_{normalized}";
    }

    /// <summary>The region a request to the service is signed for: IAM signs for its partition's global
    /// region.</summary>
    internal string SigningRegion(string endpointPrefix) =>
        endpointPrefix == "iam" && GlobalIamHost() is not null ? IamSigningRegion() : Region;

    /// <summary>The configured credentials, or the SDK default chain's, resolved once and cached.</summary>
    /// <exception cref="InvalidOperationException">The default chain found no credentials.</exception>
    public async ValueTask<AWSCredentials> GetCredentialsAsync(CancellationToken cancellationToken)
    {
        if (_credentials is { } known)
        {
            return known;
        }

        AWSCredentials resolved;
        try
        {
            // The client config only carries per-client overrides (a profile name); without one the resolver walks the
            // plain default chain, which is what the Lambda runtime and the suite both want.
            using var resolver = new DefaultAWSCredentialsIdentityResolver();
            resolved = await resolver.ResolveIdentityAsync(null!, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new InvalidOperationException(
                "No AWS credentials found in the default chain (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, "
                + "AWS_PROFILE, web identity, container or instance credentials): " + ex.Message,
                ex);
        }

        _credentials = resolved;
        return resolved;
    }

    private string? GlobalIamHost() => PartitionName() switch
    {
        "aws" => "iam.amazonaws.com",
        "aws-cn" => "iam.cn-north-1.amazonaws.com.cn",
        "aws-us-gov" => "iam.us-gov.amazonaws.com",
        _ => null,
    };

    private string IamSigningRegion() => PartitionName() switch
    {
        "aws-cn" => "cn-north-1",
        "aws-us-gov" => "us-gov-west-1",
        _ => "us-east-1",
    };

    private string PartitionName() => RegionEndpoint.GetBySystemName(Region).PartitionName ?? "aws";

    private string DnsSuffix() => RegionEndpoint.GetBySystemName(Region).PartitionDnsSuffix ?? "amazonaws.com";

    private static bool IgnoresConfiguredEndpoints(Func<string, string?> getVariable) =>
        string.Equals(
            getVariable(IgnoreConfiguredEndpointUrlsVariable)?.Trim(),
            "true",
            StringComparison.OrdinalIgnoreCase);

    private static Uri? ParseEndpoint(string variable, string? value)
    {
        value = NonEmpty(value);
        if (value is null)
        {
            return null;
        }

        if (Uri.TryCreate(value, UriKind.Absolute, out var uri)
            && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
        {
            return uri;
        }

        throw new InvalidOperationException(
            $"{variable} must be an absolute http or https URL such as http://localhost:4566, but is '{value}'.");
    }

    private static int ParseMaxAttempts(string? value)
    {
        value = NonEmpty(value);
        if (value is null)
        {
            return DefaultMaxAttempts;
        }

        var parsed = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var attempts);
        return parsed && attempts >= 1
            ? attempts
            : throw new InvalidOperationException(
                $"{MaxAttemptsVariable} must be a whole number of at least 1, but is '{value}'.");
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
