using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json;
using PipelineSpecs.Aws;
using PipelineSpecs.Function.Tests.Moto;
using Shouldly;
using Xunit;

namespace PipelineSpecs.Function.Tests.Clients;

[Collection(MotoIamCollection.Name)]
public sealed class LambdaClientTests(MotoServer moto)
{
    private readonly LambdaClient _lambda = new(moto.Config);
    private readonly IamClient _iam = new(moto.Config);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GetFunctionAsync_ReturnsTheConfiguration()
    {
        var (name, roleArn) = await LambdaFixtures.CreateFunctionAsync(_lambda, _iam, Ct);

        var function = await _lambda.GetFunctionAsync(name, cancellationToken: Ct);

        function.Configuration.FunctionName.ShouldBe(name);
        function.Configuration.FunctionArn.ShouldBe($"arn:aws:lambda:us-east-1:{MotoServer.AccountId}:function:{name}");
        function.Configuration.Runtime.ShouldBe("provided.al2023");
        function.Configuration.Role.ShouldBe(roleArn);
        function.Configuration.Handler.ShouldBe("bootstrap");
        function.Configuration.Timeout.ShouldBe(7);
        function.Configuration.MemorySize.ShouldBe(256);
        function.Configuration.CodeSize.ShouldBeGreaterThan(0);
        function.Configuration.EnvironmentVariables["OUTPUT_PREFIX"].ShouldBe("thumbnails/");
        function.Tags["project"].ShouldBe("pipeline-specs");
    }

    [Fact]
    public async Task GetFunctionAsync_AcceptsAnArn()
    {
        var (name, _) = await LambdaFixtures.CreateFunctionAsync(_lambda, _iam, Ct);
        var arn = $"arn:aws:lambda:us-east-1:{MotoServer.AccountId}:function:{name}";

        var function = await _lambda.GetFunctionAsync(arn, cancellationToken: Ct);

        function.Configuration.FunctionName.ShouldBe(name);
    }

    [Fact]
    public async Task GetFunctionAsync_MapsAMissingFunctionToResourceNotFound()
    {
        var error = await Should.ThrowAsync<AwsServiceException>(
            () => _lambda.GetFunctionAsync(TestNames.Unique("missing"), cancellationToken: Ct));

        error.ServiceName.ShouldBe("lambda");
        error.ErrorCode.ShouldBe("ResourceNotFoundException");
        error.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ListFunctionsAsync_IncludesCreatedFunctions()
    {
        var (first, _) = await LambdaFixtures.CreateFunctionAsync(_lambda, _iam, Ct);
        var (second, _) = await LambdaFixtures.CreateFunctionAsync(_lambda, _iam, Ct);

        var functions = await _lambda.ListFunctionsAsync(Ct);

        functions.Select(f => f.FunctionName).ShouldContain(first);
        functions.Select(f => f.FunctionName).ShouldContain(second);
    }

    [Fact]
    public async Task InvokeAsync_MapsAMissingFunctionToResourceNotFound()
    {
        // The function lookup fails before moto would start a container, so plain moto answers this one.
        var error = await Should.ThrowAsync<AwsServiceException>(
            () => _lambda.InvokeAsync(TestNames.Unique("missing"), "{}"u8.ToArray(), cancellationToken: Ct));

        error.Operation.ShouldBe("Invoke");
        error.ErrorCode.ShouldBe("ResourceNotFoundException");
        error.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public void ToInvokeResult_DecodesTheFunctionErrorAndLogTail()
    {
        // Plain moto runs functions in Docker, which this machine lacks; the header decoding is checked directly.
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["X-Amz-Function-Error"] = "Unhandled",
            ["X-Amz-Log-Result"] = Convert.ToBase64String(Encoding.UTF8.GetBytes("START RequestId: 1\nboom\n")),
            ["X-Amz-Executed-Version"] = "$LATEST",
        };
        var body = """{"errorType":"Exception","errorMessage":"boom"}"""u8.ToArray();

        var result = LambdaClient.ToInvokeResult(new AwsResponse(HttpStatusCode.OK, headers, body));

        result.ShouldBeEquivalentTo(new InvokeResult(200, "Unhandled", body, "START RequestId: 1\nboom\n", "$LATEST"));
    }
}

/// <summary>
/// Invoke against a moto server of its own whose Lambda backend runs no containers (<c>use_docker: false</c>):
/// it answers with the event as the payload, never reports function errors or logs, and does not check that the
/// function exists.
/// </summary>
public sealed class LambdaInvokeTests(LambdaInvokeTests.DockerlessMoto moto)
    : IClassFixture<LambdaInvokeTests.DockerlessMoto>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task InvokeAsync_ReturnsThePayloadOfARequestResponseInvocation()
    {
        var result = await moto.Lambda.InvokeAsync(
            moto.FunctionName, """{"ping":1}"""u8.ToArray(), cancellationToken: Ct);

        result.StatusCode.ShouldBe(200);
        result.FunctionError.ShouldBeNull();
        Encoding.UTF8.GetString(result.Payload).ShouldBe("""{"ping":1}""");
    }

    [Fact]
    public async Task InvokeAsync_QueuesAnEventInvocation()
    {
        var result = await moto.Lambda.InvokeAsync(
            moto.FunctionName, "{}"u8.ToArray(), InvocationType.Event, cancellationToken: Ct);

        result.StatusCode.ShouldBe(202);
    }

    [Fact]
    public async Task InvokeAsync_ChecksADryRunInvocation()
    {
        var result = await moto.Lambda.InvokeAsync(
            moto.FunctionName, "{}"u8.ToArray(), InvocationType.DryRun, cancellationToken: Ct);

        result.StatusCode.ShouldBe(204);
    }

    /// <summary>A moto server with Docker-less Lambda and one function deployed.</summary>
    public sealed class DockerlessMoto : IAsyncLifetime
    {
        private readonly MotoServer _server = new();

        public LambdaClient Lambda { get; private set; } = null!;

        public string FunctionName { get; private set; } = string.Empty;

        public async ValueTask InitializeAsync()
        {
            await _server.InitializeAsync();
            await _server.SetConfigAsync("""{"lambda": {"use_docker": false}}""", CancellationToken.None);
            Lambda = new LambdaClient(_server.Config);
            var iam = new IamClient(_server.Config);
            (FunctionName, _) = await LambdaFixtures.CreateFunctionAsync(Lambda, iam, CancellationToken.None);
        }

        public ValueTask DisposeAsync() => _server.DisposeAsync();
    }
}

/// <summary>Deploys a small function through the client's signed transport (the suite deploys with
/// Terraform).</summary>
internal static class LambdaFixtures
{
    public static async Task<(string Name, string RoleArn)> CreateFunctionAsync(
        LambdaClient lambda,
        IamClient iam,
        CancellationToken ct)
    {
        var roleName = await IamFixtures.CreateRoleAsync(iam, "/", IamFixtures.LambdaTrustPolicy, ct);
        var roleArn = (await iam.GetRoleAsync(roleName, ct)).Arn;
        var name = TestNames.Unique("fn");
        var request = JsonSerializer.Serialize(new
        {
            FunctionName = name,
            Runtime = "provided.al2023",
            Role = roleArn,
            Handler = "bootstrap",
            Timeout = 7,
            MemorySize = 256,
            Code = new { ZipFile = Convert.ToBase64String(Zip("bootstrap", "#!/bin/sh\necho hello\n")) },
            Environment = new { Variables = new Dictionary<string, string> { ["OUTPUT_PREFIX"] = "thumbnails/" } },
            Tags = new Dictionary<string, string> { ["project"] = "pipeline-specs" },
        });
        await lambda.SendAsync("CreateFunction", HttpMethod.Post, "2015-03-31/functions", request, ct);
        return (name, roleArn);
    }

    private static byte[] Zip(string entryName, string content)
    {
        using var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var writer = new StreamWriter(archive.CreateEntry(entryName).Open());
            writer.Write(content);
        }

        return buffer.ToArray();
    }
}
