namespace Sluice.Controllers.Desired;

/// <summary>Labels on every child, and the pod selector (a subset that never changes for a given name).</summary>
public static class ChildLabels
{
    public const string Name = "app.kubernetes.io/name";
    public const string Instance = "app.kubernetes.io/instance";
    public const string ManagedBy = "app.kubernetes.io/managed-by";
    public const string Owner = "sluice.dev/llmdeployment";
    public const string EngineName = "sluice-engine";
    public const string OperatorName = "sluice-operator";

    /// <summary>Selects the engine pods of one LLMDeployment.</summary>
    public static Dictionary<string, string> Selector(string name) => new(StringComparer.Ordinal)
    {
        [Name] = EngineName,
        [Owner] = name,
    };

    /// <summary>All labels of a child object or pod.</summary>
    public static Dictionary<string, string> All(string name) => new(StringComparer.Ordinal)
    {
        [Name] = EngineName,
        [Instance] = name,
        [ManagedBy] = OperatorName,
        [Owner] = name,
    };

    /// <summary>The selector in string form (<c>k=v,k=v</c>, keys sorted) for status.selector.</summary>
    public static string SelectorText(string name) =>
        string.Join(',', Selector(name).OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={kv.Value}"));
}
