namespace Sluice.Engine.Api.Tools;

/// <summary>What <c>tool_choice</c> lets the model do.</summary>
public enum ToolChoiceMode
{
    /// <summary>Free text only; the tools are still rendered into the prompt.</summary>
    None,

    /// <summary>Free text or tool calls, the model's pick (by its first byte).</summary>
    Auto,

    /// <summary>Tool calls of the offered tools, no text (<c>required</c>; or a named function: then exactly one call of it).</summary>
    Required,
}
