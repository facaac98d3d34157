using System.Text.Json;
using System.Text.RegularExpressions;
using Sluice.Engine.Model.Tokenization;

namespace Sluice.Engine.Model.Templates;

/// <summary>
/// A Hugging Face chat template (Jinja), rendered as transformers' apply_chat_template renders it
/// (trim_blocks, lstrip_blocks, raise_exception, tojson, strftime_now, loop controls). Supports the Jinja
/// subset that model families' templates use; anything else fails with <see cref="ChatTemplateException"/>
/// naming the construct and its line and column. Parsed once; Render is thread-safe.
/// </summary>
public sealed partial class JinjaChatTemplate : IChatTemplate
{
    /// <summary>A ChatML template (<c>&lt;|im_start|&gt;role\ncontent&lt;|im_end|&gt;</c>), for models without their own, such as dummy models.</summary>
    public const string ChatMlSource =
        "{% for message in messages %}{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>\\n' }}{% endfor %}"
        + "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

    private readonly List<StmtNode> _body;
    private readonly string _source;
    private readonly Dictionary<string, string> _specialTokens;
    private readonly Func<DateTime> _clock;

    /// <summary>Parses <paramref name="template"/>.</summary>
    /// <param name="specialTokens">Template variables such as bos_token and eos_token (absent ones render as empty).</param>
    /// <param name="clock">Time for strftime_now; local time when null.</param>
    /// <exception cref="ChatTemplateException">The template is malformed or uses an unsupported construct.</exception>
    public JinjaChatTemplate(string template, IReadOnlyDictionary<string, string>? specialTokens = null, Func<DateTime>? clock = null)
    {
        ArgumentNullException.ThrowIfNull(template);
        _source = TemplateLexer.NormalizeSource(template);
        _body = TemplateParser.Parse(_source);
        _specialTokens = specialTokens?.ToDictionary(StringComparer.Ordinal) ?? [];
        _clock = clock ?? (() => DateTime.Now);
        if (ToolsVariable().IsMatch(_source))
        {
            ToolCalls = _source.Contains("<tool_call>", StringComparison.Ordinal) ? ToolCallSyntax.Hermes : ToolCallSyntax.BareJson;
        }
    }

    /// <summary>
    /// Non-null when a tag or expression of the template uses the <c>tools</c> variable: the Hermes markup when the
    /// template mentions <c>&lt;tool_call&gt;</c>, otherwise a bare JSON object.
    /// </summary>
    public ToolCallSyntax? ToolCalls { get; }

    /// <summary>
    /// The chat template of the model in <paramref name="modelDirectory"/>: chat_template.jinja if present,
    /// else tokenizer_config.json's chat_template (a string, or a list of named templates of which "default"
    /// is used), with bos/eos/unk/pad tokens from tokenizer_config.json. Null when the model has none.
    /// </summary>
    public static JinjaChatTemplate? FromTokenizerConfig(string modelDirectory)
    {
        var configPath = Path.Combine(modelDirectory, "tokenizer_config.json");
        JsonElement config = default;
        if (File.Exists(configPath))
        {
            try
            {
                using var document = JsonDocument.Parse(File.ReadAllBytes(configPath), new JsonDocumentOptions { AllowTrailingCommas = true });
                config = document.RootElement.Clone();
            }
            catch (JsonException e)
            {
                throw new ChatTemplateException($"{configPath} is not valid JSON: {e.Message}");
            }
        }

        var specialTokens = new Dictionary<string, string>(StringComparer.Ordinal);
        if (config.ValueKind == JsonValueKind.Object)
        {
            foreach (var name in new[] { "bos_token", "eos_token", "unk_token", "pad_token" })
            {
                if (SpecialTokenConfig.TokenText(config, name) is { } text)
                {
                    specialTokens[name] = text;
                }
            }
        }

        var jinjaPath = Path.Combine(modelDirectory, "chat_template.jinja");
        var template = File.Exists(jinjaPath) ? File.ReadAllText(jinjaPath) : ReadTemplate(config);
        return template is null ? null : new JinjaChatTemplate(template, specialTokens);
    }

    /// <inheritdoc/>
    public string Render(IReadOnlyList<ChatMessage> messages, bool addGenerationPrompt) => Render(messages, addGenerationPrompt, null);

    /// <inheritdoc/>
    /// <remarks>
    /// Messages are dicts with role and content, plus tool_calls (<c>[{id, type: "function", function: {name,
    /// arguments}}]</c>, arguments parsed from their JSON as transformers expects) and tool_call_id when set. Tools are
    /// <c>[{type: "function", function: {name, description, parameters}}]</c>.
    /// </remarks>
    public string Render(IReadOnlyList<ChatMessage> messages, bool addGenerationPrompt, IReadOnlyList<ChatTool>? tools)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var scope = new TemplateScope(null);
        JinjaGlobals.AddTo(scope, _clock);
        foreach (var (name, value) in _specialTokens)
        {
            scope.Set(name, value);
        }

        if (tools is not null && ToolCalls is null)
        {
            throw new ChatTemplateException("this chat template does not render tools");
        }

        scope.Set("messages", messages.Select(MessageValue).ToList());
        scope.Set("add_generation_prompt", addGenerationPrompt);
        scope.Set("tools", tools?.Select(ToolValue).ToList());
        scope.Set("documents", null);
        return new TemplateRenderer(new ExprEvaluator(_source)).Render(_body, new TemplateScope(scope));
    }

    private static object? MessageValue(ChatMessage m)
    {
        var value = new Dictionary<string, object?>(StringComparer.Ordinal) { ["role"] = m.Role, ["content"] = m.Content };
        if (m.ToolCalls is { Count: > 0 } calls)
        {
            value["tool_calls"] = calls.Select(c => (object?)new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["id"] = c.Id,
                ["type"] = "function",
                ["function"] = new Dictionary<string, object?>(StringComparer.Ordinal) { ["name"] = c.Name, ["arguments"] = JinjaJsonValues.Parse(c.ArgumentsJson) },
            }).ToList();
        }

        if (m.ToolCallId is not null)
        {
            value["tool_call_id"] = m.ToolCallId;
        }

        return value;
    }

    private static object? ToolValue(ChatTool tool)
    {
        var function = new Dictionary<string, object?>(StringComparer.Ordinal) { ["name"] = tool.Name };
        if (tool.Description is not null)
        {
            function["description"] = tool.Description;
        }

        if (tool.ParametersJson is not null)
        {
            function["parameters"] = JinjaJsonValues.Parse(tool.ParametersJson);
        }

        return new Dictionary<string, object?>(StringComparer.Ordinal) { ["type"] = "function", ["function"] = function };
    }

    [GeneratedRegex(@"\{[{%](?:(?![%}]\}).)*?\btools\b", RegexOptions.Singleline)]
    private static partial Regex ToolsVariable();

    private static string? ReadTemplate(JsonElement config)
    {
        if (config.ValueKind != JsonValueKind.Object || !config.TryGetProperty("chat_template", out var value))
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.String)
        {
            return value.GetString();
        }

        if (value.ValueKind == JsonValueKind.Array)
        {
            foreach (var entry in value.EnumerateArray())
            {
                if (entry.TryGetProperty("name", out var name) && name.GetString() == "default" && entry.TryGetProperty("template", out var template))
                {
                    return template.GetString();
                }
            }
        }

        return null;
    }
}
