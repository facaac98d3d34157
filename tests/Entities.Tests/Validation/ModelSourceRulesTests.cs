using Sluice.Entities.Catalog;
using Sluice.Entities.Resources;
using Sluice.Entities.Validation;

namespace Sluice.Entities.Tests.Validation;

public class ModelSourceRulesTests
{
    public static TheoryData<ModelSpec, string?> Cases => new()
    {
        { new ModelSpec { Source = "hf://acme/tiny", Revision = "v1", TokenSecretRef = new SecretKeyRef { Name = "hf" }, Endpoint = "http://mirror:8080", AllowPatterns = ["*.json"] }, null },
        { new ModelSpec { Source = "s3://models/tiny", Region = "eu-west-1", Endpoint = "http://minio:9000", CredentialsSecretRef = new SecretRef { Name = "s3" }, IgnorePatterns = ["*.bin"] }, null },
        { new ModelSpec { Source = "oci://r.io/acme/tiny:v1", CredentialsSecretRef = new SecretRef { Name = "reg" } }, null },
        { new ModelSpec { Source = "oci://r.io/acme/tiny:v1", Revision = "main" }, "spec.model.revision" },
        { new ModelSpec { Source = "s3://models/tiny", TokenSecretRef = new SecretKeyRef { Name = "hf" } }, "spec.model.tokenSecretRef" },
        { new ModelSpec { Source = "hf://acme/tiny", CredentialsSecretRef = new SecretRef { Name = "s3" } }, "spec.model.credentialsSecretRef" },
        { new ModelSpec { Source = "hf://acme/tiny", Region = "us-east-1" }, "spec.model.region" },
        { new ModelSpec { Source = "pvc://claim/dir", Endpoint = "http://x" }, "spec.model.endpoint" },
        { new ModelSpec { Source = "dummy://tiny", AllowPatterns = ["*"] }, "spec.model.allowPatterns/ignorePatterns" },
        { new ModelSpec { Source = "pvc://claim/dir", Revision = "main" }, "spec.model.revision" },
        { new ModelSpec { Source = "hf://acme/tiny", AllowPatterns = ["../up"] }, "spec.model.allowPatterns" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_field_for_another_source_is_refused_by_name(ModelSpec model, string? field)
    {
        var problems = SpecValidator.Validate(new LLMDeploymentSpec { Model = model }, GpuCatalog.Default);

        if (field is null)
        {
            problems.Should().BeEmpty();
        }
        else
        {
            problems.Should().ContainSingle().Which.Field.Should().Be(field);
            problems[0].Reason.Should().Be(ConditionReasons.InvalidSpec);
            problems[0].Message.Should().Contain(field == "spec.model.allowPatterns" ? "relative to the model directory" : "applies to");
        }
    }
}
