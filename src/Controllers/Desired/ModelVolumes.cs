using System.Globalization;
using k8s.Models;
using Sluice.Entities.Model;
using Sluice.Entities.Resources;

namespace Sluice.Controllers.Desired;

/// <summary>
/// The model's volumes and the fetch init container per source kind. pvc://: the claim, read-only. hf://, s3://, oci://:
/// the model cache (the shared claim, or an emptyDir when the cache is disabled), a per-pod volume holding the link the
/// fetcher points at the cached revision, and the credentials Secret as files (optional, so a missing Secret reaches
/// the fetcher, which reports it, instead of blocking the pod). The fetcher is <c>sluice-engine fetch</c> from the
/// engine's image; it serves its progress on the API port until the engine starts. dummy://: nothing.
/// </summary>
public static class ModelVolumes
{
    public const string VolumeName = "models";
    public const string CacheVolumeName = "model-cache";
    public const string LinkVolumeName = "model-link";
    public const string CredentialsVolumeName = "model-credentials";
    public const string DownloadContainerName = "download";

    /// <summary>Where the cache volume is mounted (read-write in the fetcher, read-only in the engine).</summary>
    public const string CacheMountPath = "/var/cache/sluice";

    /// <summary>Where the link volume is mounted; the engine's --model is <see cref="LinkPath"/>.</summary>
    public const string LinkMountPath = "/var/run/sluice/model";

    /// <summary>The link the fetcher creates to the cached revision's directory.</summary>
    public const string LinkPath = LinkMountPath + "/current";

    /// <summary>The cache claim's folder for compiled CUDA kernels, beside the models the fetcher manages (never evicted by it).</summary>
    public const string KernelCacheSubPath = "kernels";

    /// <summary>Where the engine finds its kernel cache: the claim's <see cref="KernelCacheSubPath"/>, read-write.</summary>
    public const string KernelCacheMountPath = "/var/cache/sluice-kernels";

    /// <summary>The kernel cache of pods without the shared claim: the pod's /tmp emptyDir (kept across engine restarts in the pod).</summary>
    public const string PodKernelCachePath = "/tmp/sluice-kernels";

    /// <summary>Where the credentials Secret's keys appear as files.</summary>
    public const string CredentialsMountPath = "/var/run/sluice/model-credentials";

    /// <summary>The pod volumes of <paramref name="model"/>'s source (none for dummy://).</summary>
    public static IEnumerable<V1Volume> Volumes(ModelSource source, ModelSpec model, ModelCacheSettings cache)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(cache);
        if (source.Kind == ModelSourceKind.Pvc)
        {
            yield return new V1Volume { Name = VolumeName, PersistentVolumeClaim = new V1PersistentVolumeClaimVolumeSource { ClaimName = source.Location, ReadOnlyProperty = true } };
        }

        if (!source.IsDownloaded)
        {
            yield break;
        }

        yield return cache.Enabled
            ? new V1Volume { Name = CacheVolumeName, PersistentVolumeClaim = new V1PersistentVolumeClaimVolumeSource { ClaimName = cache.ClaimName } }
            : new V1Volume { Name = CacheVolumeName, EmptyDir = new V1EmptyDirVolumeSource() };
        yield return new V1Volume { Name = LinkVolumeName, EmptyDir = new V1EmptyDirVolumeSource() };
        if (CredentialsSecret(model) is { } secret)
        {
            yield return new V1Volume { Name = CredentialsVolumeName, Secret = secret };
        }
    }

    /// <summary>
    /// True when the pod mounts the shared cache claim (a downloaded source with the cache enabled): the kernel cache
    /// then lives on the claim, so a new pod on any node sharing it loads the kernels another pod compiled.
    /// </summary>
    public static bool SharesKernelCache(ModelSource source, ModelCacheSettings cache)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(cache);
        return source.IsDownloaded && cache.Enabled;
    }

    /// <summary>The value of the engine's SLUICE_KERNEL_CACHE: on the shared claim when the pod has it, else in /tmp.</summary>
    public static string KernelCacheDirectory(ModelSource source, ModelCacheSettings cache) =>
        SharesKernelCache(source, cache) ? KernelCacheMountPath : PodKernelCachePath;

    /// <summary>The sluice engine's kernel cache mount (read-write, on the claim), none without the shared claim.</summary>
    public static IEnumerable<V1VolumeMount> KernelCacheMounts(ModelSource source, ModelCacheSettings cache)
    {
        if (SharesKernelCache(source, cache))
        {
            yield return new V1VolumeMount { Name = CacheVolumeName, MountPath = KernelCacheMountPath, SubPath = KernelCacheSubPath };
        }
    }

    /// <summary>The engine's mounts of the model (read-only), none for dummy://.</summary>
    public static IEnumerable<V1VolumeMount> EngineMounts(ModelSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (source.Kind == ModelSourceKind.Pvc)
        {
            yield return new V1VolumeMount { Name = VolumeName, MountPath = EngineArgs.ModelsMountPath, ReadOnlyProperty = true };
        }
        else if (source.IsDownloaded)
        {
            yield return new V1VolumeMount { Name = CacheVolumeName, MountPath = CacheMountPath, ReadOnlyProperty = true };
            yield return new V1VolumeMount { Name = LinkVolumeName, MountPath = LinkMountPath, ReadOnlyProperty = true };
        }
    }

    /// <summary>The fetch init container for hf://, s3:// and oci:// sources; null for the others. Credentials come as files, never in args or env.</summary>
    public static V1Container? DownloadContainer(ModelSource source, ModelSpec model, string image, EngineSettings settings, string tmpVolumeName)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(settings);
        if (!source.IsDownloaded)
        {
            return null;
        }

        var cache = settings.ModelCache;
        var args = new List<string>
        {
            "fetch", "--source", model.Source, "--cache-dir", CacheMountPath, "--link", LinkPath,
            "--progress-port", settings.ApiPort.ToString(CultureInfo.InvariantCulture),
            "--cache-max-bytes", cache.MaxBytes.ToString(CultureInfo.InvariantCulture),
            "--evict-min-idle", cache.EvictMinIdleSeconds.ToString(CultureInfo.InvariantCulture),
        };
        AddIf(args, "--revision", model.Revision);
        AddIf(args, "--endpoint", model.Endpoint);
        AddIf(args, "--region", model.Region);
        foreach (var pattern in model.AllowPatterns ?? [])
        {
            args.AddRange(["--allow-pattern", pattern]);
        }

        foreach (var pattern in model.IgnorePatterns ?? [])
        {
            args.AddRange(["--ignore-pattern", pattern]);
        }

        var mounts = new List<V1VolumeMount>
        {
            new() { Name = CacheVolumeName, MountPath = CacheMountPath },
            new() { Name = LinkVolumeName, MountPath = LinkMountPath },
            new() { Name = tmpVolumeName, MountPath = "/tmp" },
        };
        if (CredentialsSecret(model) is not null)
        {
            args.AddRange(["--credentials-dir", CredentialsMountPath]);
            mounts.Add(new V1VolumeMount { Name = CredentialsVolumeName, MountPath = CredentialsMountPath, ReadOnlyProperty = true });
        }

        return new V1Container
        {
            Name = DownloadContainerName,
            Image = image,
            Command = ["sluice-engine"],
            Args = args,
            VolumeMounts = mounts,
            SecurityContext = SecurityContexts.Container(),
            TerminationMessagePolicy = PodTemplateBuilder.TerminationMessagePolicy,
        };
    }

    /// <summary>The Secret volume of the source's credentials (optional), or null when the spec names none.</summary>
    private static V1SecretVolumeSource? CredentialsSecret(ModelSpec model)
    {
        if (model.TokenSecretRef is { } token)
        {
            return new V1SecretVolumeSource { SecretName = token.Name, Optional = true, Items = [new V1KeyToPath { Key = token.Key ?? "token", Path = "token" }] };
        }

        return model.CredentialsSecretRef is { } credentials
            ? new V1SecretVolumeSource { SecretName = credentials.Name, Optional = true }
            : null;
    }

    private static void AddIf(List<string> args, string flag, string? value)
    {
        if (value is not null)
        {
            args.AddRange([flag, value]);
        }
    }
}
