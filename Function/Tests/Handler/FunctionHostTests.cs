using System.Text.Json;
using PipelineSpecs.Function;
using PipelineSpecs.Function.Tests.Moto;
using Shouldly;
using Xunit;

namespace PipelineSpecs.Function.Tests.Handler;

public sealed class FunctionHostTests(MotoServer moto)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RunAsync_WithoutRuntimeApiExplainsAndExitsNonZero()
    {
        using var errors = new StringWriter();

        var exitCode = await FunctionHost.RunAsync(_ => null, new JsonLogger(TextWriter.Null), errors, Ct);

        exitCode.ShouldBe(FunctionHost.NoRuntimeApi);
        errors.ToString().ShouldContain("AWS_LAMBDA_RUNTIME_API is not set");
    }

    [Fact]
    public async Task RunAsync_InvalidSettingsPostInitErrorAndExitNonZero()
    {
        using var api = FakeRuntimeApi.WithInvocation("unused", "{}", DateTimeOffset.UtcNow.AddMinutes(1));
        var environment = new Dictionary<string, string?>
        {
            [EnvironmentVariables.RuntimeApi] = api.Address,
            [EnvironmentVariables.SnsTopicArn] = "arn:aws:sns:us-east-1:123456789012:summaries",
            [EnvironmentVariables.MetricNamespace] = "PipelineSpecs",
        };

        var exitCode = await FunctionHost.RunAsync(
            environment.GetValueOrDefault, new JsonLogger(TextWriter.Null), TextWriter.Null, Ct);

        exitCode.ShouldBe(FunctionHost.InitFailed);
        var post = api.Posts.ShouldHaveSingleItem();
        post.Path.ShouldBe("/2018-06-01/runtime/init/error");
        post.ErrorType.ShouldBe("Runtime.ConfigInvalid");
        using var body = JsonDocument.Parse(post.Body);
        body.RootElement.GetProperty("errorMessage").GetString().ShouldStartWith("PROCESSED_BUCKET is not set");
        body.RootElement.GetProperty("errorType").GetString().ShouldBe(nameof(SettingsException));
    }

    [Fact]
    public void CreateS3Client_UsesPathStyleOnlyWhenAnEndpointIsConfigured()
    {
        var local = new Dictionary<string, string?>
        {
            [EnvironmentVariables.Region] = "us-east-1",
            [EnvironmentVariables.EndpointUrl] = moto.Endpoint.ToString(),
        };
        var aws = new Dictionary<string, string?> { [EnvironmentVariables.Region] = "us-east-1" };

        using var localClient = FunctionHost.CreateS3Client(local.GetValueOrDefault);
        using var awsClient = FunctionHost.CreateS3Client(aws.GetValueOrDefault);

        ((Amazon.S3.AmazonS3Config)localClient.Config).ForcePathStyle.ShouldBeTrue();
        ((Amazon.S3.AmazonS3Config)awsClient.Config).ForcePathStyle.ShouldBeFalse();
    }
}
