namespace Sluice.Bench.Results;

/// <summary>Whether a results file holds one run or a sweep.</summary>
public enum ResultsKind
{
    /// <summary>One run.</summary>
    Run,

    /// <summary>Several runs along a <see cref="SweepAxis"/>, in sweep order.</summary>
    Sweep,
}
