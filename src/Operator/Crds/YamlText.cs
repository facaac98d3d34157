using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Sluice.Operator.Crds;

/// <summary>
/// Writes a JSON tree as block-style YAML, keys in their JSON order. Strings that a YAML reader could take
/// for another type (true, 1.5, null, 5m is fine) or that hold special characters are single-quoted.
/// </summary>
public static partial class YamlText
{
    [GeneratedRegex(@"^[A-Za-z_/][A-Za-z0-9_./ -]*$", RegexOptions.CultureInvariant)]
    private static partial Regex PlainSafe();

    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "true", "false", "yes", "no", "on", "off", "y", "n", "null", "~",
    };

    /// <summary>The YAML document for <paramref name="node"/>, starting with <c>---</c> when <paramref name="documentStart"/>.</summary>
    public static string Write(JsonNode node, bool documentStart = false)
    {
        ArgumentNullException.ThrowIfNull(node);
        var text = new StringBuilder();
        using (var writer = new StringWriter(text, CultureInfo.InvariantCulture))
        {
            var emitter = new Emitter(writer, new EmitterSettings(2, int.MaxValue, false, 1024));
            emitter.Emit(new StreamStart());
            emitter.Emit(new DocumentStart(null, null, !documentStart));
            Emit(emitter, node);
            emitter.Emit(new DocumentEnd(true));
            emitter.Emit(new StreamEnd());
        }

        return text.ToString();
    }

    private static void Emit(IEmitter emitter, JsonNode? node)
    {
        switch (node)
        {
            case null:
                emitter.Emit(new Scalar(null, null, "null", ScalarStyle.Plain, true, false));
                break;
            case JsonObject obj:
                emitter.Emit(new MappingStart(null, null, true, MappingStyle.Block));
                foreach (var (key, child) in obj)
                {
                    emitter.Emit(new Scalar(null, null, key, StringStyle(key), true, true));
                    Emit(emitter, child);
                }

                emitter.Emit(new MappingEnd());
                break;
            case JsonArray array:
                emitter.Emit(new SequenceStart(null, null, true, SequenceStyle.Block));
                foreach (var item in array)
                {
                    Emit(emitter, item);
                }

                emitter.Emit(new SequenceEnd());
                break;
            default:
                var value = node.AsValue();
                if (value.TryGetValue<string>(out var s))
                {
                    emitter.Emit(new Scalar(null, null, s, StringStyle(s), true, true));
                }
                else
                {
                    emitter.Emit(new Scalar(null, null, value.ToJsonString(), ScalarStyle.Plain, true, false));
                }

                break;
        }
    }

    private static ScalarStyle StringStyle(string s) =>
        PlainSafe().IsMatch(s) && !Reserved.Contains(s) && !s.EndsWith(' ') ? ScalarStyle.Plain : ScalarStyle.SingleQuoted;
}
