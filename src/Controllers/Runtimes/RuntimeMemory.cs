namespace Sluice.Controllers.Runtimes;

/// <summary>A runtime's GPU memory plan as the fit preflight models it.</summary>
/// <param name="UsableFraction">Share of each GPU's memory the runtime lets weights and KV cache use (its own memory-utilization default).</param>
/// <param name="OverheadGiBPerGpu">What it keeps besides weights and KV on each GPU: CUDA context, activations, CUDA graphs, communication buffers.</param>
public sealed record RuntimeMemory(double UsableFraction, double OverheadGiBPerGpu);
