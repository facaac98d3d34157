namespace Sluice.Engine.Compute.Cuda.SelfTest;

/// <summary>Outcome of one GPU-versus-reference check: the measured error against its tolerance.</summary>
/// <param name="Name">Check and shape, e.g. "matmul T=7 K=100 N=300".</param>
/// <param name="Error">max |gpu − reference| / max |reference| (infinity when the GPU output held NaN: an unwritten element).</param>
/// <param name="Tolerance">Largest error that passes.</param>
/// <param name="Detail">Extra facts (e.g. where a greedy continuation diverged).</param>
public sealed record CheckResult(string Name, double Error, double Tolerance, string Detail = "")
{
    public bool Passed => Error <= Tolerance;

    public override string ToString() =>
        $"{(Passed ? "PASS" : "FAIL")}  {Name}  error={Error:0.###e+0} tol={Tolerance:0.#e+0}{(Detail.Length > 0 ? "  " + Detail : string.Empty)}";
}
