namespace Sluice.Engine.Model;

/// <summary>
/// How a model writes tool calls: each call is <paramref name="Open"/>, then the compact JSON
/// <c>{"name":NAME,"arguments":{...}}</c>, then <paramref name="Close"/> (both empty for a bare JSON object); several
/// calls in a row are joined by <paramref name="Separator"/>.
/// </summary>
public sealed record ToolCallSyntax(string Open, string Close, string Separator)
{
    /// <summary>The Hermes / Qwen markup: <c>&lt;tool_call&gt;\n{...}\n&lt;/tool_call&gt;</c>, calls one per line.</summary>
    public static ToolCallSyntax Hermes { get; } = new("<tool_call>\n", "\n</tool_call>", "\n");

    /// <summary>
    /// A bare JSON object, for templates that name no markup (the Llama 3.x JSON style); several calls are joined by
    /// <c>"; "</c>, the sequence vLLM's and SGLang's Llama JSON parsers read.
    /// </summary>
    public static ToolCallSyntax BareJson { get; } = new(string.Empty, string.Empty, "; ");
}
