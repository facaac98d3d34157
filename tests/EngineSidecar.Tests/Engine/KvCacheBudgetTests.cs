using Sluice.Engine.Compute;
using Sluice.Engine.Engine;
using Sluice.Engine.Model;
using Sluice.Engine.Tests.Fakes;

namespace Sluice.Engine.Tests.Engine;

public class KvCacheBudgetTests
{
    /// <summary>A runner that reports free device memory, like the CUDA runner.</summary>
    private sealed class DeviceRunner(long freeBytes) : IModelRunner, IDeviceMemory
    {
        private readonly FakeModelRunner _inner = new();

        public ModelInfo Info => _inner.Info;

        public long FreeDeviceBytes() => freeBytes;

        public long KvBytesPerBlock(int blockSize) => _inner.KvBytesPerBlock(blockSize);

        public void AllocateKvCache(int numBlocks, int blockSize) => _inner.AllocateKvCache(numBlocks, blockSize);

        public float[] Forward(IReadOnlyList<ScheduledChunk> chunks) => _inner.Forward(chunks);

        public void Dispose() => _inner.Dispose();
    }

    private const long GiB = 1L << 30;

    [Theory]
    [InlineData(64L * GiB, 0.9, (long)(62L * GiB * 0.9))]
    [InlineData(12L * GiB, 0.5, 5L * GiB)]
    [InlineData(1L * GiB, 0.9, 0L)]
    public void Device_runners_take_a_fraction_of_free_memory_after_the_reserve(long freeBytes, double fraction, long expected)
    {
        using var runner = new DeviceRunner(freeBytes);
        KvCachePlan.BudgetBytes(runner, memoryMb: null, fraction).Should().Be(expected);
    }

    [Fact]
    public void An_explicit_budget_wins_and_host_runners_default_to_one_gibibyte()
    {
        using var device = new DeviceRunner(64L * GiB);
        using var host = new FakeModelRunner();
        KvCachePlan.BudgetBytes(device, memoryMb: 512, 0.9).Should().Be(512L * 1024 * 1024);
        KvCachePlan.BudgetBytes(host, memoryMb: null, 0.9).Should().Be(GiB);
    }
}
