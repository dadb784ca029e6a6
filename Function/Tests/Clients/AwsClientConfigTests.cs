using Amazon.Runtime;
using PipelineSpecs.Aws;
using Shouldly;
using Xunit;

namespace PipelineSpecs.Function.Tests.Clients;

// Pure unit tests: the environment is a dictionary handed to FromEnvironment, never the process's own.
public sealed class AwsClientConfigTests
{
    [Fact]
    public void FromEnvironment_PrefersTheServiceSpecificEndpoint()
    {
        var config = FromEnvironment(new()
        {
            ["AWS_REGION"] = "eu-west-1",
            ["AWS_ENDPOINT_URL"] = "http://global:4566",
            ["AWS_ENDPOINT_URL_SNS"] = "http://sns-only:5000",
        });

        config.ResolveEndpoint("SNS", "sns").ShouldBe(new Uri("http://sns-only:5000"));
    }

    [Fact]
    public void FromEnvironment_FallsBackToTheGlobalEndpointForOtherServices()
    {
        var config = FromEnvironment(new()
        {
            ["AWS_REGION"] = "eu-west-1",
            ["AWS_ENDPOINT_URL"] = "http://global:4566",
            ["AWS_ENDPOINT_URL_SNS"] = "http://sns-only:5000",
        });

        config.ResolveEndpoint("CloudWatch", "monitoring").ShouldBe(new Uri("http://global:4566"));
    }

    [Fact]
    public void FromEnvironment_UsesRegionalEndpointsWithoutOverrides()
    {
        var config = FromEnvironment(new() { ["AWS_REGION"] = "eu-west-1" });

        config.ResolveEndpoint("SNS", "sns").ShouldBe(new Uri("https://sns.eu-west-1.amazonaws.com"));
        config.ResolveEndpoint("CloudWatch", "monitoring")
            .ShouldBe(new Uri("https://monitoring.eu-west-1.amazonaws.com"));
        config.ResolveEndpoint("Lambda", "lambda").ShouldBe(new Uri("https://lambda.eu-west-1.amazonaws.com"));
        config.ResolveEndpoint("CloudWatch Logs", "logs").ShouldBe(new Uri("https://logs.eu-west-1.amazonaws.com"));
    }

    [Fact]
    public void ResolveEndpoint_UsesTheGlobalIamEndpointSignedForUsEast1()
    {
        var config = FromEnvironment(new() { ["AWS_REGION"] = "eu-west-1" });

        config.ResolveEndpoint("IAM", "iam").ShouldBe(new Uri("https://iam.amazonaws.com"));
        config.SigningRegion("iam").ShouldBe("us-east-1");
        config.SigningRegion("sns").ShouldBe("eu-west-1");
    }

    [Fact]
    public void ResolveEndpoint_UsesThePartitionDnsSuffix()
    {
        var config = new AwsClientConfig("cn-north-1");

        config.ResolveEndpoint("SNS", "sns").ShouldBe(new Uri("https://sns.cn-north-1.amazonaws.com.cn"));
    }

    [Fact]
    public void FromEnvironment_ReadsTheLogsEndpointFromItsMultiWordServiceId()
    {
        var config = FromEnvironment(new()
        {
            ["AWS_REGION"] = "us-east-1",
            ["AWS_ENDPOINT_URL_CLOUDWATCH_LOGS"] = "http://logs-only:5000",
        });

        config.ResolveEndpoint("CloudWatch Logs", "logs").ShouldBe(new Uri("http://logs-only:5000"));
        config.ResolveEndpoint("CloudWatch", "monitoring")
            .ShouldBe(new Uri("https://monitoring.us-east-1.amazonaws.com"));
    }

    [Theory]
    [InlineData("SNS", "AWS_ENDPOINT_URL_SNS")]
    [InlineData("CloudWatch", "AWS_ENDPOINT_URL_CLOUDWATCH")]
    [InlineData("Lambda", "AWS_ENDPOINT_URL_LAMBDA")]
    [InlineData("IAM", "AWS_ENDPOINT_URL_IAM")]
    [InlineData("CloudWatch Logs", "AWS_ENDPOINT_URL_CLOUDWATCH_LOGS")]
    public void ServiceEndpointVariable_NormalizesTheServiceId(string serviceId, string expected) =>
        AwsClientConfig.ServiceEndpointVariable(serviceId).ShouldBe(expected);

    [Fact]
    public void FromEnvironment_IgnoresConfiguredEndpointsWhenAsked()
    {
        var config = FromEnvironment(new()
        {
            ["AWS_REGION"] = "us-east-1",
            ["AWS_ENDPOINT_URL"] = "http://global:4566",
            ["AWS_ENDPOINT_URL_SNS"] = "http://sns-only:5000",
            ["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"] = "true",
        });

        config.ResolveEndpoint("SNS", "sns").ShouldBe(new Uri("https://sns.us-east-1.amazonaws.com"));
    }

    [Fact]
    public void FromEnvironment_FallsBackToAwsDefaultRegion()
    {
        var config = FromEnvironment(new() { ["AWS_DEFAULT_REGION"] = "ap-southeast-2" });

        config.Region.ShouldBe("ap-southeast-2");
    }

    [Fact]
    public void FromEnvironment_PrefersAwsRegionOverAwsDefaultRegion()
    {
        var config = FromEnvironment(new()
        {
            ["AWS_REGION"] = "eu-central-1",
            ["AWS_DEFAULT_REGION"] = "ap-southeast-2",
        });

        config.Region.ShouldBe("eu-central-1");
    }

    [Fact]
    public void FromEnvironment_FailsClearlyWithoutARegion()
    {
        var error = Should.Throw<InvalidOperationException>(() => FromEnvironment(new()));

        error.Message.ShouldContain("AWS_REGION");
        error.Message.ShouldContain("AWS_DEFAULT_REGION");
    }

    [Fact]
    public void FromEnvironment_NamesTheVariableOfAMalformedEndpoint()
    {
        var config = FromEnvironment(new()
        {
            ["AWS_REGION"] = "us-east-1",
            ["AWS_ENDPOINT_URL_LAMBDA"] = "localhost:4566",
        });

        var error = Should.Throw<InvalidOperationException>(() => config.ResolveEndpoint("Lambda", "lambda"));
        error.Message.ShouldContain("AWS_ENDPOINT_URL_LAMBDA");
    }

    [Fact]
    public void Constructor_AppliesTheOverrideToEveryService()
    {
        var endpoint = new Uri("http://127.0.0.1:5000");
        var config = new AwsClientConfig("us-east-1", endpoint, new BasicAWSCredentials("a", "b"));

        config.ResolveEndpoint("IAM", "iam").ShouldBe(endpoint);
        config.ResolveEndpoint("CloudWatch Logs", "logs").ShouldBe(endpoint);
    }

    [Fact]
    public void FromEnvironment_ReadsMaxAttempts()
    {
        var config = FromEnvironment(new() { ["AWS_REGION"] = "us-east-1", ["AWS_MAX_ATTEMPTS"] = "5" });

        config.MaxAttempts.ShouldBe(5);
    }

    [Fact]
    public void FromEnvironment_DefaultsToThreeAttempts()
    {
        FromEnvironment(new() { ["AWS_REGION"] = "us-east-1" }).MaxAttempts.ShouldBe(3);
    }

    [Fact]
    public void FromEnvironment_NamesAMalformedMaxAttempts()
    {
        var error = Should.Throw<InvalidOperationException>(
            () => FromEnvironment(new() { ["AWS_REGION"] = "us-east-1", ["AWS_MAX_ATTEMPTS"] = "0" }));

        error.Message.ShouldContain("AWS_MAX_ATTEMPTS");
    }

    [Fact]
    public void AwsServiceException_FormatsCodeStatusAndRequestId()
    {
        var error = new AwsServiceException(
            "sns", "Publish", "NotFound", "Topic does not exist", "abc", System.Net.HttpStatusCode.NotFound);

        error.Message.ShouldBe("sns Publish failed: NotFound (HTTP 404, request id abc): Topic does not exist");
    }

    private static AwsClientConfig FromEnvironment(Dictionary<string, string> variables) =>
        AwsClientConfig.FromEnvironment(name => variables.GetValueOrDefault(name));
}
