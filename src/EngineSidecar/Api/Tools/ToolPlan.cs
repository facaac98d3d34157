using Sluice.Engine.Grammar;
using Sluice.Engine.Model;

namespace Sluice.Engine.Api.Tools;

/// <summary>The validated <c>tools</c> and <c>tool_choice</c> of a chat request.</summary>
/// <param name="Tools">Every offered tool, in request order (all are rendered into the prompt).</param>
/// <param name="Mode">What the model may answer with.</param>
/// <param name="Callable">The tools the model may call under <paramref name="Mode"/> (one for a named choice).</param>
/// <param name="Syntax">How the model writes a call (from the chat template).</param>
/// <param name="Grammar">The output constraint, or null for <see cref="ToolChoiceMode.None"/>.</param>
public sealed record ToolPlan(IReadOnlyList<ChatTool> Tools, ToolChoiceMode Mode, IReadOnlyList<string> Callable, ToolCallSyntax Syntax, GrammarNode? Grammar)
{
    /// <summary>The exact text before a call's arguments object: the opening markup and the function name.</summary>
    public static string CallPrefix(ToolCallSyntax syntax, string name) => syntax.Open + "{\"name\":\"" + name + "\",\"arguments\":";

    /// <summary>The exact text after a call's arguments object.</summary>
    public static string CallSuffix(ToolCallSyntax syntax) => "}" + syntax.Close;
}
