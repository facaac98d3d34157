namespace Sluice.Kubernetes.Tests.ControlPlane;

/// <summary>
/// Finds etcd, kube-apiserver and kube-controller-manager: KUBEBUILDER_ASSETS when it holds all three,
/// otherwise the cache that tools/control-plane/provision.sh fills.
/// </summary>
public static class ControlPlaneBinaries
{
    /// <summary>The Debian source version provision.sh builds; part of the cache path.</summary>
    public const string Version = "1.20.5+really1.20.2";

    /// <summary>The build recipe provision.sh writes to bin/.recipe; older caches are rebuilt, not used.</summary>
    public const string Recipe = "2";

    /// <summary>Set to 1 to skip control-plane tests (visibly) where the binaries cannot be had.</summary>
    public const string SkipVariable = "SLUICE_SKIP_CONTROL_PLANE";

    private static readonly string[] Names = ["etcd", "kube-apiserver", "kube-controller-manager"];

    /// <summary>True when <see cref="SkipVariable"/> is set to 1.</summary>
    public static bool SkipRequested => Environment.GetEnvironmentVariable(SkipVariable) == "1";

    /// <summary>The skip reason of the control-plane test attributes, null when the tests run.</summary>
    public static string? SkipReason => SkipRequested ? $"{SkipVariable}=1: control-plane tests skipped on request" : null;

    /// <summary>The cache directory provision.sh installs into.</summary>
    public static string CacheDirectory
    {
        get
        {
            var root = Environment.GetEnvironmentVariable("SLUICE_CONTROL_PLANE_CACHE");
            if (string.IsNullOrEmpty(root))
            {
                var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
                var cache = string.IsNullOrEmpty(xdg)
                    ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache")
                    : xdg;
                root = Path.Combine(cache, "sluice", "control-plane");
            }

            return Path.Combine(root, Version, "bin");
        }
    }

    /// <summary>The directory holding all three binaries; a clear error saying how to get them otherwise.</summary>
    public static string Locate()
    {
        var assets = Environment.GetEnvironmentVariable("KUBEBUILDER_ASSETS");
        if (!string.IsNullOrEmpty(assets) && Complete(assets))
        {
            return assets;
        }

        if (Complete(CacheDirectory))
        {
            var recipePath = Path.Combine(CacheDirectory, ".recipe");
            var recipe = File.Exists(recipePath) ? File.ReadAllText(recipePath).Trim() : "none";
            if (recipe == Recipe)
            {
                return CacheDirectory;
            }

            throw new InvalidOperationException(
                $"{CacheDirectory} was built by an older recipe ({recipe}, need {Recipe}); rerun tools/control-plane/provision.sh to rebuild it.");
        }

        throw new InvalidOperationException(
            $"The test control plane binaries ({string.Join(", ", Names)}) were not found in " +
            $"KUBEBUILDER_ASSETS ({(string.IsNullOrEmpty(assets) ? "unset" : assets)}) nor in {CacheDirectory}. " +
            "Run tools/control-plane/provision.sh (as root on Debian; it builds them once: 6 min or more on 2 cores), " +
            $"or point KUBEBUILDER_ASSETS at a directory holding them, or set {SkipVariable}=1 to skip these tests.");
    }

    private static bool Complete(string directory) => Names.All(n => File.Exists(Path.Combine(directory, n)));
}
