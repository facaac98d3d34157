namespace Sluice.Engine.Grammar;

/// <summary>One declared property of an <see cref="ObjectNode"/>.</summary>
/// <param name="Name">Property name as in the schema.</param>
/// <param name="KeyBytes">The UTF-8 of <c>"name":</c> (JSON-escaped name, quotes and colon).</param>
/// <param name="Value">Grammar of the value.</param>
/// <param name="Required">Listed in <c>required</c>.</param>
public sealed record ObjectProperty(string Name, byte[] KeyBytes, GrammarNode Value, bool Required);
