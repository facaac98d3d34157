namespace Sluice.Controllers.Tests.SloSimulation;

/// <summary>
/// Seconds one engine step takes on one NVIDIA H200 serving llama-3-8b bf16 (dummy weights) with the sluice engine, fitted to
/// the runs of 2026-12-03 (bench/results/nvidia-h200-2026-12-03-slo-tune, prompts of about 2048 tokens, 128 output tokens):
/// a fixed part, a part per decoding sequence and a part per prefill token, so that a prefill chunk interleaved with the decodes
/// lengthens that step for every running sequence. <see cref="H200CalibrationTests"/> checks the simulated engine against the
/// measured numbers (simulated / measured):
/// <list type="bullet">
/// <item>TPOT p95 under a backlog of 40 users: batch 1 5.6 / 5.7 ms, 11 12.5 / 13.9, 14 14.6 / 15.3, 16 15.9 / 16.2, 20 18.6 / 20.1,
/// 32 26.7 / 25.9 ms (between batch 11 and 20 the fit is up to 1.5 ms low: the linear step cost cannot follow the H200's
/// steeper rise there);</item>
/// <item>completions at batch 32 with requests waiting: 9.1 / 9.6 req/s;</item>
/// <item>TTFT p95 of Poisson arrivals (12 req/s offered) admitted at 7, 8, 9 req/s at batch 32, 20 s from an empty queue:
/// 0.23 / 0.18, 0.31 / 0.22, 0.64 / 0.47 s (the simulated knee is a little lower);</item>
/// <item>a cold 2048-token prefill alone: TTFT 0.09 s (run A's first batch-1 points: 0.07–0.10 s).</item>
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
