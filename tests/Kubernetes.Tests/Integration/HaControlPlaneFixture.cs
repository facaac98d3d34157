using Sluice.Kubernetes.Tests.ControlPlane;

namespace Sluice.Kubernetes.Tests.Integration;

/// <summary>
/// A control plane of its own with two apiservers on one etcd, for tests that stop an apiserver: clients of
/// the second keep changing objects while watchers of the first are cut off. ConfigMap watches are served
/// from etcd directly (no watch cache), so a watcher resumes by resourceVersion exactly as etcd allows.
/// </summary>
public sealed class HaControlPlaneFixture : IAsyncLifetime
{
    private TestControlPlane? _plane;
    private Exception? _startFailure;

    public TestControlPlane Plane => _plane ?? throw new InvalidOperationException("the test control plane did not start: " + _startFailure?.Message, _startFailure);

    public async Task InitializeAsync()
    {
        if (ControlPlaneBinaries.SkipRequested)
        {
            return;
        }

        try
        {
            _plane = await TestControlPlane.StartAsync(new ControlPlaneOptions
            {
                ApiServerCount = 2,
                WithControllerManager = false,
                WatchCacheSizes = "configmaps#0",
            });
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException)
        {
            _startFailure = ex;
        }
    }

    public async Task DisposeAsync()
    {
        if (_plane is not null)
        {
            await _plane.DisposeAsync();
        }
    }
}
