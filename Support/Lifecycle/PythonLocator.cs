namespace PipelineSpecs.Support.Lifecycle;

/// <summary>Finds the Python interpreter that runs moto and the project's Terraform wrapper.</summary>
public static class PythonLocator
{
    /// <summary>Overrides the interpreter, for a machine whose moto lives in a virtual environment.</summary>
    public const string Setting = "PIPELINESPECS_PYTHON";

    /// <summary>The interpreter to run: the setting, else <c>python3</c> (<c>python</c> on Windows) from PATH.</summary>
    public static string Find()
    {
        var configured = Environment.GetEnvironmentVariable(Setting);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return File.Exists(configured)
                ? configured
                : throw new Settings.SettingsException(
                    $"Setting {Setting} has the value '{configured}', which is not a file. Accepted: the path of a " +
                    "Python 3 interpreter that has moto 5.2.1 (for example .venv/bin/python3), or unset for python3 " +
                    "on PATH.");
        }

        var name = OperatingSystem.IsWindows() ? "python.exe" : "python3";
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, name))
            .FirstOrDefault(File.Exists);

        return onPath ?? throw new Settings.SettingsException(
            $"{name} is not on PATH. Install Python 3 with moto 5.2.1 (pip install \"moto[server]==5.2.1\" boto3), " +
            $"or set {Setting} to the interpreter that has them.");
    }
}
