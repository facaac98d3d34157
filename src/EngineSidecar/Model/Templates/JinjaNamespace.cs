namespace Sluice.Engine.Model.Templates;

/// <summary>A <c>namespace()</c> object: attributes that loops can assign with <c>{% set ns.x = … %}</c>.</summary>
internal sealed class JinjaNamespace
{
    public Dictionary<string, object?> Attributes { get; } = new(StringComparer.Ordinal);
}
