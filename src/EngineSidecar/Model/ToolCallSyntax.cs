namespace Sluice.Engine.Model;

/// <summary>
/// How a model writes one tool call: <paramref name="Open"/>, then the compact JSON
/// <c>{"name":NAME,"arguments":{...}}</c>, then <paramref name="Close"/>. Both are empty for a bare JSON object.
/// </summary>
public sealed record ToolCallSyntax(string Open, string Close)
{
    /// <summary>The Hermes / Qwen markup: <c>&lt;tool_call&gt;\n{...}\n&lt;/tool_call&gt;</c>.</summary>
    public static ToolCallSyntax Hermes { get; } = new("<tool_call>\n", "\n</tool_call>");

    /// <summary>A bare JSON object, for templates that name no markup.</summary>
    public static ToolCallSyntax BareJson { get; } = new(string.Empty, string.Empty);
}
