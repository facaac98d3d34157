using System.Collections.Concurrent;
using System.Text.Json;

namespace Sluice.Engine.Grammar;

/// <summary>
/// Compiled schemas by their JSON text, so that requests with the same schema share one grammar, and with it the
/// token masks cached per grammar state (<see cref="TokenMaskCache"/>). Grammars are immutable; a schema that does not
/// compile is not kept. Holds at most <see cref="Capacity"/> schemas (emptied when full). Thread-safe.
/// </summary>
public sealed class CompiledSchemaCache(int capacity)
{
    private readonly ConcurrentDictionary<string, GrammarNode> _grammars = new(StringComparer.Ordinal);

    /// <summary>The cache the API's request parsers use.</summary>
    public static CompiledSchemaCache Shared { get; } = new(256);

    public int Capacity { get; } = capacity > 0 ? capacity : throw new ArgumentOutOfRangeException(nameof(capacity));

    /// <summary>The grammar of <paramref name="schema"/>; throws <see cref="SchemaException"/> as <see cref="JsonSchemaCompiler.Compile(JsonElement)"/> does.</summary>
    public GrammarNode Compile(JsonElement schema)
    {
        var text = schema.GetRawText();
        if (_grammars.TryGetValue(text, out var grammar))
        {
            return grammar;
        }

        grammar = JsonSchemaCompiler.Compile(schema);
        if (_grammars.Count >= Capacity)
        {
            _grammars.Clear();
        }

        return _grammars.GetOrAdd(text, grammar);
    }
}
