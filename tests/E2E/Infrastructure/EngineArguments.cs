using System.Text.RegularExpressions;

namespace Sluice.E2E.Infrastructure;

/// <summary>
/// Turns an engine pod's container args into a local command line: drops <c>serve</c>, <c>--host</c> and
/// <c>--port</c> (the simulator picks a loopback port), points <c>--admin-token-file</c> at a local copy of the
/// token, and drops options this build of <c>sluice-engine serve</c> does not list in its help (reported in
/// <see cref="Dropped"/>), so the pod's real arguments are used as far as the engine supports them.
/// </summary>
public sealed partial class EngineArguments
{
    private static readonly Lazy<Task<HashSet<string>>> KnownOptions = new(LoadKnownOptionsAsync);

    private EngineArguments(List<string> args, List<string> dropped)
    {
        Args = args;
        Dropped = dropped;
    }

    public IReadOnlyList<string> Args { get; }

    /// <summary>Options the pod asked for that the local engine build does not accept.</summary>
    public IReadOnlyList<string> Dropped { get; }

    [GeneratedRegex(@"--[a-z][a-z0-9-]*", RegexOptions.CultureInvariant)]
    private static partial Regex OptionName();

    /// <summary>The local command line of <paramref name="podArgs"/>; <paramref name="modelPath"/>, when given, replaces --model (a fetched model's local link).</summary>
    public static async Task<EngineArguments> FromPodAsync(IList<string> podArgs, string adminTokenFile, string? modelPath = null)
    {
        var known = await KnownOptions.Value;
        var args = new List<string>();
        var dropped = new List<string>();
        for (var i = 0; i < podArgs.Count; i++)
        {
            var arg = podArgs[i];
            var hasValue = i + 1 < podArgs.Count && !podArgs[i + 1].StartsWith("--", StringComparison.Ordinal);
            if (arg == "serve" && i == 0)
            {
                continue;
            }

            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                args.Add(arg);
                continue;
            }

            var value = hasValue ? podArgs[i + 1] : null;
            i += hasValue ? 1 : 0;
            if (arg is "--host" or "--port")
            {
                continue;
            }

            if (!known.Contains(arg))
            {
                dropped.Add(arg);
                continue;
            }

            args.Add(arg);
            if (value is not null)
            {
                args.Add(arg switch
                {
                    "--admin-token-file" => adminTokenFile,
                    "--model" when modelPath is not null => modelPath,
                    _ => value,
                });
            }
        }

        return new EngineArguments(args, dropped);
    }

    private static async Task<HashSet<string>> LoadKnownOptionsAsync()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "sluice-engine.dll");
        var (_, stdout, stderr) = await Tools.RunAsync("dotnet", [dll, "serve", "--help"], TimeSpan.FromSeconds(60));
        return OptionName().Matches(stdout + stderr).Select(m => m.Value).ToHashSet(StringComparer.Ordinal);
    }
}
