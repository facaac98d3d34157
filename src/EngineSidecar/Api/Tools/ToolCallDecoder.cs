using System.Text;
using Sluice.Engine.Engine;

namespace Sluice.Engine.Api.Tools;

/// <summary>
/// Splits one choice's output text into content and tool calls, incrementally (for stream deltas) and in whole (for a
/// single response). Under <c>required</c> the output is calls; under <c>auto</c> it is calls when its first character
/// starts the call syntax (the grammar guarantees free text never does), free text otherwise. The output follows the
/// tool-call grammar: calls joined by the syntax's separator, each <c>Open{"name":"NAME","arguments":ARGS}Close</c>.
/// A call is reported (with a fresh id and its name) once its header up to <c>"arguments":</c> is complete; the
/// arguments text is passed on as it arrives, and where it ends is read from the JSON itself (strings and nesting), so
/// nothing is held back. The separator, the header and the closing markup are never passed on, except that a header cut
/// short by the end of the output (no name yet) is returned as content by <see cref="Finish"/>. Not thread-safe.
/// </summary>
public sealed class ToolCallDecoder
{
    private readonly ToolPlan _plan;
    private readonly string[] _firstHeaders;
    private readonly string[] _laterHeaders;
    private readonly int _suffixLength;
    private readonly StringBuilder _header = new();
    private readonly List<DecodedToolCall> _calls = [];
    private Phase _phase;
    private int _depth;
    private bool _inString;
    private bool _escaped;
    private int _suffixMatched;

    public ToolCallDecoder(ToolPlan plan)
    {
        _plan = plan;
        _firstHeaders = [.. plan.Callable.Select(name => ToolPlan.CallPrefix(plan.Syntax, name))];
        _laterHeaders = [.. _firstHeaders.Select(header => plan.Syntax.Separator + header)];
        _suffixLength = ToolPlan.CallSuffix(plan.Syntax).Length;
    }

    private enum Phase
    {
        Undecided,
        Content,
        Header,
        Arguments,
        Suffix,
        AfterCall,
    }

    /// <summary>The calls whose name is known, in output order.</summary>
    public IReadOnlyList<DecodedToolCall> Calls => _calls;

    /// <summary>Takes the next piece of output text.</summary>
    public ToolDecoderStep Feed(string text)
    {
        if (text.Length == 0)
        {
            return ToolDecoderStep.Empty;
        }

        if (_phase == Phase.Undecided)
        {
            _phase = _plan.Mode == ToolChoiceMode.Auto && text[0] != _firstHeaders[0][0] ? Phase.Content : Phase.Header;
        }

        if (_phase == Phase.Content)
        {
            return new ToolDecoderStep(text, []);
        }

        var deltas = new List<(int Index, string? Id, string? Name, StringBuilder Arguments)>();
        foreach (var c in text)
        {
            switch (_phase)
            {
                case Phase.Header or Phase.AfterCall:
                    _phase = Phase.Header;
                    _header.Append(c);
                    if (CompletedHeader() is { } name)
                    {
                        var call = new DecodedToolCall("call_" + Guid.NewGuid().ToString("N")[..24], name);
                        _calls.Add(call);
                        deltas.Add((_calls.Count - 1, call.Id, name, new StringBuilder()));
                        _header.Clear();
                        _phase = Phase.Arguments;
                        (_depth, _inString, _escaped) = (0, false, false);
                    }

                    break;
                case Phase.Arguments:
                    var current = _calls[^1];
                    current.Append(c);
                    if (deltas.Count == 0 || deltas[^1].Index != _calls.Count - 1)
                    {
                        deltas.Add((_calls.Count - 1, null, null, new StringBuilder()));
                    }

                    deltas[^1].Arguments.Append(c);
                    if (Scan(c))
                    {
                        _phase = Phase.Suffix;
                        _suffixMatched = 0;
                    }

                    break;
                default: // Suffix
                    if (++_suffixMatched == _suffixLength)
                    {
                        _calls[^1].IsComplete = true;
                        _phase = Phase.AfterCall;
                    }

                    break;
            }
        }

        return deltas.Count == 0
            ? ToolDecoderStep.Empty
            : new ToolDecoderStep(string.Empty, [.. deltas.Select(d => new ToolCallDelta(d.Index, d.Id, d.Name, d.Arguments.ToString()))]);
    }

    /// <summary>Ends the output. Returns the text of a call header that never got its name (to be passed on as content), else empty.</summary>
    public string Finish()
    {
        var rest = _header.ToString();
        _header.Clear();
        return rest;
    }

    /// <summary>
    /// The OpenAI finish_reason: <c>tool_calls</c> when the output stopped (<paramref name="reason"/> Stop) right after a
    /// call's closing markup, otherwise the engine's reason (<c>length</c> for a cut call, <c>stop</c> for text).
    /// </summary>
    public string? FinishWire(FinishReason? reason) =>
        reason == FinishReason.Stop && _phase == Phase.AfterCall ? "tool_calls" : ChoiceAccumulator.Wire(reason);

    // The function name once the header text is exactly a header of a callable function (headers are prefix-free: each
    // ends with the name's closing quote and ,"arguments":).
    private string? CompletedHeader()
    {
        var headers = _calls.Count == 0 ? _firstHeaders : _laterHeaders;
        for (var i = 0; i < headers.Length; i++)
        {
            if (headers[i].Length == _header.Length && _header.Equals(headers[i].AsSpan()))
            {
                return _plan.Callable[i];
            }
        }

        return null;
    }

    // Tracks the arguments JSON (an object); true when c closes it.
    private bool Scan(char c)
    {
        if (_inString)
        {
            if (_escaped)
            {
                _escaped = false;
            }
            else if (c == '\\')
            {
                _escaped = true;
            }
            else if (c == '"')
            {
                _inString = false;
            }

            return false;
        }

        switch (c)
        {
            case '"':
                _inString = true;
                break;
            case '{' or '[':
                _depth++;
                break;
            case '}' or ']':
                _depth--;
                break;
        }

        return _depth == 0;
    }
}
