namespace Sluice.Engine.Grammar;

/// <summary>One alternative of a <see cref="WrappedValueNode"/>: exact <paramref name="Prefix"/> bytes, a value of <paramref name="Value"/>, exact <paramref name="Suffix"/> bytes.</summary>
public sealed record WrappedValue(byte[] Prefix, GrammarNode Value, byte[] Suffix);
