using System.Text;
using Sluice.Engine.Engine;

namespace Sluice.Engine.Api.Tools;

/// <summary>
/// Splits one choice's output text into content and a tool call, incrementally (for stream deltas) and in whole (for a
/// single response). Under <c>required</c> the output is a call; under <c>auto</c> it is a call when its first character
/// starts the call syntax (the grammar guarantees free text never does), free text otherwise. The function name is
/// reported once the call's header is complete; argument text is passed on as it arrives, less the bytes that may still
/// turn out to be the call's closing markup. Not thread-safe.
/// </summary>
public sealed class ToolCallDecoder
{
    private readonly ToolPlan _plan;
    private readonly string _suffix;
    private readonly StringBuilder _buffer = new();
    private readonly StringBuilder _arguments = new();
    private bool? _isCall;
    private int _argumentsStart;
    private int _emitted;

    public ToolCallDecoder(ToolPlan plan, string callId)
    {
        _plan = plan;
        _suffix = ToolPlan.CallSuffix(plan.Syntax);
        CallId = callId;
    }

    /// <summary>The call's id (<c>call_…</c>).</summary>
    public string CallId { get; }

    /// <summary>The called function once the call's header is complete; otherwise null.</summary>
    public string? Name { get; private set; }

    /// <summary>The arguments text passed on so far (after <see cref="Finish"/>: all of it).</summary>
    public string Arguments => _arguments.ToString();

    /// <summary>True when the output is a call whose function name is known.</summary>
    public bool IsCall => Name is not null;

    /// <summary>True after <see cref="Finish"/> when the call ended with its closing markup.</summary>
    public bool IsCompleteCall { get; private set; }

    /// <summary>Takes the next piece of output text.</summary>
    public ToolDecoderStep Feed(string text)
    {
        if (_isCall == false)
        {
            return text.Length == 0 ? ToolDecoderStep.Empty : new ToolDecoderStep(text, null, string.Empty);
        }

        _buffer.Append(text);
        if (_buffer.Length == 0)
        {
            return ToolDecoderStep.Empty;
        }

        if (_isCall is null)
        {
            var callStart = (_plan.Syntax.Open.Length > 0 ? _plan.Syntax.Open : "{")[0];
            _isCall = _plan.Mode == ToolChoiceMode.Required || (_plan.Mode == ToolChoiceMode.Auto && _buffer[0] == callStart);
            if (_isCall == false)
            {
                var content = _buffer.ToString();
                _buffer.Clear();
                return new ToolDecoderStep(content, null, string.Empty);
            }
        }

        string? started = null;
        if (Name is null)
        {
            var buffered = _buffer.ToString();
            foreach (var name in _plan.Callable)
            {
                var prefix = ToolPlan.CallPrefix(_plan.Syntax, name);
                if (buffered.StartsWith(prefix, StringComparison.Ordinal))
                {
                    Name = started = name;
                    _argumentsStart = prefix.Length;
                    break;
                }
            }

            if (Name is null)
            {
                return ToolDecoderStep.Empty;
            }
        }

        var end = _buffer.Length - _suffix.Length;
        if (end > 0 && char.IsHighSurrogate(_buffer[end - 1]))
        {
            end--;
        }

        return new ToolDecoderStep(string.Empty, started, TakeArguments(end));
    }

    /// <summary>Ends the output: passes on what was held back. A call that never got its header is content.</summary>
    public ToolDecoderStep Finish(FinishReason? reason)
    {
        if (_isCall != true)
        {
            return ToolDecoderStep.Empty;
        }

        if (Name is null)
        {
            var content = _buffer.ToString();
            _buffer.Clear();
            _isCall = false;
            return content.Length == 0 ? ToolDecoderStep.Empty : new ToolDecoderStep(content, null, string.Empty);
        }

        var end = _buffer.Length;
        if (reason == FinishReason.Stop && _buffer.ToString().EndsWith(_suffix, StringComparison.Ordinal) && end - _suffix.Length >= _argumentsStart + _emitted)
        {
            end -= _suffix.Length;
            IsCompleteCall = true;
        }

        return new ToolDecoderStep(string.Empty, null, TakeArguments(end));
    }

    /// <summary>The OpenAI finish_reason: <c>tool_calls</c> for a complete call, otherwise the engine's reason.</summary>
    public string? FinishWire(FinishReason? reason) => IsCompleteCall ? "tool_calls" : ChoiceAccumulator.Wire(reason);

    private string TakeArguments(int end)
    {
        var start = _argumentsStart + _emitted;
        if (end <= start)
        {
            return string.Empty;
        }

        var fragment = _buffer.ToString(start, end - start);
        _emitted += fragment.Length;
        _arguments.Append(fragment);
        return fragment;
    }
}
