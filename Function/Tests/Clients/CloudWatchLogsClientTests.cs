using System.Net;
using System.Text.Json;
using PipelineSpecs.Aws;
using PipelineSpecs.Function.Tests.Moto;
using Shouldly;
using Xunit;

namespace PipelineSpecs.Function.Tests.Clients;

public sealed class CloudWatchLogsClientTests(MotoServer moto)
{
    private readonly CloudWatchLogsClient _logs = new(moto.Config);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task FilterLogEventsAsync_ReturnsMatchingEvents()
    {
        var group = await CreateGroupAsync();
        var now = DateTimeOffset.UtcNow;
        await PutEventsAsync(
            group, "stream-a", (now, "INFO resized photo.png"), (now.AddSeconds(1), "ERROR cannot decode x.gif"));
        await PutEventsAsync(group, "stream-b", (now.AddSeconds(2), "ERROR timeout"));

        var events = await _logs.FilterLogEventsAsync(new FilterLogEventsRequest(group, "ERROR"), Ct);

        events.Select(e => (e.LogStreamName, e.Message)).OrderBy(e => e.Message).ShouldBe(
        [
            ("stream-a", "ERROR cannot decode x.gif"),
            ("stream-b", "ERROR timeout"),
        ]);
        events.ShouldAllBe(e => e.EventId != null);
    }

    [Fact]
    public async Task FilterLogEventsAsync_RestrictsToTheTimeWindow()
    {
        var group = await CreateGroupAsync();
        var now = DateTimeOffset.UtcNow;
        await PutEventsAsync(
            group, "stream", (now.AddMinutes(-10), "old"), (now.AddMinutes(-1), "recent"), (now, "newest"));

        var events = await _logs.FilterLogEventsAsync(
            new FilterLogEventsRequest(group, StartTime: now.AddMinutes(-2), EndTime: now.AddSeconds(-1)),
            Ct);

        events.ShouldHaveSingleItem().Message.ShouldBe("recent");
        events[0].Timestamp.ToUnixTimeMilliseconds().ShouldBe(now.AddMinutes(-1).ToUnixTimeMilliseconds());
    }

    [Fact]
    public async Task FilterLogEventsAsync_MapsAMissingGroupToResourceNotFound()
    {
        var missing = "/aws/lambda/" + TestNames.Unique("missing");

        var error = await Should.ThrowAsync<AwsServiceException>(
            () => _logs.FilterLogEventsAsync(new FilterLogEventsRequest(missing), Ct));

        error.ServiceName.ShouldBe("logs");
        error.ErrorCode.ShouldBe("ResourceNotFoundException");
        error.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task DescribeLogGroupsAsync_FiltersByPrefixAcrossPages()
    {
        // moto, like CloudWatch Logs, returns 50 groups per page.
        var prefix = $"/aws/lambda/{TestNames.Unique("fn")}";
        var created = Enumerable.Range(0, 53).Select(i => $"{prefix}-{i:00}").ToList();
        await Parallel.ForEachAsync(
            created,
            new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = Ct },
            async (name, ct) => await _logs.SendAsync("CreateLogGroup", Json(new { logGroupName = name }), ct));
        await CreateGroupAsync();

        var groups = await _logs.DescribeLogGroupsAsync(prefix, Ct);

        groups.Select(g => g.LogGroupName).Order().ShouldBe(created);
        groups.ShouldAllBe(g => g.CreationTime != null && g.Arn != null);
    }

    private async Task<string> CreateGroupAsync()
    {
        var name = "/aws/lambda/" + TestNames.Unique("fn");
        await _logs.SendAsync("CreateLogGroup", Json(new { logGroupName = name }), Ct);
        return name;
    }

    private async Task PutEventsAsync(
        string group,
        string stream,
        params (DateTimeOffset Time, string Message)[] events)
    {
        await _logs.SendAsync("CreateLogStream", Json(new { logGroupName = group, logStreamName = stream }), Ct);
        var logEvents = events.Select(e => new { timestamp = e.Time.ToUnixTimeMilliseconds(), message = e.Message });
        await _logs.SendAsync(
            "PutLogEvents", Json(new { logGroupName = group, logStreamName = stream, logEvents }), Ct);
    }

    private static string Json<T>(T value) => JsonSerializer.Serialize(value);
}
