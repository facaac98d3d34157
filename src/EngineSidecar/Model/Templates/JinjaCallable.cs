namespace Sluice.Engine.Model.Templates;

/// <summary>A function callable from a template (global, method or loop helper).</summary>
/// <param name="Invoke">Receives positional and keyword arguments.</param>
internal sealed record JinjaCallable(string Name, Func<List<object?>, Dictionary<string, object?>, object?> Invoke);
