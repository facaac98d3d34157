namespace Sluice.Bench.Spec;

/// <summary>The gaps between open-loop arrivals at a given request rate.</summary>
public enum ArrivalProcess
{
    /// <summary>Exponentially distributed gaps with mean 1/rate (a Poisson process), from the run's seed.</summary>
    Poisson,

    /// <summary>Every gap is exactly 1/rate.</summary>
    Constant,
}
