using System.Text;

namespace Sluice.Engine.Api.Tools;

/// <summary>One tool call of a choice's output, as far as it has been generated.</summary>
public sealed class DecodedToolCall(string id, string name)
{
    private readonly StringBuilder _arguments = new();

    /// <summary>The call's id: <c>call_</c> and 24 hex digits, distinct per call.</summary>
    public string Id { get; } = id;

    /// <summary>The called function (known before any argument text).</summary>
    public string Name { get; } = name;

    /// <summary>The arguments JSON text generated so far; the call's closing markup is never part of it.</summary>
    public string Arguments => _arguments.ToString();

    /// <summary>True once the call's closing markup has been generated (the arguments are then a whole object).</summary>
    public bool IsComplete { get; internal set; }

    internal void Append(char c) => _arguments.Append(c);
}
