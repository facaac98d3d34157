using System.Runtime.InteropServices;
using Sluice.Engine.Model.Weights;

namespace Sluice.Engine.Compute.Cpu;

/// <summary>
/// A weight the CPU reads at <see cref="Data"/>: either its own fp32 copy (native memory, freed on dispose)
/// or the source's memory in place (mapped file or dummy buffer), in <see cref="WeightMatrix.Dtype"/>.
/// </summary>
public sealed unsafe class CpuWeightMatrix : WeightMatrix
{
    private readonly bool _owned;
    private nint _data;

    public CpuWeightMatrix(string name, int rows, int cols, WeightDtype dtype, nint data, bool owned)
        : base(name, rows, cols, dtype)
    {
        _data = data;
        _owned = owned;
    }

    public override bool HoldsCopy => _owned;

    /// <summary>Address of element (0, 0); rows are Cols elements apart.</summary>
    public nint Data => _data;

    /// <summary>Row <paramref name="row"/> as fp32, when <see cref="WeightMatrix.Dtype"/> is F32.</summary>
    public ReadOnlySpan<float> Fp32Row(int row) => new((float*)_data + ((long)row * Cols), Cols);

    /// <summary>Row <paramref name="row"/> widened to fp32: the stored row itself when F32, else converted into <paramref name="scratch"/>.</summary>
    public ReadOnlySpan<float> ReadRow(int row, Span<float> scratch)
    {
        if (Dtype == WeightDtype.F32)
        {
            return Fp32Row(row);
        }

        var destination = scratch[..Cols];
        FloatConversion.ToSingle(Dtype, (byte*)_data + ((long)row * Cols * Dtype.SizeBytes()), destination);
        return destination;
    }

    protected override void Dispose(bool disposing)
    {
        if (_owned && _data != 0)
        {
            NativeMemory.AlignedFree((void*)_data);
        }

        _data = 0;

        base.Dispose(disposing);
    }
}
