using System.Runtime.CompilerServices;

namespace PipelineSpecs.Support.XunitBridge;

/// <summary>
/// The repository builds with invariant globalization, where only the invariant culture may be created by default;
/// Reqnroll creates <c>en-US</c> (feature language, binding culture) and fails at test-run start without this.
/// Cultures created by name then behave like the invariant one, which is what the suite's bindings expect.
/// </summary>
internal static class CultureSupport
{
    /// <summary>Runs when the test assembly's code first executes (discovery), before Reqnroll starts.</summary>
    [ModuleInitializer]
    internal static void AllowNamedCultures() =>
        AppContext.SetSwitch("System.Globalization.PredefinedCulturesOnly", false);
}
