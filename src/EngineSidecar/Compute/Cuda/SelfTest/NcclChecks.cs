using Sluice.Engine.Compute.Cuda.Native;
using Sluice.Engine.Compute.Cuda.Runtime;

namespace Sluice.Engine.Compute.Cuda.SelfTest;

/// <summary>
/// The NCCL bindings with one rank on one GPU, the most one GPU allows: a communicator made both ways (ncclCommInitAll,
/// and ncclGetUniqueId + ncclCommInitRank), an out-of-place all-reduce inside a group, an in-place all-reduce and an
/// all-gather. With one rank each result must equal the input bit for bit.
/// </summary>
public static class NcclChecks
{
    /// <summary>Name of the check (for --filter).</summary>
    public const string Name = "nccl one rank";

    // Not a multiple of any vector width, so a partial tail is moved too.
    private const int Elements = 4099;

    /// <summary>Runs the check on <paramref name="device"/> (its context current on this thread).</summary>
    public static CheckResult OneRank(CudaDevice device)
    {
        ArgumentNullException.ThrowIfNull(device);
        int version;
        try
        {
            version = Nccl.Version();
        }
        catch (DllNotFoundException e)
        {
            return new CheckResult(Name, double.PositiveInfinity, 0, $"{e.Message}: put the directory of libnccl.so.2 on LD_LIBRARY_PATH");
        }

        device.MakeCurrent();
        var input = Enumerable.Range(0, Elements).Select(i => MathF.Sin(i) * (i + 1)).ToArray();
        using var send = new DeviceBuffer(Elements * sizeof(float));
        using var recv = new DeviceBuffer(Elements * sizeof(float));
        send.Upload<float>(input);
        double worst = 0;
        var all = NcclCommunicator.ForDevices([device.Ordinal]);
        using (var comm = all[0])
        {
            NcclCommunicator.Group(() => comm.AllReduceSum(send.Pointer, recv.Pointer, Elements, device.Stream));
            worst = Math.Max(worst, Difference(recv, input, device));
            comm.AllGather(send.Pointer, recv.Pointer, Elements, device.Stream);
            worst = Math.Max(worst, Difference(recv, input, device));
        }

        using (var joined = NcclCommunicator.Join(NcclCommunicator.NewId(), rank: 0, size: 1))
        {
            send.Upload<float>(input);
            joined.AllReduceSum(send.Pointer, send.Pointer, Elements, device.Stream);
            worst = Math.Max(worst, Difference(send, input, device));
        }

        var nvls = Nccl.NativeEnvironment(Nccl.NvlsEnableVariable);
        return new CheckResult($"{Name}: all-reduce (grouped, in place) and all-gather of {Elements} fp32 equal the input", worst, 0,
            $"NCCL {version}, {Nccl.NvlsEnableVariable}={nvls}");
    }

    private static double Difference(DeviceBuffer buffer, float[] expected, CudaDevice device)
    {
        device.Synchronize();
        var actual = new float[expected.Length];
        buffer.Download<float>(actual);
        return expected.Select((v, i) => Math.Abs((double)actual[i] - v)).Max();
    }
}
