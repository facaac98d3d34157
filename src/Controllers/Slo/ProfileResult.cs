namespace Sluice.Controllers.Slo;

/// <summary>What a profiling sweep measured and chose.</summary>
/// <param name="Curve">Every measured point, batch points first, then rate points at the chosen batch.</param>
/// <param name="Chosen">The starting levers.</param>
/// <param name="MeetsSlo">False when even the smallest setting missed a limit (the deployment needs another GPU or quantization).</param>
public sealed record ProfileResult(IReadOnlyList<CurvePoint> Curve, TuningPoint Chosen, bool MeetsSlo);
