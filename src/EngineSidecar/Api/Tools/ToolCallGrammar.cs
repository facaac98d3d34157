using System.Text;
using Sluice.Engine.Grammar;
using Sluice.Engine.Model;

namespace Sluice.Engine.Api.Tools;

/// <summary>
/// The output grammar of a tool-calling turn. A call is <c>Open{"name":"NAME","arguments":ARGS}Close</c> with ARGS
/// following the function's parameters schema (compact JSON, no whitespace); up to <c>maxCalls</c> calls follow one
/// another joined by the syntax's separator. <c>required</c> allows one or more calls (no text); <c>auto</c> allows
/// the same or free text that does not start with the call's first byte.
/// </summary>
public static class ToolCallGrammar
{
    /// <summary>The most calls one choice may make with <c>parallel_tool_calls</c> (so the grammar ends even if the model never stops).</summary>
    public const int MaxParallelCalls = 16;

    /// <summary>
    /// The grammar for <paramref name="mode"/> over <paramref name="callable"/> (name → arguments grammar) with 1 to
    /// <paramref name="maxCalls"/> calls; null for none. With one call at most, nothing but end-of-sequence follows it.
    /// </summary>
    public static GrammarNode? Build(ToolChoiceMode mode, ToolCallSyntax syntax, IReadOnlyList<(string Name, GrammarNode Arguments)> callable, int maxCalls)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCalls, 1);
        if (mode == ToolChoiceMode.None)
        {
            return null;
        }

        var suffix = Encoding.UTF8.GetBytes(ToolPlan.CallSuffix(syntax));
        GrammarNode calls = new WrappedValueNode([.. callable.Select(c => new WrappedValue(Encoding.UTF8.GetBytes(ToolPlan.CallPrefix(syntax, c.Name)), c.Arguments, suffix))]);
        if (maxCalls > 1)
        {
            calls = new RepeatNode(calls, Encoding.UTF8.GetBytes(syntax.Separator), maxCalls);
        }

        if (mode == ToolChoiceMode.Required)
        {
            return calls;
        }

        var callStarts = Enumerable.Range(0, 256).Where(b => calls.FirstBytes[b]).Select(b => (byte)b).ToArray();
        var text = new FreeTextNode(callStarts);
        return new ChoiceNode(() => [text, calls]);
    }
}
