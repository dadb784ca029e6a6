using Amazon;
using Amazon.S3;
using Amazon.SQS;
using PipelineSpecs.Aws;
using PipelineSpecs.Support.Settings;

namespace PipelineSpecs.Support.Drivers;

/// <summary>
/// Clients for the target. Endpoint and credentials come from the environment the runsettings file set
/// (<c>AWS_ENDPOINT_URL</c>, the default credential chain), as they do for the function itself.
/// </summary>
public sealed class AwsClientFactory(SuiteSettings settings)
{
    private readonly Lazy<IAmazonS3> _s3 = new(() => CreateS3(settings));

    private readonly Lazy<IAmazonSQS> _sqs = new(() => CreateSqs(settings));

    private readonly Lazy<AwsClientConfig> _config = new(() => new AwsClientConfig(settings.Region, settings.Endpoint));

    /// <summary>The S3 client, shared by every scenario of the run (it is thread-safe).</summary>
    public IAmazonS3 S3 => _s3.Value;

    /// <summary>The SQS client, for the queues that listen to the topic.</summary>
    public IAmazonSQS Sqs => _sqs.Value;

    /// <summary>Configuration for the project's own clients (SNS, CloudWatch, Lambda, IAM, Logs).</summary>
    public AwsClientConfig Config => _config.Value;

    /// <summary>The project's SNS client.</summary>
    public ISnsClient Sns => new SnsClient(Config);

    /// <summary>The project's CloudWatch client.</summary>
    public ICloudWatchClient CloudWatch => new CloudWatchClient(Config);

    /// <summary>The project's Lambda client.</summary>
    public ILambdaClient Lambda => new LambdaClient(Config);

    /// <summary>The project's CloudWatch Logs client.</summary>
    public ICloudWatchLogsClient Logs => new CloudWatchLogsClient(Config);

    /// <summary>The project's IAM client.</summary>
    public IIamClient Iam => new IamClient(Config);

    private static AmazonS3Client CreateS3(SuiteSettings settings)
    {
        var config = new AmazonS3Config { RegionEndpoint = RegionEndpoint.GetBySystemName(settings.Region) };
        if (settings.Endpoint is not null)
        {
            // Emulators answer on one host name, so bucket names go in the path, not in a virtual host.
            config.ServiceURL = settings.Endpoint.ToString();
            config.ForcePathStyle = true;
            config.AuthenticationRegion = settings.Region;
        }

        return new AmazonS3Client(config);
    }

    private static AmazonSQSClient CreateSqs(SuiteSettings settings)
    {
        var config = new AmazonSQSConfig { RegionEndpoint = RegionEndpoint.GetBySystemName(settings.Region) };
        if (settings.Endpoint is not null)
        {
            config.ServiceURL = settings.Endpoint.ToString();
            config.AuthenticationRegion = settings.Region;
        }

        return new AmazonSQSClient(config);
    }
}
