namespace Sluice.Engine.Model.Templates;

/// <summary>Jinja's undefined value: renders as empty, is falsy, iterates as empty; using it further is an error.</summary>
internal sealed class Undefined(string name)
{
    public string Name { get; } = name;

    public override string ToString() => string.Empty;
}
