using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Sluice.Engine.Compute.Cuda.Bench;
using Sluice.Engine.Grammar;
using Sluice.Engine.Model;
using Sluice.Engine.Model.Quantization;

namespace Sluice.Engine.Cli.Bench;

/// <summary>
/// Hidden command <c>bench-structured</c>: decode tokens/s of one model and batch with a json_schema mask and without
/// (see <see cref="ConstrainedDecodeBench"/>), alternating the two <c>--repeats</c> times after a warm-up pair. Prints
/// both best rates, constrained/unconstrained and the cost (1 − ratio), and writes them as one JSON object.
/// </summary>
public static class StructuredBenchCommand
{
    /// <summary>
    /// The default schema: an inventory whose item list cannot close within a bench run (minItems), with unbounded
    /// strings and integers, so every sequence decodes the full length under a live mask.
    /// </summary>
    public const string DefaultSchema =
        """{"type":"object","properties":{"title":{"type":"string"},"items":{"type":"array","minItems":100000,"items":{"type":"object","properties":{"name":{"type":"string"},"count":{"type":"integer"},"tags":{"type":"array","items":{"enum":["new","used","spare"]}}},"required":["name","count"]}}},"required":["title","items"]}""";

    private static readonly Option<string> Model = new("--model") { Description = "model directory or dummy://<preset>", DefaultValueFactory = _ => "dummy://llama-3-8b" };
    private static readonly Option<string> Device = new("--device") { Description = "compute backend: auto, cpu or cuda", DefaultValueFactory = _ => "cuda" };
    private static readonly Option<int> Batch = new("--batch") { Description = "sequences decoded together", DefaultValueFactory = _ => 64 };
    private static readonly Option<int> PromptTokens = new("--prompt-tokens") { Description = "random prompt tokens per sequence", DefaultValueFactory = _ => 128 };
    private static readonly Option<int> OutputTokens = new("--output-tokens") { Description = "tokens decoded per sequence", DefaultValueFactory = _ => 256 };
    private static readonly Option<int> Repeats = new("--repeats") { Description = "measured runs of each kind", DefaultValueFactory = _ => 3 };
    private static readonly Option<int> MaxBatchedTokens = new("--max-batched-tokens") { Description = "most prompt tokens per prefill step", DefaultValueFactory = _ => 8192 };
    private static readonly Option<double> KvMemoryFraction = new("--kv-cache-memory-fraction") { Description = "share of free memory for the KV cache", DefaultValueFactory = _ => 0.9 };
    private static readonly Option<string?> SchemaFile = new("--schema") { Description = "JSON Schema file for the constrained runs (default: an inventory that cannot close early)" };
    private static readonly Option<string> Vocabulary = new("--vocabulary") { Description = "for dummy models: synthetic (a BPE-sized vocabulary of random pieces, default) or bytes (the dummy's one byte per id)", DefaultValueFactory = _ => "synthetic" };
    private static readonly Option<string> Quantization = new("--quantization") { Description = "decoder weight quantization (as for serve)", DefaultValueFactory = _ => "auto" };
    private static readonly Option<string?> Json = new("--json") { Description = "file to write the results to" };
    private static readonly Option<int> HostOnlySteps = new("--host-only-steps") { Description = "instead of decoding: time this many steps of the host side alone (mask + advance, random walks over the vocabulary), cached and uncached; no model runs" };

    public static Command Create()
    {
        var command = new Command("bench-structured", "decode tokens/s with a json_schema mask against unconstrained")
        {
            Model, Device, Batch, PromptTokens, OutputTokens, Repeats, MaxBatchedTokens, KvMemoryFraction, SchemaFile, Vocabulary, Quantization, Json, HostOnlySteps,
        };
        command.Hidden = true;
        command.SetAction(parse =>
        {
            try
            {
                return Run(parse);
            }
            catch (Exception ex) when (ex is ArgumentException or SchemaException or JsonException or IOException or ModelLoadException)
            {
                Console.Error.WriteLine("bench-structured: " + ex.Message);
                return 2;
            }
        });
        return command;
    }

    /// <summary>The grammar of the schema text; throws <see cref="SchemaException"/> or <see cref="JsonException"/> for a bad one.</summary>
    public static GrammarNode CompileSchema(string schemaText)
    {
        using var document = JsonDocument.Parse(schemaText);
        return JsonSchemaCompiler.Compile(document.RootElement);
    }

    private static int Run(ParseResult parse)
    {
        var repeats = parse.GetValue(Repeats);
        if (repeats < 1)
        {
            throw new ArgumentException($"--repeats must be at least 1, got {repeats}");
        }

        var schemaPath = parse.GetValue(SchemaFile);
        var schema = schemaPath is null ? DefaultSchema : File.ReadAllText(schemaPath);
        var grammar = CompileSchema(schema);
        var source = parse.GetValue(Model)!;
        var device = parse.GetValue(Device)!;
        var vocabulary = parse.GetValue(Vocabulary)!;
        if (vocabulary is not ("synthetic" or "bytes"))
        {
            throw new ArgumentException($"--vocabulary must be synthetic or bytes, got {vocabulary}");
        }

        if (parse.GetValue(HostOnlySteps) is > 0 and var steps)
        {
            return RunHostOnly(parse, grammar, steps, schemaPath);
        }

        using var loaded = ModelLoader.Load(source, null, device, QuantizationModes.Parse(parse.GetValue(Quantization)!));
        var synthetic = vocabulary == "synthetic" && Sluice.Engine.Model.Dummy.DummyPresets.IsDummy(source);
        var model = synthetic ? loaded with { Tokenizer = new SyntheticWordTokenizer(loaded.Info.VocabSize) } : loaded;
        var batch = parse.GetValue(Batch);
        var bench = new ConstrainedDecodeBench(model, batch, parse.GetValue(PromptTokens), parse.GetValue(OutputTokens), parse.GetValue(MaxBatchedTokens), parse.GetValue(KvMemoryFraction));

        bench.Run(null); // warm-up: kernels, graphs, the vocabulary trie
        bench.Run(grammar);
        var runs = new List<ConstrainedDecodeRun>();
        for (var i = 0; i < repeats; i++)
        {
            runs.Add(bench.Run(null));
            runs.Add(bench.Run(grammar));
            Console.Error.WriteLine($"run {i + 1}/{repeats}: unconstrained {runs[^2].TokensPerSecond:F1} tok/s, constrained {runs[^1].TokensPerSecond:F1} tok/s");
        }

        var free = runs.Where(r => !r.Constrained).Max(r => r.TokensPerSecond);
        var masked = runs.Where(r => r.Constrained).Max(r => r.TokensPerSecond);
        var report = new BenchReport();
        report.Add("model", source);
        report.Add("device", device);
        report.Add("batch", batch);
        report.Add("prompt_tokens", parse.GetValue(PromptTokens));
        report.Add("output_tokens", parse.GetValue(OutputTokens));
        report.Add("vocab_size", model.Info.VocabSize);
        report.Add("vocabulary", synthetic ? "synthetic" : "model");
        report.Add("schema", schemaPath ?? "default");
        report.Add("unconstrained_decode_tokens_per_second", free);
        report.Add("constrained_decode_tokens_per_second", masked);
        report.Add("constrained_to_unconstrained_ratio", masked / free);
        report.Add("mask_cost_fraction", 1 - (masked / free));
        report.Add("constrained_invalid_outputs", runs.Sum(r => r.InvalidOutputs));
        for (var i = 0; i < runs.Count; i++)
        {
            var name = string.Create(CultureInfo.InvariantCulture, $"run{i}_{(runs[i].Constrained ? "constrained" : "unconstrained")}");
            report.Add(name + "_tokens_per_second", runs[i].TokensPerSecond);
            report.Add(name + "_decode_tokens", runs[i].DecodeTokens);
        }

        Console.WriteLine($"unconstrained {free:F1} tok/s, constrained {masked:F1} tok/s, ratio {masked / free:F3} (mask cost {(1 - (masked / free)) * 100:F1}%)");
        Console.WriteLine(report.Write(parse.GetValue(Json)));
        return runs.Sum(r => r.InvalidOutputs) == 0 ? 0 : 1;
    }

    // The host side alone, over the synthetic vocabulary at the dummy preset's size (no weights are made).
    private static int RunHostOnly(ParseResult parse, GrammarNode grammar, int steps, string? schemaPath)
    {
        var source = parse.GetValue(Model)!;
        if (!Sluice.Engine.Model.Dummy.DummyPresets.IsDummy(source))
        {
            throw new ArgumentException("--host-only-steps takes a dummy:// model (its vocabulary size sets the synthetic vocabulary's)");
        }

        var vocabSize = Sluice.Engine.Model.Dummy.DummyPresets.Get(source).VocabSize;
        var tokenizer = new SyntheticWordTokenizer(vocabSize);
        MaskStepBench.Run(grammar, tokenizer, Math.Min(steps, 200), cached: true, seed: 1); // warm-up
        var uncached = MaskStepBench.Run(grammar, tokenizer, steps, cached: false, seed: 2);
        var cached = MaskStepBench.Run(grammar, tokenizer, steps, cached: true, seed: 2);
        var report = new BenchReport();
        report.Add("model", source);
        report.Add("vocab_size", tokenizer.VocabSize);
        report.Add("schema", schemaPath ?? "default");
        report.Add("host_steps", steps);
        report.Add("uncached_mask_ms_per_step", uncached.MillisecondsPerStep);
        report.Add("cached_mask_ms_per_step", cached.MillisecondsPerStep);
        report.Add("cache_hit_fraction", cached.HitFraction);
        Console.WriteLine($"host side per step: uncached {uncached.MillisecondsPerStep:F3} ms, cached {cached.MillisecondsPerStep:F3} ms ({cached.HitFraction:P0} hits)");
        Console.WriteLine(report.Write(parse.GetValue(Json)));
        return 0;
    }
}
