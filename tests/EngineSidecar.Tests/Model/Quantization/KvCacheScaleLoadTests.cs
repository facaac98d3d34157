using Sluice.Engine.Compute;
using Sluice.Engine.Compute.Cpu;
using Sluice.Engine.Model;
using Sluice.Engine.Model.Quantization;
using static Sluice.Engine.Tests.Model.Quantization.SafetensorsRewriter;

namespace Sluice.Engine.Tests.Model.Quantization;

/// <summary>
/// A compressed-tensors checkpoint with a static fp8 kv_cache_scheme: its per-layer self_attn.k_scale / v_scale tensors
/// become the fp8 KV cache's scales, and a missing or bad one is refused by name.
/// </summary>
public sealed class KvCacheScaleLoadTests
{
    private const string Scheme = "\"kv_cache_scheme\": {\"num_bits\": 8, \"type\": \"float\", \"strategy\": \"tensor\", \"dynamic\": false, \"symmetric\": true}, \"quantization_status\"";

    [Fact]
    public void Checkpoint_kv_scales_are_the_fp8_cache_scales()
    {
        var dir = WithKvScales(0.25f, 0.5f);

        using var runner = Load(dir, KvCacheDtype.Fp8);
        runner.AllocateKvCache(4, 16);

        runner.Cache!.KeyScales.Should().Equal(0.25f);
        runner.Cache.ValueScales.Should().Equal(0.5f);
    }

    [Fact]
    public void The_scales_change_what_the_fp8_cache_holds()
    {
        int[] prompt = [3, 17, 5, 9, 120, 44];
        var unit = Logits(WithKvScales(1f, 1f), prompt);
        var scaled = Logits(WithKvScales(1f / 64, 1f / 64), prompt);

        // Scale 1/64 multiplies every K/V value by 64 before it is encoded: other codes (some saturated), other logits.
        unit.Zip(scaled, (a, b) => Math.Abs(a - b)).Max().Should().BeGreaterThan(1e-4f);
    }

    [Fact]
    public void A_bf16_cache_does_not_need_the_scales()
    {
        var dir = WithKvScales(0.25f, 0.5f);

        using var runner = Load(dir, KvCacheDtype.Auto);
        runner.AllocateKvCache(4, 16);

        runner.Cache!.KeyScales.Should().Equal(1f);
    }

    [Fact]
    public void A_missing_scale_names_the_tensor()
    {
        var dir = CopyWith("quant-fp8", ts => ts.Append(Scalar("model.layers.0.self_attn.k_scale", 0.25f)));
        EditConfig(dir, "\"quantization_status\"", Scheme);

        FluentActions.Invoking(() => Load(dir, KvCacheDtype.Fp8)).Should().Throw<ModelLoadException>().WithMessage("*'model.layers.0.self_attn.v_scale' is missing*");
    }

    [Fact]
    public void A_non_positive_scale_names_the_tensor()
    {
        var dir = WithKvScales(0.25f, 0f);

        FluentActions.Invoking(() => Load(dir, KvCacheDtype.Fp8)).Should().Throw<ModelLoadException>().WithMessage("*'model.layers.0.self_attn.v_scale' is 0*");
    }

    private static string WithKvScales(float k, float v)
    {
        var dir = CopyWith("quant-fp8", ts => ts.Append(Scalar("model.layers.0.self_attn.k_scale", k)).Append(Scalar("model.layers.0.self_attn.v_scale", v)));
        EditConfig(dir, "\"quantization_status\"", Scheme);
        return dir;
    }

    private static Tensor Scalar(string name, float value) => new(name, "F32", [], BitConverter.GetBytes(value));

    private static TransformerRunner Load(string dir, KvCacheDtype kv) =>
        CpuModelRunner.Load(dir, new CpuRunnerOptions { KvCacheDtype = kv });

    private static float[] Logits(string dir, int[] prompt)
    {
        using var runner = Load(dir, KvCacheDtype.Fp8);
        runner.AllocateKvCache(4, 16);
        runner.Forward([new ScheduledChunk(0, prompt, 0, [0], true)]);
        return runner.Forward([new ScheduledChunk(0, [7], prompt.Length, [0], true)]);
    }
}
