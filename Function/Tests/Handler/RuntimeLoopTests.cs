using System.Text.Json;
using PipelineSpecs.Function;
using PipelineSpecs.Function.Runtime;
using Shouldly;
using Xunit;

namespace PipelineSpecs.Function.Tests.Handler;

public sealed class RuntimeLoopTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RunOnceAsync_PostsTheHandlersResponseForTheRequestId()
    {
        using var api = FakeRuntimeApi.WithInvocation("req-1", """{"Records":[]}""", DateTimeOffset.UtcNow.AddMinutes(1));
        Invocation? seen = null;
        var loop = Loop(api, (invocation, _) =>
        {
            seen = invocation;
            return Task.FromResult("""{"processed":0,"results":[]}""");
        });

        await loop.RunOnceAsync(Ct);

        api.Posts.ShouldHaveSingleItem().ShouldBe(new RecordedPost(
            "/2018-06-01/runtime/invocation/req-1/response", null, """{"processed":0,"results":[]}"""));
        seen.ShouldNotBeNull().ShouldSatisfyAllConditions(
            invocation => invocation.Payload.ShouldBe("""{"Records":[]}"""),
            invocation => invocation.InvokedFunctionArn.ShouldEndWith(":function:thumbnails"),
            invocation => invocation.TraceId.ShouldNotBeNull().ShouldStartWith("Root=1-"));
    }

    [Fact]
    public async Task RunOnceAsync_PostsAnInvocationErrorWhenTheHandlerThrows()
    {
        using var api = FakeRuntimeApi.WithInvocation("req-2", "not json", DateTimeOffset.UtcNow.AddMinutes(1));
        var loop = Loop(api, (_, _) => throw new InvalidDataException("the event is not an S3 event"));

        await loop.RunOnceAsync(Ct);

        var post = api.Posts.ShouldHaveSingleItem();
        post.Path.ShouldBe("/2018-06-01/runtime/invocation/req-2/error");
        post.ErrorType.ShouldBe("Function.InvalidDataException");
        using var body = JsonDocument.Parse(post.Body);
        body.RootElement.GetProperty("errorMessage").GetString().ShouldBe("the event is not an S3 event");
        body.RootElement.GetProperty("errorType").GetString().ShouldBe("InvalidDataException");
        body.RootElement.GetProperty("stackTrace").ValueKind.ShouldBe(JsonValueKind.Array);
    }

    [Fact]
    public async Task RunOnceAsync_CancelsTheHandlerAtTheDeadline()
    {
        using var api = FakeRuntimeApi.WithInvocation("req-3", "{}", DateTimeOffset.UtcNow.AddMilliseconds(-1));
        var cancelled = false;
        var loop = Loop(api, (_, token) =>
        {
            cancelled = token.IsCancellationRequested;
            return Task.FromResult("{}");
        });

        await loop.RunOnceAsync(Ct);

        cancelled.ShouldBeTrue();
    }

    private static RuntimeLoop Loop(FakeRuntimeApi api, InvocationHandler handler) =>
        new(new RuntimeApiClient(api.Address, new HttpClient()), handler, new JsonLogger(TextWriter.Null));
}
