using Sluice.Engine.Compute.Cuda;

namespace Sluice.Engine.Tests.Cuda;

/// <summary>One CUDA backend shared by a test class, created on first use (never on machines without a GPU).</summary>
public sealed class CudaBackendFixture : IDisposable
{
    private readonly Lazy<CudaBackend> _backend = new(() => new CudaBackend(new CudaRunnerOptions
    {
        KernelCacheDirectory = Path.Combine(Path.GetTempPath(), "sluice-test-kernels"),
    }));

    public CudaBackend Backend => _backend.Value;

    public void Dispose()
    {
        if (_backend.IsValueCreated)
        {
            _backend.Value.Dispose();
        }
    }
}
