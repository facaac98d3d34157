namespace Sluice.Engine.Api.Tools;

/// <summary>What one piece of output text turned into.</summary>
/// <param name="Content">Free text to pass on as content (empty when none).</param>
/// <param name="Calls">What the text added to tool calls, in call order, at most one entry per call.</param>
public sealed record ToolDecoderStep(string Content, IReadOnlyList<ToolCallDelta> Calls)
{
    public static ToolDecoderStep Empty { get; } = new(string.Empty, []);

    /// <summary>True when the step carries nothing.</summary>
    public bool IsEmpty => Content.Length == 0 && Calls.Count == 0;
}
