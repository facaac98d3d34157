namespace Sluice.Engine.Compute.Cpu;

/// <summary>When the CPU backend turns bf16/fp16 weights into fp32.</summary>
public enum CpuWeightConversion
{
    /// <summary>Convert on load while the fp32 copies fit <see cref="CpuRunnerOptions.MaxConvertedWeightBytes"/>, then on the fly.</summary>
    Auto,

    /// <summary>Always convert on load (fastest compute, 2× the memory of bf16).</summary>
    OnLoad,

    /// <summary>Keep the stored dtype and convert each weight row as a matmul reads it (least memory).</summary>
    OnTheFly,
}
