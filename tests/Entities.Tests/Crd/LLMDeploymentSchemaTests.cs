using System.Text.Json.Nodes;
using k8s.Models;
using Sluice.Entities.Resources;
using Sluice.Kubernetes.Crds;

namespace Sluice.Entities.Tests.Crd;

public class LLMDeploymentSchemaTests
{
    private static readonly V1CustomResourceDefinition Crd = CrdGenerator.Generate(typeof(LLMDeployment));

    private static V1JSONSchemaProps Spec => Crd.Spec.Versions[0].Schema!.OpenAPIV3Schema.Properties!["spec"];

    private static V1JSONSchemaProps At(string dottedPath)
    {
        var schema = Spec;
        foreach (var part in dottedPath.Split('.'))
        {
            schema = schema.Properties![part];
        }

        return schema;
    }

    [Fact]
    public void Names_scope_and_subresources_match_the_issue()
    {
        Crd.Metadata.Name.Should().Be("llmdeployments.sluice.dev");
        Crd.Spec.Scope.Should().Be("Namespaced");
        Crd.Spec.Names.ShortNames.Should().Equal("llm");
        var version = Crd.Spec.Versions.Should().ContainSingle().Subject;
        version.Name.Should().Be("v1alpha1");
        version.Subresources!.Status.Should().NotBeNull();
        version.Subresources.Scale!.SpecReplicasPath.Should().Be(".spec.scaling.minReplicas");
        version.Subresources.Scale.StatusReplicasPath.Should().Be(".status.replicas");
        version.Subresources.Scale.LabelSelectorPath.Should().Be(".status.selector");
    }

    [Fact]
    public void Printer_columns_are_in_the_documented_order()
    {
        Crd.Spec.Versions[0].AdditionalPrinterColumns!.Select(c => c.Name)
            .Should().Equal("Model", "Quant", "GPU", "TTFT-SLO", "TPOT-SLO", "Replicas", "Ready", "TTFT-p", "TPOT-p", "Age");
    }

    [Theory]
    [InlineData("quantization", "none,int8,fp8,int4-awq,int4-gptq")]
    [InlineData("kvCacheDtype", "auto,fp8")]
    [InlineData("engine.runtime", "sluice,vllm,sglang,tgi,lmdeploy,trtllm")]
    public void Enums_list_the_accepted_values(string path, string values)
    {
        At(path).EnumProperty!.Select(v => ((JsonNode)v).GetValue<string>()).Should().Equal(values.Split(','));
    }

    [Theory]
    [InlineData("model.source", ModelSourcePattern)]
    [InlineData("slo.ttft", DurationText.Pattern)]
    [InlineData("slo.tpot", DurationText.Pattern)]
    [InlineData("scaling.scaleDownDelay", DurationText.Pattern)]
    [InlineData("engine.maxBatchSize", EngineKnob.Pattern)]
    [InlineData("engine.maxRequestRate", EngineKnob.Pattern)]
    public void Strings_carry_their_patterns(string path, string pattern)
    {
        At(path).Pattern.Should().Be(pattern);
    }

    private const string ModelSourcePattern = Sluice.Entities.Model.ModelSource.Pattern;

    [Theory]
    [InlineData("slo.percentile", 50, 99.9)]
    [InlineData("gpu.count", 1, 16)]
    [InlineData("scaling.minReplicas", 0, 1000)]
    [InlineData("scaling.maxReplicas", 0, 1000)]
    [InlineData("model.maxContextLength", 16, 1048576)]
    [InlineData("workload.inputTokens", 1, 1048576)]
    [InlineData("workload.outputTokens", 1, 1048576)]
    public void Numbers_carry_their_limits(string path, double minimum, double maximum)
    {
        At(path).Minimum.Should().Be(minimum);
        At(path).Maximum.Should().Be(maximum);
    }

    [Theory]
    [InlineData("", "model")]
    [InlineData("model", "source")]
    [InlineData("gpu", "type")]
    [InlineData("model.tokenSecretRef", "name")]
    public void Required_fields_are_listed(string parent, string field)
    {
        var schema = parent.Length == 0 ? Spec : At(parent);
        schema.Required.Should().Contain(field);
    }

    [Theory]
    [InlineData("quantization", "\"none\"")]
    [InlineData("kvCacheDtype", "\"auto\"")]
    [InlineData("slo.percentile", "95")]
    [InlineData("scaling.minReplicas", "1")]
    [InlineData("scaling.scaleDownDelay", "\"5m\"")]
    [InlineData("gpu.count", "1")]
    [InlineData("scaling", "{}")]
    public void Defaults_are_set(string path, string json)
    {
        JsonNode.DeepEquals((JsonNode?)At(path).DefaultProperty, JsonNode.Parse(json)).Should().BeTrue($"{path} defaults to {json}, not {((JsonNode?)At(path).DefaultProperty)?.ToJsonString()}");
    }

    [Fact]
    public void Affinity_is_passed_through_unpruned()
    {
        At("pod.affinity").XKubernetesPreserveUnknownFields.Should().BeTrue();
    }

    [Theory]
    [InlineData("500m", true)]
    [InlineData("16Gi", true)]
    [InlineData("1", true)]
    [InlineData("1e3", true)]
    [InlineData("16GB", false)]
    [InlineData("lots", false)]
    public void Resource_quantities_are_strings_in_the_quantity_format(string quantity, bool valid)
    {
        var limit = (V1JSONSchemaProps)At("engine.resources.limits").AdditionalProperties!;

        limit.Type.Should().Be("string");
        System.Text.RegularExpressions.Regex.IsMatch(quantity, limit.Pattern!).Should().Be(valid);
    }
}
