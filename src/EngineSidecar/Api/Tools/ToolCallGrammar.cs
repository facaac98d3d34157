using System.Text;
using Sluice.Engine.Grammar;
using Sluice.Engine.Model;

namespace Sluice.Engine.Api.Tools;

/// <summary>
/// The output grammar of a tool-calling turn. A call is <c>Open{"name":"NAME","arguments":ARGS}Close</c> with ARGS
/// following the function's parameters schema (compact JSON, no whitespace). <c>required</c> allows exactly one call;
/// <c>auto</c> allows a call or free text that does not start with the call's first byte.
/// </summary>
public static class ToolCallGrammar
{
    /// <summary>The grammar for <paramref name="mode"/> over <paramref name="callable"/> (name → arguments grammar); null for none.</summary>
    public static GrammarNode? Build(ToolChoiceMode mode, ToolCallSyntax syntax, IReadOnlyList<(string Name, GrammarNode Arguments)> callable)
    {
        if (mode == ToolChoiceMode.None)
        {
            return null;
        }

        var suffix = Encoding.UTF8.GetBytes(ToolPlan.CallSuffix(syntax));
        var call = new WrappedValueNode([.. callable.Select(c => new WrappedValue(Encoding.UTF8.GetBytes(ToolPlan.CallPrefix(syntax, c.Name)), c.Arguments, suffix))]);
        if (mode == ToolChoiceMode.Required)
        {
            return call;
        }

        var callStarts = Enumerable.Range(0, 256).Where(b => call.FirstBytes[b]).Select(b => (byte)b).ToArray();
        var text = new FreeTextNode(callStarts);
        return new ChoiceNode(() => [text, call]);
    }
}
