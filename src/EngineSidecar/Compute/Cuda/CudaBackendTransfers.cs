using System.Runtime.InteropServices;
using Sluice.Engine.Compute.Cuda.Runtime;
using static Sluice.Engine.Compute.Cuda.Native.CudaDriver;
using static Sluice.Engine.Compute.Cuda.Runtime.KernelArg;

namespace Sluice.Engine.Compute.Cuda;

// Host transfers, token selection, weight stacking and argument checks: the backend's parts beyond the IComputeBackend ops.
public sealed unsafe partial class CudaBackend
{
    /// <summary>Waits for queued work, then returns input's Rows × Cols elements.</summary>
    public float[] Download(Activation input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var values = new float[input.Rows * input.Cols];
        CopyToHost(input, values);
        return values;
    }

    /// <summary>Writes <paramref name="values"/> into the first values.Length elements of <paramref name="target"/>.</summary>
    public void Upload(Activation target, ReadOnlySpan<float> values)
    {
        var x = Gpu(target);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(values.Length, x.CapacityRows * x.Cols);
        EnsureCurrent();
        Device.Synchronize();
        x.ShadowValid = false;
        fixed (float* p = values)
        {
            Check(cuMemcpyHtoD(x.Pointer, p, (nuint)((long)values.Length * sizeof(float))), nameof(cuMemcpyHtoD));
        }
    }

    /// <summary>Fills every element of <paramref name="target"/>'s capacity with NaN, so unwritten outputs show.</summary>
    public void Poison(Activation target)
    {
        var x = Gpu(target);
        EnsureCurrent();
        x.ShadowValid = false;
        Check(cuMemsetD32Async(x.Pointer, 0x7FC00000u, (nuint)((long)x.CapacityRows * x.Cols), Device.Stream), nameof(cuMemsetD32Async));
    }

    /// <summary>
    /// Selects one token per row of <paramref name="logits"/> on the GPU: argmax where temperatures[r] is 0, otherwise a
    /// Gumbel-max draw from softmax(logits / temperature) seeded by seeds[r], among the ids <paramref name="masks"/> allows
    /// for row r (all when null). Only the ids are copied back.
    /// </summary>
    public int[] SampleTokens(Activation logits, ReadOnlySpan<float> temperatures, ReadOnlySpan<ulong> seeds, TokenMasks? masks = null)
    {
        var x = Gpu(logits);
        if (temperatures.Length != x.Rows || seeds.Length != x.Rows)
        {
            throw new ArgumentException($"sampling needs one temperature and one seed per row: {x.Rows} rows, {temperatures.Length} temperatures, {seeds.Length} seeds");
        }

        var rows = x.Rows;
        EnsureCurrent();
        using var scratch = new DeviceBuffer(Math.Max(1, rows) * (sizeof(float) + sizeof(ulong) + sizeof(int)));
        var seedsAt = scratch.Pointer;
        var temperaturesAt = seedsAt + ((ulong)rows * sizeof(ulong));
        var idsAt = temperaturesAt + ((ulong)rows * sizeof(float));
        var packed = new byte[rows * (sizeof(ulong) + sizeof(float))];
        MemoryMarshal.AsBytes(seeds).CopyTo(packed);
        MemoryMarshal.AsBytes(temperatures).CopyTo(packed.AsSpan(rows * sizeof(ulong)));
        Device.Synchronize();
        scratch.Upload<byte>(packed);
        using var maskRows = masks is null ? null : new DeviceBuffer(Math.Max(1, masks.RowMasks.Length) * sizeof(int));
        using var maskWords = masks is null ? null : new DeviceBuffer(Math.Max(1, masks.Words.Length) * sizeof(uint));
        if (masks is not null)
        {
            if (masks.RowMasks.Length != rows)
            {
                throw new ArgumentException($"sampling needs one mask index per row: {rows} rows, {masks.RowMasks.Length} mask indexes");
            }

            maskRows!.Upload<int>(masks.RowMasks);
            maskWords!.Upload<uint>(masks.Words);
        }

        _module.Launch("sample_tokens", ((uint)rows, 1, 1), 1024, Device.Stream, Pointer(x.Pointer), Int(x.Cols), Pointer(temperaturesAt), Pointer(seedsAt), Pointer(idsAt),
            Pointer(maskRows?.Pointer ?? 0), Pointer(maskWords?.Pointer ?? 0), Int(masks?.WordsPerRow ?? 0));
        Device.Synchronize();
        var ids = new int[rows];
        fixed (int* p = ids)
        {
            Check(cuMemcpyDtoH(p, idsAt, (nuint)(rows * sizeof(int))), nameof(cuMemcpyDtoH));
        }

        return ids;
    }

    /// <summary>
    /// A new weight holding <paramref name="parts"/>' rows one after another ([Σ rows, cols]); the parts are left as they are.
    /// </summary>
    public WeightMatrix Concatenate(string name, params ReadOnlySpan<WeightMatrix> parts)
    {
        var cols = parts[0].Cols;
        var rows = 0;
        foreach (var part in parts)
        {
            if (part.Cols != cols)
            {
                throw new ArgumentException($"cannot stack '{part.Name}' [{part.Rows}, {part.Cols}] under {cols} columns");
            }

            rows += part.Rows;
        }

        EnsureCurrent();
        var buffer = new DeviceBuffer((long)rows * cols * sizeof(ushort));
        var offset = 0UL;
        foreach (var part in parts)
        {
            var bytes = (ulong)part.Rows * (ulong)cols * sizeof(ushort);
            Check(cuMemcpyDtoDAsync(buffer.Pointer + offset, Weight(part).Pointer, (nuint)bytes, Device.Stream), nameof(cuMemcpyDtoDAsync));
            offset += bytes;
        }

        Device.Synchronize();
        return new CudaWeightMatrix(name, rows, cols, buffer);
    }

    /// <summary>
    /// Queues token selection (see <see cref="SampleTokens"/>) without waiting: reads temperatures [R] and seeds [R]
    /// from device memory and writes ids [R] to device memory, R = logits.Rows. With <paramref name="maskRows"/> not 0, reads
    /// mask indexes [R] from there and masks [*, <paramref name="maskWords"/>] from <paramref name="masks"/> (see <see cref="TokenMasks"/>).
    /// Graph-capturable.
    /// </summary>
    public void QueueSampling(Activation logits, ulong temperatures, ulong seeds, ulong ids, ulong maskRows = 0, ulong masks = 0, int maskWords = 0)
    {
        var x = Gpu(logits);
        EnsureCurrent();
        _module.Launch("sample_tokens", ((uint)x.Rows, 1, 1), 1024, Device.Stream, Pointer(x.Pointer), Int(x.Cols), Pointer(temperatures), Pointer(seeds), Pointer(ids),
            Pointer(maskRows), Pointer(masks), Int(maskWords));
    }

    private static void RequireCols(Activation a, int cols, string what)
    {
        if (a.Cols != cols)
        {
            throw new ArgumentException($"{what} has {a.Cols} columns, expected {cols}");
        }
    }

    private static void RequireRows(Activation a, int rows, string what)
    {
        if (a.Rows != rows)
        {
            throw new ArgumentException($"{what} has {a.Rows} rows in use, expected {rows}");
        }
    }
}
