using System.Reflection;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Sluice.Kubernetes.Crds;

/// <summary>
/// Summaries from the XML documentation files that the compiler writes next to assemblies
/// (GenerateDocumentationFile). Missing files simply yield no descriptions.
/// </summary>
public sealed partial class XmlDocumentation
{
    private readonly Dictionary<Assembly, Dictionary<string, string>> _byAssembly = [];
    private readonly Lock _lock = new();

    /// <summary>The summary of a type, or null.</summary>
    public string? For(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return Lookup(type.Assembly, "T:" + Id(type));
    }

    /// <summary>The summary of a property, or null.</summary>
    public string? For(PropertyInfo property)
    {
        ArgumentNullException.ThrowIfNull(property);
        var declaring = property.DeclaringType!;
        return Lookup(declaring.Assembly, "P:" + Id(declaring) + "." + property.Name);
    }

    private static string Id(Type type)
    {
        var definition = type.IsGenericType ? type.GetGenericTypeDefinition() : type;
        return (definition.FullName ?? definition.Name).Replace('+', '.');
    }

    private string? Lookup(Assembly assembly, string id)
    {
        lock (_lock)
        {
            if (!_byAssembly.TryGetValue(assembly, out var members))
            {
                members = Load(assembly);
                _byAssembly[assembly] = members;
            }

            return members.GetValueOrDefault(id);
        }
    }

    private static Dictionary<string, string> Load(Assembly assembly)
    {
        var members = new Dictionary<string, string>(StringComparer.Ordinal);
        if (string.IsNullOrEmpty(assembly.Location))
        {
            return members;
        }

        var path = Path.ChangeExtension(assembly.Location, ".xml");
        if (!File.Exists(path))
        {
            return members;
        }

        foreach (var member in XDocument.Load(path).Descendants("member"))
        {
            var name = member.Attribute("name")?.Value;
            var summary = member.Element("summary");
            if (name is not null && summary is not null)
            {
                members[name] = Flatten(summary);
            }
        }

        return members;
    }

    private static string Flatten(XElement summary)
    {
        var text = string.Concat(summary.Nodes().Select(node => node switch
        {
            XText t => t.Value,
            XElement { Name.LocalName: "see" or "seealso" } e => e.Attribute("langword")?.Value
                ?? (e.IsEmpty ? LastSegment(e.Attribute("cref")?.Value ?? e.Attribute("href")?.Value ?? "") : e.Value),
            XElement { Name.LocalName: "paramref" or "typeparamref" } e => e.Attribute("name")?.Value ?? "",
            XElement e => e.Value,
            _ => "",
        }));
        return Whitespace().Replace(text, " ").Trim();
    }

    private static string LastSegment(string cref)
    {
        var withoutPrefix = cref.Length > 2 && cref[1] == ':' ? cref[2..] : cref;
        var dot = withoutPrefix.LastIndexOf('.');
        return dot < 0 ? withoutPrefix : withoutPrefix[(dot + 1)..];
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
