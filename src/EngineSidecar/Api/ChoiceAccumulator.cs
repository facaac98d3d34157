using System.Text;
using Sluice.Engine.Api.Tools;
using Sluice.Engine.Engine;

namespace Sluice.Engine.Api;

/// <summary>Collects one choice's deltas for a non-streaming response.</summary>
public sealed class ChoiceAccumulator
{
    public StringBuilder Text { get; } = new();

    public List<TokenLogprob> Logprobs { get; } = [];

    public FinishReason? FinishReason { get; set; }

    /// <summary>With tools: splits the text into content (<see cref="Text"/>) and tool calls.</summary>
    public ToolCallDecoder? Tools { get; init; }

    /// <summary>The OpenAI finish_reason of the choice (<c>tool_calls</c> when it stopped after a complete call).</summary>
    public string? FinishWire => Tools is { } tools ? tools.FinishWire(FinishReason) : Wire(FinishReason);

    /// <summary>Adds <paramref name="delta"/>'s text, logprobs and finish reason.</summary>
    public void Add(SequenceDelta delta)
    {
        if (Tools is null)
        {
            Text.Append(delta.Text);
        }
        else
        {
            Text.Append(Tools.Feed(delta.Text).Content);
            if (delta.FinishReason is { } reason)
            {
                Text.Append(Tools.Finish());
            }
        }

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
