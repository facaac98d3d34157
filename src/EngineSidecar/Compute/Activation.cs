namespace Sluice.Engine.Compute;

/// <summary>
/// A backend-owned fp32 matrix of activations, [Rows, Cols] row-major, allocated for up to
/// <see cref="CapacityRows"/> rows and reused across steps with <see cref="Resize"/>.
/// </summary>
public abstract class Activation(int capacityRows, int cols) : IDisposable
{
    public int CapacityRows { get; } = capacityRows;

    public int Cols { get; } = cols;

    /// <summary>Rows in use this step.</summary>
    public int Rows { get; private set; } = capacityRows;

    /// <summary>Sets the rows in use; at most <see cref="CapacityRows"/>.</summary>
    public void Resize(int rows)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rows, CapacityRows);
        Rows = rows;
    }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
    }
}
