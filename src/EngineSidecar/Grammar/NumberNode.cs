namespace Sluice.Engine.Grammar;

/// <summary>
/// A JSON number (<see cref="Integer"/>: no fraction or exponent). Digit runs are capped (<see cref="MaxIntegerDigits"/>,
/// <see cref="MaxFractionDigits"/>, <see cref="MaxExponentDigits"/>) so that a number always ends; longer ones exceed
/// double precision anyway.
/// </summary>
public sealed class NumberNode(bool integer) : GrammarNode
{
    public const int MaxIntegerDigits = 16;
    public const int MaxFractionDigits = 16;
    public const int MaxExponentDigits = 3;

    private static readonly bool[] Start = Bytes.Of("-0123456789"u8);

    public bool Integer { get; } = integer;

    public override bool[] FirstBytes => Start;
}
