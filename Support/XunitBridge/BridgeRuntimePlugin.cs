using PipelineSpecs.Support.XunitBridge;
using Reqnroll.Infrastructure;
using Reqnroll.Plugins;
using Reqnroll.Tracing;
using Reqnroll.UnitTestProvider;

[assembly: RuntimePlugin(typeof(BridgeRuntimePlugin))]

namespace PipelineSpecs.Support.XunitBridge;

/// <summary>
/// Tells Reqnroll how outcomes map to xUnit v3 (pending and ignored become skips) and where step output goes.
/// Reqnroll loads it from the test assembly through the assembly attribute above.
/// </summary>
public sealed class BridgeRuntimePlugin : IRuntimePlugin
{
    private const string ProviderName = "xunit3-bridge";

    /// <inheritdoc />
    public void Initialize(
        RuntimePluginEvents runtimePluginEvents,
        RuntimePluginParameters runtimePluginParameters,
        UnitTestProviderConfiguration unitTestProviderConfiguration)
    {
        runtimePluginEvents.RegisterGlobalDependencies += (_, e) =>
            e.ObjectContainer.RegisterTypeAs<XunitRuntimeProvider, IUnitTestRuntimeProvider>(ProviderName);
        runtimePluginEvents.CustomizeTestThreadDependencies += (_, e) =>
        {
            e.ObjectContainer.RegisterTypeAs<XunitTraceListener, ITraceListener>();
            // Reqnroll's output helper needs an attachment handler, which test-framework plugins provide.
            e.ObjectContainer.RegisterTypeAs<ReqnrollAttachmentHandler, IReqnrollAttachmentHandler>();
        };
        unitTestProviderConfiguration.UseUnitTestProvider(ProviderName);
    }
}
