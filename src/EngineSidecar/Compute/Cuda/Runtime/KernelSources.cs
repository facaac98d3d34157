using System.Reflection;

namespace Sluice.Engine.Compute.Cuda.Runtime;

/// <summary>The kernels' CUDA C++ source: the embedded .cu files of Compute/Cuda/Kernels, common.cuh first, as one program.</summary>
public static class KernelSources
{
    /// <summary>Resource name prefix given to the .cu/.cuh files in EngineSidecar.csproj.</summary>
    public const string ResourcePrefix = "sluice.kernels.";

    /// <summary>Kernel files compiled together, in order after common.cuh.</summary>
    public static readonly string[] Files = ["elementwise.cu", "weights.cu", "quant.cu", "quant_gemm.cu", "kv_fp8.cu", "attention.cu", "prefill_attention.cu", "sampling.cu"];

    /// <summary>The whole program text.</summary>
    public static string Program()
    {
        var parts = new List<string> { Read("common.cuh") };
        parts.AddRange(Files.Select(Read));
        return string.Join("\n", parts);
    }

    private static string Read(string file)
    {
        var assembly = Assembly.GetExecutingAssembly();
        using var stream = assembly.GetManifestResourceStream(ResourcePrefix + file)
            ?? throw new InvalidOperationException($"kernel source {file} is not embedded in {assembly.GetName().Name}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
