using System.Text.Json;
using System.Text.RegularExpressions;
using Sluice.Engine.Grammar;
using Sluice.Engine.Model;

namespace Sluice.Engine.Api.Tools;

/// <summary>
/// Reads <c>tools</c> and <c>tool_choice</c> of a chat request into a <see cref="ToolPlan"/>. 400s, each naming the field:
/// tools on a model whose chat template does not render them; tool_choice without tools; a tool that is not
/// <c>{"type":"function","function":{name, description?, parameters?, strict?}}</c>; a name outside
/// <c>[A-Za-z0-9_-]{1,64}</c> or given twice; a named tool_choice not among the tools; a parameters schema outside the
/// constrained-decoding subset (the message names the keyword) or not describing an object.
/// </summary>
public static partial class ToolsParser
{
    private static readonly HashSet<string> ToolFields = ["type", "function"];
    private static readonly HashSet<string> FunctionFields = ["name", "description", "parameters", "strict"];

    /// <summary>
    /// The plan, or null when the request offers no tools. <paramref name="parallelToolCalls"/> (the request's
    /// <c>parallel_tool_calls</c>, true when absent) lets <c>auto</c> and <c>required</c> make up to
    /// <see cref="ToolCallGrammar.MaxParallelCalls"/> calls; otherwise, and always for a named function, one call at most.
    /// </summary>
    public static ToolPlan? Parse(JsonElement? tools, JsonElement? toolChoice, ToolCallSyntax? syntax, bool parallelToolCalls)
    {
        var hasChoice = toolChoice is { ValueKind: not JsonValueKind.Null };
        if (tools is not { ValueKind: not JsonValueKind.Null } list)
        {
            SamplingValidator.Require(!hasChoice, "tool_choice", "tool_choice is only allowed when tools are given");
            return null;
        }

        SamplingValidator.Require(syntax is not null, "tools", "this model's chat template does not render tools, so tool calling is not supported for it", "unsupported_field");
        SamplingValidator.Require(list.ValueKind == JsonValueKind.Array, "tools", "tools must be an array of function tools");
        if (list.GetArrayLength() == 0)
        {
            SamplingValidator.Require(!hasChoice, "tool_choice", "tool_choice is only allowed when tools are given");
            return null;
        }

        var parsed = new List<(ChatTool Tool, GrammarNode Arguments)>();
        var index = 0;
        foreach (var tool in list.EnumerateArray())
        {
            var entry = ParseTool(tool, $"tools[{index}]");
            SamplingValidator.Require(!parsed.Exists(p => p.Tool.Name == entry.Tool.Name), $"tools[{index}].function.name", $"the tool name '{entry.Tool.Name}' is given twice");
            parsed.Add(entry);
            index++;
        }

        var (mode, named) = ParseChoice(toolChoice);
        var callable = named is null ? parsed : parsed.Where(p => p.Tool.Name == named).ToList();
        SamplingValidator.Require(named is null || callable.Count == 1, "tool_choice.function.name", $"tool_choice names the function '{named}', which is not among the tools");
        SamplingValidator.Require(
            mode == ToolChoiceMode.None || callable.Count <= WrappedValueNode.MaxAlternatives,
            "tools",
            $"at most {WrappedValueNode.MaxAlternatives} tools can be callable in one request");
        var maxCalls = parallelToolCalls && named is null ? ToolCallGrammar.MaxParallelCalls : 1;
        var grammar = ToolCallGrammar.Build(mode, syntax!, [.. callable.Select(c => (c.Tool.Name, c.Arguments))], maxCalls);
        return new ToolPlan([.. parsed.Select(p => p.Tool)], mode, [.. callable.Select(c => c.Tool.Name)], syntax!, grammar);
    }

    private static (ChatTool Tool, GrammarNode Arguments) ParseTool(JsonElement tool, string param)
    {
        SamplingValidator.Require(tool.ValueKind == JsonValueKind.Object, param, $"{param} must be an object");
        RequireKnown(tool, ToolFields, param);
        SamplingValidator.Require(
            tool.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && type.GetString() == "function",
            param + ".type",
            $"{param}.type must be \"function\"; other tool types are not supported");
        SamplingValidator.Require(tool.TryGetProperty("function", out var function) && function.ValueKind == JsonValueKind.Object, param + ".function", $"{param}.function must be an object");
        param += ".function";
        RequireKnown(function, FunctionFields, param);
        var name = function.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()! : null;
        SamplingValidator.Require(name is not null && FunctionName().IsMatch(name), param + ".name", $"{param}.name must be 1 to 64 characters of a-z, A-Z, 0-9, _ and -");
        string? description = null;
        if (function.TryGetProperty("description", out var d) && d.ValueKind != JsonValueKind.Null)
        {
            SamplingValidator.Require(d.ValueKind == JsonValueKind.String, param + ".description", $"{param}.description must be a string");
            description = d.GetString();
        }

        if (function.TryGetProperty("strict", out var strict))
        {
            SamplingValidator.Require(strict.ValueKind is JsonValueKind.True or JsonValueKind.False or JsonValueKind.Null, param + ".strict", $"{param}.strict must be a boolean");
        }

        if (!function.TryGetProperty("parameters", out var parameters) || parameters.ValueKind == JsonValueKind.Null)
        {
            return (new ChatTool(name!, description, null), JsonGrammars.AnyObject);
        }

        GrammarNode arguments;
        try
        {
            arguments = CompiledSchemaCache.Shared.Compile(parameters);
        }
        catch (SchemaException ex)
        {
            throw ApiException.BadRequest(ex.Message, param + ".parameters", "unsupported_schema");
        }

        var onlyObjects = Enumerable.Range(0, 256).All(b => arguments.FirstBytes[b] == (b == '{'));
        SamplingValidator.Require(onlyObjects, param + ".parameters", $"{param}.parameters must describe an object (\"type\": \"object\"): function arguments are a JSON object", "unsupported_schema");
        return (new ChatTool(name!, description, parameters.GetRawText()), arguments);
    }

    private static (ToolChoiceMode Mode, string? Named) ParseChoice(JsonElement? toolChoice)
    {
        const string param = "tool_choice";
        if (toolChoice is not { ValueKind: not JsonValueKind.Null } choice)
        {
            return (ToolChoiceMode.Auto, null);
        }

        if (choice.ValueKind == JsonValueKind.String)
        {
            return choice.GetString() switch
            {
                "none" => (ToolChoiceMode.None, null),
                "auto" => (ToolChoiceMode.Auto, null),
                "required" => (ToolChoiceMode.Required, null),
                _ => throw ApiException.BadRequest("tool_choice must be \"none\", \"auto\", \"required\" or {\"type\":\"function\",\"function\":{\"name\":...}}", param),
            };
        }

        SamplingValidator.Require(choice.ValueKind == JsonValueKind.Object, param, "tool_choice must be a string or an object");
        RequireKnown(choice, ToolFields, param);
        SamplingValidator.Require(
            choice.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && type.GetString() == "function",
            param + ".type",
            "tool_choice.type must be \"function\"");
        SamplingValidator.Require(choice.TryGetProperty("function", out var function) && function.ValueKind == JsonValueKind.Object, param + ".function", "tool_choice.function must be an object");
        RequireKnown(function, ["name"], param + ".function");
        SamplingValidator.Require(
            function.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String,
            param + ".function.name",
            "tool_choice.function.name must be a string");
        return (ToolChoiceMode.Required, name.GetString());
    }

    private static void RequireKnown(JsonElement element, HashSet<string> known, string param)
    {
        foreach (var property in element.EnumerateObject())
        {
            SamplingValidator.Require(known.Contains(property.Name), $"{param}.{property.Name}", $"unrecognized field '{param}.{property.Name}'", "unknown_field");
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex FunctionName();
}
