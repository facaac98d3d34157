namespace Sluice.Engine.Grammar;

/// <summary>A JSON Schema the grammar compiler cannot turn into a grammar.</summary>
/// <param name="keyword">The offending keyword (e.g. "pattern"), or the construct that is not supported.</param>
/// <param name="path">JSON pointer of the schema that holds it (e.g. "#/properties/name").</param>
public sealed class SchemaException(string keyword, string path, string message) : Exception(message)
{
    public string Keyword { get; } = keyword;

    public string Path { get; } = path;
}
