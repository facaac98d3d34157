using System.Text.Json.Nodes;
using Sluice.Entities.Model;
using Sluice.Entities.Resources;
using Sluice.Kubernetes.Models;

namespace Sluice.Controllers.Desired;

/// <summary>
/// The model volume per source kind: the claim (read-only) for pvc://, an emptyDir filled by a download
/// init container for hf://, nothing for dummy://.
/// </summary>
public static class ModelVolumes
{
    public const string VolumeName = "models";
    public const string DownloadContainerName = "download";

    /// <summary>Python run by the init container; reads the repository, revision and token from the environment only.</summary>
    public const string DownloadScript =
        "set -eu\n" +
        "pip install --quiet --no-cache-dir --target /tmp/pip huggingface_hub\n" +
        "PYTHONPATH=/tmp/pip exec python3 -c 'import os; from huggingface_hub import snapshot_download; " +
        "snapshot_download(os.environ[\"SLUICE_MODEL_REPO\"], revision=os.environ.get(\"SLUICE_MODEL_REVISION\") or None, " +
        "local_dir=os.path.join(\"/models\", os.environ[\"SLUICE_MODEL_REPO\"]))'\n";

    /// <summary>The volume, or null for dummy:// models.</summary>
    public static Volume? Volume(ModelSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return source.Kind switch
        {
            ModelSourceKind.Pvc => new Volume
            {
                Name = VolumeName,
                PersistentVolumeClaim = new PersistentVolumeClaimVolumeSource { ClaimName = source.Location, ReadOnly = true },
            },
            ModelSourceKind.HuggingFace => new Volume { Name = VolumeName, EmptyDir = JsonBits.EmptyObject() },
            _ => null,
        };
    }

    /// <summary>The engine's mount of the model volume, or null for dummy:// models.</summary>
    public static VolumeMount? Mount(ModelSource source) =>
        source.Kind == ModelSourceKind.Dummy ? null : new VolumeMount { Name = VolumeName, MountPath = EngineArgs.ModelsMountPath, ReadOnly = true };

    /// <summary>
    /// The hf:// download init container (token via secretKeyRef, never in args), or null for other sources. Its log's tail
    /// becomes its termination message when it fails, so a refused download (e.g. a gated repository without a token) reaches the status.
    /// </summary>
    public static Container? DownloadContainer(ModelSource source, ModelSpec model, EngineSettings settings, string tmpVolumeName)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(settings);
        if (source.Kind != ModelSourceKind.HuggingFace)
        {
            return null;
        }

        var env = new List<EnvVar>
        {
            new() { Name = "SLUICE_MODEL_REPO", Value = source.Location },
            new() { Name = "SLUICE_MODEL_REVISION", Value = model.Revision ?? "" },
            new() { Name = "HF_HOME", Value = "/tmp/hf" },
            new() { Name = "HOME", Value = "/tmp" },
        };
        if (model.TokenSecretRef is { } tokenRef)
        {
            var valueFrom = new JsonObject
            {
                ["secretKeyRef"] = new JsonObject { ["name"] = tokenRef.Name, ["key"] = tokenRef.Key ?? "token" },
            };
            env.Add(new EnvVar { Name = "HF_TOKEN", ValueFrom = JsonBits.Element(valueFrom) });
        }

        return new Container
        {
            Name = DownloadContainerName,
            Image = settings.DownloaderImage,
            Command = ["/bin/sh", "-c", DownloadScript],
            Env = env,
            VolumeMounts =
            [
                new VolumeMount { Name = VolumeName, MountPath = EngineArgs.ModelsMountPath },
                new VolumeMount { Name = tmpVolumeName, MountPath = "/tmp" },
            ],
            ExtensionData = default(Dictionary<string, System.Text.Json.JsonElement>)
                .With("securityContext", SecurityContexts.Container())
                .With("terminationMessagePolicy", JsonValue.Create(PodTemplateBuilder.TerminationMessagePolicy)),
        };
    }
}
