using k8s.Models;
using Sluice.Controllers.Desired;
using Sluice.Controllers.Reconciling;
using Sluice.Entities.Resources;

namespace Sluice.Controllers.Tests.Desired;

public class ModelDeliveryBuilderTests
{
    private static V1PodSpec Pod(LLMDeployment resource, EngineSettings? settings = null) =>
        DeploymentBuilder.Build(settings is null ? Fixtures.Input(resource) : Fixtures.Input(resource) with { Settings = settings }).Spec!.Template.Spec;

    private static V1Container Engine(V1PodSpec pod) => pod.Containers.Single(c => c.Name == "engine");

    [Fact]
    public void Hf_source_is_fetched_by_the_engine_image_into_the_shared_cache_with_the_token_as_a_file()
    {
        var pod = Pod(Fixtures.Resource("hf://meta-llama/Meta-Llama-3-8B", edit: s =>
        {
            s.Model.TokenSecretRef = new SecretKeyRef { Name = "hf-token", Key = "hf" };
            s.Model.Revision = "v2";
            s.Model.AllowPatterns = ["*.safetensors", "*.json"];
            s.Model.IgnorePatterns = ["original/"];
        }));

        var fetch = pod.InitContainers.Should().ContainSingle().Subject;
        fetch.Name.Should().Be("download");
        fetch.Image.Should().Be("registry/engine:1");
        fetch.Command.Should().Equal("sluice-engine");
        fetch.Args.Should().ContainInOrder("fetch", "--source", "hf://meta-llama/Meta-Llama-3-8B")
            .And.ContainInOrder("--revision", "v2").And.ContainInOrder("--cache-dir", "/var/cache/sluice")
            .And.ContainInOrder("--link", "/var/run/sluice/model/current").And.ContainInOrder("--progress-port", "8000")
            .And.ContainInOrder("--allow-pattern", "*.safetensors", "--allow-pattern", "*.json").And.ContainInOrder("--ignore-pattern", "original/")
            .And.ContainInOrder("--credentials-dir", "/var/run/sluice/model-credentials");
        fetch.Env.Should().BeNull("credentials are files, never variables");
        pod.Containers.Concat(pod.InitContainers!).SelectMany(c => (c.Args ?? []).Concat(c.Command ?? [])).Should().NotContain(a => a.Contains("hf-token", StringComparison.Ordinal));

        pod.Volumes!.Single(v => v.Name == "model-cache").PersistentVolumeClaim!.ClaimName.Should().Be("sluice-model-cache");
        pod.Volumes!.Single(v => v.Name == "model-link").EmptyDir.Should().NotBeNull();
        var secret = pod.Volumes!.Single(v => v.Name == "model-credentials").Secret!;
        secret.SecretName.Should().Be("hf-token");
        secret.Optional.Should().BeTrue("a missing Secret reaches the fetcher, which names it, instead of blocking the pod");
        secret.Items!.Should().ContainSingle(i => i.Key == "hf" && i.Path == "token");
        Engine(pod).VolumeMounts!.Where(m => m.Name.StartsWith("model", StringComparison.Ordinal) && m.SubPath is null).Should().OnlyContain(m => m.ReadOnlyProperty == true);
        Engine(pod).VolumeMounts!.Should().NotContain(m => m.Name == "model-credentials");

        // Kernels compiled by one pod are loaded by the next: the claim's kernels/ folder, the only writable part of it.
        var kernels = Engine(pod).VolumeMounts!.Single(m => m.SubPath is not null);
        (kernels.Name, kernels.SubPath, kernels.MountPath, kernels.ReadOnlyProperty).Should().Be(("model-cache", "kernels", "/var/cache/sluice-kernels", (bool?)null));
        Engine(pod).Env!.Single(e => e.Name == "SLUICE_KERNEL_CACHE").Value.Should().Be("/var/cache/sluice-kernels");
    }

    [Theory]
    [InlineData("s3://models/llama", "--region", "eu-west-1")]
    [InlineData("oci://r.io/acme/tiny:v1", "--endpoint", "http://r.io:5000")]
    public void S3_and_oci_sources_pass_their_fields_and_mount_the_whole_credentials_secret(string source, string flag, string value)
    {
        var pod = Pod(Fixtures.Resource(source, edit: s =>
        {
            s.Model.CredentialsSecretRef = new SecretRef { Name = "store" };
            if (flag == "--region")
            {
                s.Model.Region = value;
            }
            else
            {
                s.Model.Endpoint = value;
            }
        }));

        pod.InitContainers!.Single().Args.Should().ContainInOrder("--source", source).And.ContainInOrder(flag, value);
        var secret = pod.Volumes!.Single(v => v.Name == "model-credentials").Secret!;
        secret.SecretName.Should().Be("store");
        secret.Items.Should().BeNull("every key of the Secret becomes a file");
    }

    [Theory]
    [InlineData("pvc://weights/llama", "models")]
    [InlineData("dummy://tiny", null)]
    public void Pvc_and_dummy_sources_fetch_nothing(string source, string? volume)
    {
        var pod = Pod(Fixtures.Resource(source));

        pod.InitContainers.Should().BeNull();
        pod.Volumes!.Select(v => v.Name).Where(n => n.StartsWith("model", StringComparison.Ordinal)).Should().Equal(volume is null ? [] : [volume]);
        Engine(pod).Env!.Single(e => e.Name == "SLUICE_KERNEL_CACHE").Value.Should().Be("/tmp/sluice-kernels", "without the claim the pod's /tmp keeps them");
    }

    [Fact]
    public void A_disabled_cache_is_an_empty_dir_per_pod()
    {
        var settings = new EngineSettings { Image = "registry/engine:1", ModelCache = new ModelCacheSettings { Enabled = false } };
        var pod = Pod(Fixtures.Resource("hf://org/name"), settings);

        pod.Volumes!.Single(v => v.Name == "model-cache").EmptyDir.Should().NotBeNull();
        Engine(pod).VolumeMounts!.Should().NotContain(m => m.SubPath != null, "a per-pod cache shares nothing");
        Engine(pod).Env!.Single(e => e.Name == "SLUICE_KERNEL_CACHE").Value.Should().Be("/tmp/sluice-kernels");
    }

    [Theory]
    [InlineData("dummy://tiny", null, 5, 300)]
    [InlineData("hf://meta-llama/Meta-Llama-3-8B", "nvidia-h100-80gb", 10, 317)]
    [InlineData("hf://meta-llama/Meta-Llama-3-70B", "nvidia-h200-141gb", 10, 442)]
    [InlineData("hf://org/mystery", "nvidia-h100-80gb", 10, StartupBudget.UnknownSizeGpuSeconds)]
    [InlineData("hf://org/mystery", null, 5, StartupBudget.UnknownSizeCpuSeconds)]
    public void The_startup_probe_budget_follows_the_model_size(string source, string? gpu, int period, int seconds)
    {
        var input = Fixtures.Input(Fixtures.Resource(source, gpu));

        StartupBudget.Seconds(input).Should().BeCloseTo(seconds, 2);
        var probe = DeploymentBuilder.Build(input).Spec!.Template.Spec.Containers.Single().StartupProbe!;
        probe.PeriodSeconds.Should().Be(period);
        (probe.PeriodSeconds!.Value * probe.FailureThreshold!.Value).Should().BeInRange(StartupBudget.Seconds(input), StartupBudget.Seconds(input) + period);
    }

    [Fact]
    public void The_cache_claim_takes_its_shape_from_the_settings_and_has_no_owner()
    {
        var claim = ModelCacheClaims.Build("ml", new ModelCacheSettings { ClaimName = "cache", Size = "2Ti", AccessMode = "ReadWriteOnce", StorageClassName = "nfs" });

        claim.Metadata.Name.Should().Be("cache");
        claim.Metadata.NamespaceProperty.Should().Be("ml");
        claim.Metadata.OwnerReferences.Should().BeNull("the cache is shared by every LLMDeployment of the namespace and outlives them");
        claim.Spec!.AccessModes.Should().Equal("ReadWriteOnce");
        claim.Spec.StorageClassName.Should().Be("nfs");
        claim.Spec.Resources!.Requests!["storage"].ToString().Should().Be("2Ti");
        ModelCacheClaims.Build("ml", new ModelCacheSettings()).Spec!.StorageClassName.Should().BeNull("empty means the cluster's default class");
    }
}
