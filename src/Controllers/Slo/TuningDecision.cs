namespace Sluice.Controllers.Slo;

/// <summary>The tuner's answer for one period: the point to apply and, when it changed, why (with the numbers).</summary>
public sealed record TuningDecision(TuningPoint Point, IReadOnlyList<string> Reasons)
{
    /// <summary>True when the point differs from the one the tuner was given.</summary>
    public bool Changed => Reasons.Count > 0;
}
