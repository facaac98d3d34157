namespace Sluice.Engine.Api.Tools;

/// <summary>What one piece of output text turned into.</summary>
/// <param name="Content">Free text to pass on as content (empty when none).</param>
/// <param name="StartedName">The function name, on the one step where the call's header became known; otherwise null.</param>
/// <param name="Arguments">A new fragment of the call's arguments JSON (empty when none).</param>
public sealed record ToolDecoderStep(string Content, string? StartedName, string Arguments)
{
    public static ToolDecoderStep Empty { get; } = new(string.Empty, null, string.Empty);

    /// <summary>True when the step carries nothing.</summary>
    public bool IsEmpty => Content.Length == 0 && StartedName is null && Arguments.Length == 0;
}
