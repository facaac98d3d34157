using System.Text;
using Sluice.Engine.Engine;

namespace Sluice.Engine.Api;

/// <summary>Collects one choice's deltas for a non-streaming response.</summary>
public sealed class ChoiceAccumulator
{
    public StringBuilder Text { get; } = new();

    public List<TokenLogprob> Logprobs { get; } = [];

    public FinishReason? FinishReason { get; set; }

    /// <summary>Adds <paramref name="delta"/>'s text, logprobs and finish reason.</summary>
    public void Add(SequenceDelta delta)
    {
        Text.Append(delta.Text);
        if (delta.Logprobs is not null)
        {
            Logprobs.AddRange(delta.Logprobs);
        }

        FinishReason = delta.FinishReason ?? FinishReason;
    }

    /// <summary>OpenAI finish_reason string.</summary>
    public static string? Wire(FinishReason? reason) => reason switch
    {
        Engine.FinishReason.Stop => "stop",
        Engine.FinishReason.Length => "length",
        Engine.FinishReason.Abort => "abort",
        Engine.FinishReason.Error => "error",
        Engine.FinishReason.Timeout => "timeout",
        _ => null,
    };
}
