using System.Text.Json;
using Sluice.Engine.Cli.Bench;

namespace Sluice.Engine.Tests.Cli;

/// <summary>bench-structured parses its options and runs end to end on the CPU with a tiny dummy model.</summary>
public sealed class StructuredBenchCommandTests
{
    [Fact]
    public void A_cpu_run_writes_both_rates_and_their_ratio()
    {
        var json = Path.Combine(Path.GetTempPath(), $"structured-{Guid.NewGuid():N}.json");
        try
        {
            var exit = StructuredBenchCommand.Create().Parse(
                ["--model", "dummy://tiny", "--device", "cpu", "--batch", "4", "--prompt-tokens", "8", "--output-tokens", "24", "--repeats", "1", "--json", json]).Invoke();

            exit.Should().Be(0);
            using var report = JsonDocument.Parse(File.ReadAllText(json));
            var root = report.RootElement;
            root.GetProperty("vocabulary").GetString().Should().Be("synthetic");
            root.GetProperty("constrained_invalid_outputs").GetDouble().Should().Be(0);
            var free = root.GetProperty("unconstrained_decode_tokens_per_second").GetDouble();
            var masked = root.GetProperty("constrained_decode_tokens_per_second").GetDouble();
            free.Should().BePositive();
            masked.Should().BePositive();
            root.GetProperty("constrained_to_unconstrained_ratio").GetDouble().Should().BeApproximately(masked / free, 1e-3);
            root.GetProperty("run1_constrained_decode_tokens").GetDouble().Should().Be(root.GetProperty("run0_unconstrained_decode_tokens").GetDouble(), "both kinds decode the same number of tokens");
        }
        finally
        {
            File.Delete(json);
        }
    }

    [Fact]
    public void A_host_only_run_times_the_masks_cached_and_uncached_without_a_model()
    {
        var json = Path.Combine(Path.GetTempPath(), $"structured-host-{Guid.NewGuid():N}.json");
        try
        {
            var exit = StructuredBenchCommand.Create().Parse(["--model", "dummy://tiny", "--host-only-steps", "60", "--json", json]).Invoke();

            exit.Should().Be(0);
            using var report = JsonDocument.Parse(File.ReadAllText(json));
            var root = report.RootElement;
            root.GetProperty("vocab_size").GetDouble().Should().Be(Sluice.Engine.Model.Dummy.DummyPresets.Get("dummy://tiny").VocabSize);
            root.GetProperty("uncached_mask_ms_per_step").GetDouble().Should().BePositive();
            root.GetProperty("cached_mask_ms_per_step").GetDouble().Should().BePositive();
            root.GetProperty("cache_hit_fraction").GetDouble().Should().BeInRange(0.01, 1, "walks inside strings revisit states");
        }
        finally
        {
            File.Delete(json);
        }
    }

    [Fact]
    public void A_host_only_run_needs_a_dummy_model() =>
        StructuredBenchCommand.Create().Parse(["--model", "/models/llama", "--host-only-steps", "10"]).Invoke().Should().Be(2);

    [Theory]
    [InlineData("--repeats", "0")]
    [InlineData("--vocabulary", "words")]
    [InlineData("--batch", "0")]
    public void Bad_options_exit_with_2(string option, string value)
    {
        var exit = StructuredBenchCommand.Create().Parse(["--model", "dummy://tiny", "--device", "cpu", option, value]).Invoke();

        exit.Should().Be(2);
    }

    [Fact]
    public void The_default_schema_compiles_and_cannot_close_early()
    {
        var grammar = StructuredBenchCommand.CompileSchema(StructuredBenchCommand.DefaultSchema);
        var start = System.Text.Encoding.UTF8.GetBytes("""{"title":"t","items":[{"name":"a","count":1}""");
        Sluice.Engine.Grammar.GrammarStepper.TryFeed(Sluice.Engine.Grammar.GrammarFrame.Start(grammar, null), start, out var state).Should().BeTrue();
        Sluice.Engine.Grammar.GrammarStepper.TryFeed(state, "]}"u8, out _).Should().BeFalse("minItems keeps the list open");
    }
}
