namespace Sluice.Engine.Compute.Cuda.Native;

/// <summary>A failed CUDA driver, NVRTC or cuBLASLt call; the message names the call and the library's error string.</summary>
public sealed class CudaException : Exception
{
    public CudaException()
    {
    }

    public CudaException(string message)
        : base(message)
    {
    }

    public CudaException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The library's status code (CUresult, nvrtcResult or cublasStatus_t).</summary>
    public int Status { get; init; }
}
