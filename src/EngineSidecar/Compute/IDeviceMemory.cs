namespace Sluice.Engine.Compute;

/// <summary>A runner whose KV cache lives in device memory, so the cache can be sized from what is free.</summary>
public interface IDeviceMemory
{
    /// <summary>Bytes of device memory free now (after weights and workspace are allocated).</summary>
    long FreeDeviceBytes();
}
