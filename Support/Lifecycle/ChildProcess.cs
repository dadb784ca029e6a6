using System.Text;
using CliWrap;
using CliWrap.Buffered;

namespace PipelineSpecs.Support.Lifecycle;

/// <summary>Runs the tools the suite drives (dotnet, python, terraform through infra/stack.py) to completion.</summary>
public static class ChildProcess
{
    /// <summary>
    /// Runs <paramref name="program"/> in <paramref name="workingDirectory"/>; throws with its output's tail when it
    /// exits non-zero. Standard error is streamed to the debug log as it comes.
    /// </summary>
    public static async Task<BufferedCommandResult> RunAsync(
        string program,
        IReadOnlyList<string> arguments,
        string workingDirectory,
        IReadOnlyDictionary<string, string?>? environment = null,
        CancellationToken cancellationToken = default)
    {
        var errors = new StringBuilder();
        var command = Cli.Wrap(program)
            .WithArguments(arguments)
            .WithWorkingDirectory(workingDirectory)
            .WithEnvironmentVariables(environment ?? new Dictionary<string, string?>())
            .WithStandardErrorPipe(PipeTarget.ToDelegate(line =>
            {
                errors.AppendLine(line);
                SuiteLog.Debug($"{Path.GetFileName(program)}: {line}");
            }))
            .WithValidation(CommandResultValidation.None);

        var result = await command.ExecuteBufferedAsync(cancellationToken);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"'{program} {string.Join(' ', arguments)}' exited with {result.ExitCode}.\n" +
                $"stdout (tail): {Tail(result.StandardOutput)}\nstderr (tail): {Tail(errors.ToString())}");
        }

        return result;
    }

    private static string Tail(string text, int lines = 25) =>
        string.Join('\n', text.Split('\n', StringSplitOptions.RemoveEmptyEntries).TakeLast(lines));
}
