using System.Text.Json;
using Sluice.Engine.Compute;
using Sluice.Engine.Compute.Cpu;

namespace Sluice.Engine.Tests.Model.Quantization;

/// <summary>
/// The CPU backend on the tiny quantized checkpoints of tools/golden/make_quant_fixtures.py (AutoAWQ, GPTQ act-order,
/// compressed-tensors fp8 and int8) against the Python reference dequantizer's logits and greedy continuations.
/// </summary>
public sealed class QuantGoldenTests
{
    public static TheoryData<string, string, double> Fixtures => new()
    {
        { "quant-awq", "int4-awq", 1e-4 },
        { "quant-gptq", "int4-gptq", 1e-4 },
        { "quant-int8", "int8", 1e-4 },
        { "quant-fp8", "fp8", 1e-4 },
    };

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Logits_and_greedy_continuation_match_the_reference_dequantizer(string fixture, string quantization, double tolerance)
    {
        var dir = ModelFixtures.Directory(fixture);
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "golden.json")));
        using var runner = CpuModelRunner.Load(dir);

        runner.Info.Quantization.Should().Be(quantization);
        foreach (var c in doc.RootElement.GetProperty("cases").EnumerateArray())
        {
            var ids = c.GetProperty("input_ids").EnumerateArray().Select(e => e.GetInt32()).ToArray();
            var expected = c.GetProperty("last_logits").EnumerateArray().Select(e => e.GetSingle()).ToArray();
            var greedy = c.GetProperty("greedy_ids").EnumerateArray().Select(e => e.GetInt32()).ToArray();
            runner.AllocateKvCache(numBlocks: 8, blockSize: 16);
            var logits = runner.Forward([new ScheduledChunk(1, ids, 0, [0, 1, 2, 3], true)]);

            ModelFixtures.RelativeError(logits, expected).Should().BeLessThanOrEqualTo(tolerance, $"{fixture}: {ids.Length} prompt tokens");
            GreedyGenerator.Generate(runner, ids, greedy.Length).Should().Equal(greedy, fixture);
        }
    }
}
