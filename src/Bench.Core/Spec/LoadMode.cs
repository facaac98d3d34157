namespace Sluice.Bench.Spec;

/// <summary>How load is offered to the server.</summary>
public enum LoadMode
{
    /// <summary>A fixed number of users; each sends its next request when its last one finished.</summary>
    ClosedLoop,

    /// <summary>Requests arrive on a schedule (a rate, or all at once) regardless of how fast the server answers.</summary>
    OpenLoop,
}
