using Sluice.Entities.Resources;
using Sluice.Entities.Validation;

namespace Sluice.Controllers.Runtimes;

/// <summary>The runtimes spec.engine.runtime names, by name.</summary>
public static class EngineRuntimeCatalog
{
    private static readonly Dictionary<string, IEngineRuntime> ByName = new IEngineRuntime[]
    {
        new SluiceRuntime(), new VllmRuntime(), new SglangRuntime(), new TgiRuntime(), new LmdeployRuntime(), new TrtllmRuntime(),
    }.ToDictionary(r => r.Name, StringComparer.Ordinal);

    /// <summary>Every runtime.</summary>
    public static IReadOnlyCollection<IEngineRuntime> All => ByName.Values;

    /// <summary>The runtime of <paramref name="spec"/> (absent means sluice); null for a name the catalog does not know.</summary>
    public static IEngineRuntime? For(LLMDeploymentSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return Find(spec.Engine?.Runtime ?? EngineRuntimes.Sluice);
    }

    /// <summary>
    /// What keeps <paramref name="spec"/> from being served by its runtime: an unknown runtime name (a resource written before a
    /// schema change), or the runtime's own refusals (<see cref="IEngineRuntime.Validate"/>). Empty when it can be served.
    /// </summary>
    public static IReadOnlyList<SpecProblem> Validate(LLMDeploymentSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return For(spec) is { } runtime
            ? runtime.Validate(spec)
            : [new SpecProblem("spec.engine.runtime", ConditionReasons.InvalidSpec,
                $"runtime '{spec.Engine?.Runtime}' is not one of {string.Join(", ", EngineRuntimes.All)}")];
    }

    /// <summary>The runtime named <paramref name="name"/>, or null.</summary>
    public static IEngineRuntime? Find(string name) => ByName.GetValueOrDefault(name);
}
