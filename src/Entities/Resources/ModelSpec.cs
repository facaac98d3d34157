using Sluice.Kubernetes.Crds;

namespace Sluice.Entities.Resources;

/// <summary>Where the weights come from and how long a context the engine admits.</summary>
public sealed class ModelSpec
{
    /// <summary>
    /// <c>hf://org/name</c>, <c>s3://bucket/prefix</c>, <c>oci://registry/repository:tag</c> (or <c>@sha256:…</c>) — fetched
    /// once per revision into the model cache — <c>pvc://claim/path</c> (mounted read-only) or <c>dummy://preset</c>.
    /// </summary>
    [Required]
    [Pattern(Model.ModelSource.Pattern)]
    [Length(maximum: 512)]
    public string Source { get; set; } = "";

    /// <summary>Branch, tag or commit of an <c>hf://</c> repository; absent means main. Refused for other sources (an oci:// source names its tag).</summary>
    [Pattern("^[A-Za-z0-9._/-]+$")]
    [Length(maximum: 128)]
    public string? Revision { get; set; }

    /// <summary>The Secret key holding a Hugging Face token (hf:// only); mounted into the fetcher as a file, never passed in args or env.</summary>
    public SecretKeyRef? TokenSecretRef { get; set; }

    /// <summary>
    /// A Secret with the source's credentials, mounted into the fetcher as files: s3:// reads keys <c>accessKeyId</c>,
    /// <c>secretAccessKey</c> (and <c>sessionToken</c> when present); oci:// reads <c>username</c> and <c>password</c>.
    /// Absent means anonymous access. Refused for hf:// (use tokenSecretRef), pvc:// and dummy://.
    /// </summary>
    public SecretRef? CredentialsSecretRef { get; set; }

    /// <summary>
    /// Base URL of the source's API when not the default: a hub mirror for hf:// (default https://huggingface.co), the
    /// S3 API for s3:// (MinIO and other S3-compatible stores; default AWS in spec.model.region), the registry for
    /// oci:// (default https://registry-host; set http://… for a plain-HTTP registry). Refused for pvc:// and dummy://.
    /// </summary>
    [Pattern("^https?://[^\\s/?#]+(/[^\\s?#]*)?$")]
    [Length(maximum: 512)]
    public string? Endpoint { get; set; }

    /// <summary>The S3 region (s3:// only); absent means us-east-1.</summary>
    [Pattern("^[a-z0-9-]+$")]
    [Length(1, 64)]
    public string? Region { get; set; }

    /// <summary>
    /// Fetch only files matching one of these globs (hf, s3, oci): <c>*</c> any characters, also across '/', <c>?</c> one,
    /// <c>[abc]</c> a set; a pattern ending in '/' means everything below. Absent means every file.
    /// </summary>
    [Length(maximum: 64)]
    public List<string>? AllowPatterns { get; set; }

    /// <summary>Skip files matching one of these globs (same syntax), e.g. <c>original/</c> or <c>*.pth</c>.</summary>
    [Length(maximum: 64)]
    public List<string>? IgnorePatterns { get; set; }

    /// <summary>Longest sequence (prompt + output) in tokens; absent means the model's own limit.</summary>
    [Minimum(16)]
    [Maximum(1048576)]
    public int? MaxContextLength { get; set; }
}
