using Sluice.Engine.Compute;

namespace Sluice.Engine.Engine;

/// <summary>How many KV blocks fit a memory budget, and the check that one longest sequence fits.</summary>
public static class KvCachePlan
{
    /// <summary>Budget on the host (CPU backend) when none is given: 1 GiB.</summary>
    public const long DefaultHostBudgetBytes = 1L << 30;

    /// <summary>Device memory kept free for activations and workspace when the budget comes from free memory: 2 GiB.</summary>
    public const long DeviceReserveBytes = 2L << 30;

    /// <summary>
    /// The KV budget: <paramref name="memoryMb"/> MiB when given; otherwise <paramref name="fraction"/> of the free
    /// device memory minus <see cref="DeviceReserveBytes"/> for a runner with device memory, else <see cref="DefaultHostBudgetBytes"/>.
    /// </summary>
    public static long BudgetBytes(IModelRunner runner, int? memoryMb, double fraction)
    {
        if (memoryMb is { } mb)
        {
            return (long)mb * 1024 * 1024;
        }

        return runner is IDeviceMemory device
            ? (long)Math.Max(0, (device.FreeDeviceBytes() - DeviceReserveBytes) * fraction)
            : DefaultHostBudgetBytes;
    }

    /// <summary>
    /// Blocks of <paramref name="blockSize"/> positions that fit in <paramref name="budgetBytes"/>.
    /// Throws <see cref="InvalidOperationException"/> with both numbers when a sequence of
    /// <paramref name="maxModelTokens"/> tokens would not fit, since the engine could never finish it.
    /// </summary>
    public static int NumBlocks(IModelRunner runner, int blockSize, long budgetBytes, int maxModelTokens)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(blockSize, 1);
        var bytesPerBlock = runner.KvBytesPerBlock(blockSize);
        if (bytesPerBlock <= 0)
        {
            throw new InvalidOperationException($"the runner reports {bytesPerBlock} KV bytes per block");
        }

        var numBlocks = (int)Math.Min(int.MaxValue, budgetBytes / bytesPerBlock);
        var blocksPerSequence = (maxModelTokens + blockSize - 1) / blockSize;
        if (numBlocks < blocksPerSequence)
        {
            throw new InvalidOperationException(
                $"the KV cache budget of {budgetBytes / (1024 * 1024)} MiB holds {numBlocks} blocks of {blockSize} tokens " +
                $"({(long)numBlocks * blockSize} tokens), but one sequence of the maximum length {maxModelTokens} needs {blocksPerSequence} blocks; " +
                $"raise --kv-cache-memory-mb to at least {((blocksPerSequence * bytesPerBlock) + (1024 * 1024) - 1) / (1024 * 1024)} or lower --max-model-len");
        }

        return numBlocks;
    }
}
