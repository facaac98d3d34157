using Sluice.Entities.Model;
using Sluice.Entities.Resources;

namespace Sluice.Entities.Validation;

/// <summary>
/// spec.model fields that only some sources read: each is refused, naming the field and the sources it applies to,
/// when given for another source, so no field is silently ignored.
/// </summary>
public static class ModelSourceRules
{
    /// <summary>The problems of <paramref name="model"/> whose source parsed as <paramref name="source"/>.</summary>
    public static IEnumerable<SpecProblem> Check(ModelSpec model, ModelSource source)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(source);
        var kind = source.Kind;
        var scheme = model.Source[..model.Source.IndexOf("://", StringComparison.Ordinal)];
        if (model.Revision is not null && kind != ModelSourceKind.HuggingFace)
        {
            yield return Refused("spec.model.revision", scheme, "hf:// (an oci:// source names its tag or digest in the URI)");
        }

        if (model.TokenSecretRef is not null && kind != ModelSourceKind.HuggingFace)
        {
            yield return Refused("spec.model.tokenSecretRef", scheme, "hf:// (use credentialsSecretRef for s3:// and oci://)");
        }

        if (model.CredentialsSecretRef is not null && kind is not (ModelSourceKind.S3 or ModelSourceKind.Oci))
        {
            yield return Refused("spec.model.credentialsSecretRef", scheme, "s3:// and oci://" + (kind == ModelSourceKind.HuggingFace ? " (use tokenSecretRef for hf://)" : ""));
        }

        if (model.Region is not null && kind != ModelSourceKind.S3)
        {
            yield return Refused("spec.model.region", scheme, "s3://");
        }

        if (!source.IsDownloaded)
        {
            if (model.Endpoint is not null)
            {
                yield return Refused("spec.model.endpoint", scheme, "hf://, s3:// and oci://");
            }

            if (model.AllowPatterns is { Count: > 0 } || model.IgnorePatterns is { Count: > 0 })
            {
                yield return Refused("spec.model.allowPatterns/ignorePatterns", scheme, "hf://, s3:// and oci://");
            }
        }

        foreach (var pattern in (model.AllowPatterns ?? []).Concat(model.IgnorePatterns ?? []))
        {
            if (string.IsNullOrWhiteSpace(pattern) || pattern.StartsWith('/') || pattern.Contains("..", StringComparison.Ordinal))
            {
                yield return new SpecProblem("spec.model.allowPatterns", ConditionReasons.InvalidSpec,
                    $"file pattern '{pattern}' must be a non-empty glob relative to the model directory (no leading '/', no '..')");
            }
        }
    }

    private static SpecProblem Refused(string field, string scheme, string appliesTo) =>
        new(field, ConditionReasons.InvalidSpec, $"{field} applies to {appliesTo} sources only, not to {scheme}://; remove it");
}
