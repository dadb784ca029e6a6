using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PipelineSpecs.Function.Tests.Handler;

/// <summary>
/// A stand-in for Lambda's Runtime API on loopback: hands out one invocation on <c>GET .../invocation/next</c> and
/// records every POST (response, invocation error, init error) with its headers and body.
/// </summary>
internal sealed class FakeRuntimeApi : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _serving;
    private readonly IReadOnlyDictionary<string, string> _invocationHeaders;
    private readonly string _payload;
    private readonly TaskCompletionSource<RecordedPost> _firstPost = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _invocationsServed;

    public FakeRuntimeApi(string payload, IReadOnlyDictionary<string, string> invocationHeaders)
    {
        _payload = payload;
        _invocationHeaders = invocationHeaders;
        var port = FreePort();
        Address = $"127.0.0.1:{port}";
        _listener.Prefixes.Add($"http://{Address}/");
        _listener.Start();
        _serving = Task.Run(ServeAsync);
    }

    /// <summary>What <c>AWS_LAMBDA_RUNTIME_API</c> would hold.</summary>
    public string Address { get; }

    public ConcurrentQueue<RecordedPost> Posts { get; } = new();

    /// <summary>Completes with the first POST: the runtime's answer to the invocation, or its init error.</summary>
    public Task<RecordedPost> FirstPost => _firstPost.Task;

    public static FakeRuntimeApi WithInvocation(string requestId, string payload, DateTimeOffset deadline) =>
        new(payload, new Dictionary<string, string>
        {
            ["Lambda-Runtime-Aws-Request-Id"] = requestId,
            ["Lambda-Runtime-Deadline-Ms"] =
                deadline.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Lambda-Runtime-Invoked-Function-Arn"] = "arn:aws:lambda:us-east-1:123456789012:function:thumbnails",
            ["Lambda-Runtime-Trace-Id"] = "Root=1-5bef4de7-ad49b0e87f6ef6c87fc2e700;Parent=9a9197af755a6419;Sampled=1",
        });

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        _serving.Wait(TimeSpan.FromSeconds(5));
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception) when (!_listener.IsListening)
            {
                return;
            }

            await AnswerAsync(context);
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        var request = context.Request;
        if (request.HttpMethod == "GET" && Interlocked.Increment(ref _invocationsServed) > 1)
        {
            // Like Lambda, the next poll is left open: there is only one invocation to give.
            return;
        }

        using var response = context.Response;
        if (request.HttpMethod == "GET" && request.Url!.AbsolutePath == "/2018-06-01/runtime/invocation/next")
        {
            foreach (var (name, value) in _invocationHeaders)
            {
                response.Headers[name] = value;
            }

            response.ContentType = "application/json";
            await response.OutputStream.WriteAsync(Encoding.UTF8.GetBytes(_payload));
            return;
        }

        using var reader = new StreamReader(request.InputStream, Encoding.UTF8);
        var post = new RecordedPost(
            request.Url!.AbsolutePath,
            request.Headers["Lambda-Runtime-Function-Error-Type"],
            await reader.ReadToEndAsync());
        Posts.Enqueue(post);
        response.StatusCode = (int)HttpStatusCode.Accepted;
        _firstPost.TrySetResult(post);
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}

internal sealed record RecordedPost(string Path, string? ErrorType, string Body);
