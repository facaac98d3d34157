namespace Sluice.Engine.Api.Tools;

/// <summary>What <c>tool_choice</c> lets the model do.</summary>
public enum ToolChoiceMode
{
    /// <summary>Free text only; the tools are still rendered into the prompt.</summary>
    None,

    /// <summary>Free text or one tool call, the model's pick (by its first byte).</summary>
    Auto,

    /// <summary>Exactly one call of one of the offered tools (<c>required</c>, or a named function: then only that one).</summary>
    Required,
}
