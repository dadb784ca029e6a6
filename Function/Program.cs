using PipelineSpecs.Function;

// Lambda ends the process itself (SIGKILL after SIGTERM); Ctrl+C is for a developer running bootstrap by hand.
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, args) =>
{
    args.Cancel = true;
    stop.Cancel();
};

try
{
    return await FunctionHost.RunAsync(
        Environment.GetEnvironmentVariable, JsonLogger.Console(), Console.Error, stop.Token);
}
catch (OperationCanceledException) when (stop.IsCancellationRequested)
{
    return 0;
}
catch (HttpRequestException error)
{
    // Without the Runtime API nothing can be reported to Lambda; it records the non-zero exit as Runtime.ExitError.
    await Console.Error.WriteLineAsync(
        $"The Lambda Runtime API at {Environment.GetEnvironmentVariable(EnvironmentVariables.RuntimeApi)} " +
        $"did not answer: {error.Message}");
    return FunctionHost.RuntimeApiUnreachable;
}
