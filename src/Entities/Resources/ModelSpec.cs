using Sluice.Kubernetes.Crds;

namespace Sluice.Entities.Resources;

/// <summary>Where the weights come from and how long a context the engine admits.</summary>
public sealed class ModelSpec
{
    /// <summary><c>hf://org/name</c>, <c>pvc://claim/path</c> or <c>dummy://preset</c>.</summary>
    [Required]
    [Pattern(Model.ModelSource.Pattern)]
    [Length(maximum: 512)]
    public string Source { get; set; } = "";

    /// <summary>Branch, tag or commit of an <c>hf://</c> repository; absent means main.</summary>
    [Pattern("^[A-Za-z0-9._/-]+$")]
    [Length(maximum: 128)]
    public string? Revision { get; set; }

    /// <summary>The Secret key holding a Hugging Face token; read by the downloader only, never passed in args.</summary>
    public SecretKeyRef? TokenSecretRef { get; set; }

    /// <summary>Longest sequence (prompt + output) in tokens; absent means the model's own limit.</summary>
    [Minimum(16)]
    [Maximum(1048576)]
    public int? MaxContextLength { get; set; }
}
