namespace Sluice.Engine.Cli.Bench;

/// <summary>One measured run of <see cref="ConstrainedDecodeBench"/>.</summary>
/// <param name="Constrained">True when every sequence decoded under the grammar's mask.</param>
/// <param name="DecodeTokens">Tokens generated after every sequence had its first token.</param>
/// <param name="DecodeSeconds">Wall time of those tokens.</param>
/// <param name="InvalidOutputs">Constrained outputs that are not a prefix of a document of the grammar (must be 0).</param>
public sealed record ConstrainedDecodeRun(bool Constrained, long DecodeTokens, double DecodeSeconds, int InvalidOutputs)
{
    public double TokensPerSecond => DecodeTokens / DecodeSeconds;
}
