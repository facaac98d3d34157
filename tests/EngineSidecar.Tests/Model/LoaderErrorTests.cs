using Sluice.Engine.Compute.Cpu;
using Sluice.Engine.Model;

namespace Sluice.Engine.Tests.Model;

/// <summary>Broken model directories fail with a <see cref="ModelLoadException"/> that names the file and tensor.</summary>
public sealed class LoaderErrorTests : IDisposable
{
    private readonly string _dir = ModelFixtures.CopyToTemp("llama");

    private string Weights => Path.Combine(_dir, "model.safetensors");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    public static TheoryData<string, string[]> Breakages => new()
    {
        { "missing-tensor", ["model.layers.1.mlp.up_proj.weight", "is missing"] },
        { "wrong-shape", ["model.layers.0.self_attn.k_proj.weight", "has shape [16, 64], expected [32, 64]"] },
        { "unsupported-dtype", ["model.norm.weight", "unsupported dtype I8"] },
        { "truncated-data", ["model.safetensors", "outside the"] },
        { "bad-header", ["model.safetensors", "invalid safetensors header length"] },
        { "unsupported-architecture", ["config.json", "unsupported architecture 'GPT2LMHeadModel'"] },
        { "unsupported-rope", ["config.json", "rope_type 'yarn' is not supported"] },
        { "missing-config", ["config.json", "file not found"] },
        { "missing-weights", ["neither model.safetensors nor model.safetensors.index.json exists"] },
        { "missing-shard", ["model-00002-of-00002.safetensors", "file not found"] },
        { "shard-lacks-tensor", ["model.norm.weight", "listed in model.safetensors.index.json but not in the file"] },
    };

    [Theory]
    [MemberData(nameof(Breakages))]
    public void Broken_directory_fails_with_a_message_naming_the_cause(string breakage, string[] expectedFragments)
    {
        Break(breakage);

        var load = () => CpuModelRunner.Load(_dir).Dispose();

        var error = load.Should().Throw<ModelLoadException>().Which;
        foreach (var fragment in expectedFragments)
        {
            error.Message.Should().Contain(fragment);
        }
    }

    [Fact]
    public void Missing_directory_and_unknown_preset_fail_clearly()
    {
        var missing = () => CpuModelRunner.Load(Path.Combine(_dir, "nope"));
        var unknown = () => CpuModelRunner.Load("dummy://gpt-5");

        missing.Should().Throw<ModelLoadException>().WithMessage("*model directory not found*");
        unknown.Should().Throw<ModelLoadException>().WithMessage("*unknown dummy preset 'gpt-5'*tiny*");
    }

    private void Break(string breakage)
    {
        var tensors = SafetensorsTestWriter.ReadAll(Weights);
        var configPath = Path.Combine(_dir, "config.json");
        switch (breakage)
        {
            case "missing-tensor":
                SafetensorsTestWriter.Write(Weights, tensors.Where(t => t.Name != "model.layers.1.mlp.up_proj.weight"));
                break;
            case "wrong-shape":
                SafetensorsTestWriter.Write(Weights, tensors.Select(t => t.Name == "model.layers.0.self_attn.k_proj.weight"
                    ? (t.Name, t.Dtype, new long[] { 16, 64 }, t.Data[..(16 * 64 * 4)])
                    : t));
                break;
            case "unsupported-dtype":
                SafetensorsTestWriter.Write(Weights, tensors.Select(t => t.Name == "model.norm.weight" ? (t.Name, "I8", t.Shape, t.Data[..64]) : t));
                break;
            case "truncated-data":
                var bytes = File.ReadAllBytes(Weights);
                File.WriteAllBytes(Weights, bytes[..(bytes.Length - 100)]);
                break;
            case "bad-header":
                File.WriteAllBytes(Weights, [.. BitConverter.GetBytes(long.MaxValue), .. new byte[16]]);
                break;
            case "unsupported-architecture":
                File.WriteAllText(configPath, File.ReadAllText(configPath).Replace("LlamaForCausalLM", "GPT2LMHeadModel", StringComparison.Ordinal));
                break;
            case "unsupported-rope":
                File.WriteAllText(configPath, File.ReadAllText(configPath).Replace("\"llama3\"", "\"yarn\"", StringComparison.Ordinal));
                break;
            case "missing-config":
                File.Delete(configPath);
                break;
            case "missing-weights":
                File.Delete(Weights);
                break;
            case "missing-shard":
            case "shard-lacks-tensor":
                var first = tensors.Take(10).ToList();
                var second = tensors.Skip(10).ToList();
                File.Delete(Weights);
                SafetensorsTestWriter.Write(Path.Combine(_dir, "model-00001-of-00002.safetensors"), first);
                if (breakage == "shard-lacks-tensor")
                {
                    SafetensorsTestWriter.Write(Path.Combine(_dir, "model-00002-of-00002.safetensors"), second.Where(t => t.Name != "model.norm.weight"));
                }

                var map = first.Select(t => $"\"{t.Name}\": \"model-00001-of-00002.safetensors\"")
                    .Concat(second.Select(t => $"\"{t.Name}\": \"model-00002-of-00002.safetensors\""));
                File.WriteAllText(Path.Combine(_dir, "model.safetensors.index.json"), $"{{\"metadata\": {{}}, \"weight_map\": {{{string.Join(", ", map)}}}}}");
                break;
            default:
                throw new ArgumentException(breakage);
        }
    }
}
