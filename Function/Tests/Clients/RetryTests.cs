using PipelineSpecs.Aws;
using PipelineSpecs.Function.Tests.Moto;
using Shouldly;
using Xunit;

namespace PipelineSpecs.Function.Tests.Clients;

// A handler in front of the real moto server drops the first N connections, as a flaky network would.
public sealed class RetryTests(MotoServer moto)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SendAsync_RetriesAConnectionFailureAndSignsAgain()
    {
        using var handler = new DroppingHandler(failures: 2);
        using var http = new HttpClient(handler);
        var logs = new CloudWatchLogsClient(moto.Config, http);

        await logs.DescribeLogGroupsAsync("/none/", Ct);

        handler.Attempts.ShouldBe(3);
        handler.Signatures.ShouldAllBe(signature => signature.StartsWith("AWS4-HMAC-SHA256 "));
    }

    [Fact]
    public async Task SendAsync_GivesUpAfterMaxAttempts()
    {
        using var handler = new DroppingHandler(failures: 5);
        using var http = new HttpClient(handler);
        var config = new AwsClientConfig(MotoServer.Region, moto.Endpoint, MotoServer.Credentials) { MaxAttempts = 2 };
        var logs = new CloudWatchLogsClient(config, http);

        await Should.ThrowAsync<HttpRequestException>(() => logs.DescribeLogGroupsAsync("/none/", Ct));

        handler.Attempts.ShouldBe(2);
    }

    [Fact]
    public async Task SendAsync_DoesNotRetryAClientError()
    {
        using var handler = new DroppingHandler(failures: 0);
        using var http = new HttpClient(handler);
        var sns = new SnsClient(moto.Config, http);
        var missing = $"arn:aws:sns:us-east-1:{MotoServer.AccountId}:{TestNames.Unique("missing")}";

        await Should.ThrowAsync<AwsServiceException>(() => sns.PublishAsync(missing, "x", Ct));

        handler.Attempts.ShouldBe(1);
    }

    private sealed class DroppingHandler(int failures) : DelegatingHandler(new SocketsHttpHandler())
    {
        private int _attempts;

        public int Attempts => _attempts;

        public List<string> Signatures { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(
            HttpRequestMessage request,
            CancellationToken cancellationToken)
        {
            lock (Signatures)
            {
                Signatures.Add(request.Headers.TryGetValues("Authorization", out var values) ? values.Single() : "");
            }

            return Interlocked.Increment(ref _attempts) <= failures
                ? throw new HttpRequestException("Connection reset by peer (injected).")
                : base.SendAsync(request, cancellationToken);
        }
    }
}
