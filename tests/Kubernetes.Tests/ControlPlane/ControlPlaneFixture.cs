namespace Sluice.Kubernetes.Tests.ControlPlane;

/// <summary>
/// One control plane shared by every test of <see cref="ControlPlaneCollection"/> (each test works in its
/// own namespace). ConfigMap watches bypass the watch cache so that etcd compaction reaches watchers.
/// When the binaries are missing, <see cref="Plane"/> throws the provisioning instructions.
/// </summary>
public sealed class ControlPlaneFixture : IAsyncLifetime
{
    private TestControlPlane? _plane;
    private Exception? _startFailure;

    /// <summary>The running control plane; throws why it could not start.</summary>
    public TestControlPlane Plane => _plane ?? throw new InvalidOperationException("the test control plane did not start: " + _startFailure?.Message, _startFailure);

    public async Task InitializeAsync()
    {
        if (ControlPlaneBinaries.SkipRequested)
        {
            return;
        }

        try
        {
            _plane = await TestControlPlane.StartAsync(new ControlPlaneOptions { WatchCacheSizes = "configmaps#0" });
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
