namespace Sluice.Controllers.Tests.SloSimulation;

/// <summary>
/// Seconds one engine step takes on one NVIDIA H200 serving llama-3-8b bf16 (dummy weights) with the sluice engine, fitted to
/// the runs of 2026-12-03 (bench/results/nvidia-h200-2026-12-03-slo-tune, prompts of about 2048 tokens, 128 output tokens):
/// a fixed part, a part per decoding sequence and a part per prefill token, so that a prefill chunk interleaved with the decodes
/// lengthens that step for every running sequence. <see cref="H200CalibrationTests"/> checks the simulated engine against the
/// measured numbers (simulated / measured):
/// <list type="bullet">
/// <item>TPOT p95 under a backlog of 40 users: batch 1 5.7 / 5.7 ms, 16 15.5 / 16.2 ms, 20 18.2 / 20.1 ms, 32 25.8 / 25.9 ms
/// (the fit is 1–2 ms low between batch 11 and 20);</item>
/// <item>capacity at batch 32: about 9.5 / 9.6 req/s;</item>
/// <item>TTFT p95 of Poisson arrivals at batch 32 over 20 s from an empty queue: 7 req/s 0.18 / 0.18 s, 8 req/s 0.25 / 0.22 s,
/// 9 req/s about 1 / 0.47 s (the simulated knee is a little lower).</item>
/// </list>
/// </summary>
internal static class H200StepCost
{
    /// <summary>Per step, whatever it computes (weights read, launches).</summary>
    public const double FixedSeconds = 0.0055;

    /// <summary>Per sequence decoding one token in the step.</summary>
    public const double PerDecodeSequenceSeconds = 0.0001;

    /// <summary>Per prompt token prefilled in the step (a 2048-token prompt adds 57 ms to its step).</summary>
    public const double PerPrefillTokenSeconds = 0.000036;

    /// <summary>
    /// Factor on a step while another engine on the same GPU also has work: the two engines' steps run one after the other, and
    /// each costs a tenth more (S3 of run B: two engines at batch 32 had a TPOT p95 of 57 ms, one alone 26 ms).
    /// </summary>
    public const double SharedGpuSlowdown = 1.1;

    /// <summary>The step's duration for <paramref name="decodeSequences"/> decodes and <paramref name="prefillTokens"/> prompt tokens.</summary>
    public static double StepSeconds(int decodeSequences, int prefillTokens) =>
        FixedSeconds + (PerDecodeSequenceSeconds * decodeSequences) + (PerPrefillTokenSeconds * prefillTokens);
}
