using Sluice.Engine.Model.Config;

namespace Sluice.Engine.Model.Dummy;

/// <summary>
/// Shapes of well-known models for <c>dummy://&lt;preset&gt;</c> sources (random weights at real shapes),
/// plus <c>tiny</c> (≈ 0.9 M parameters) for fast CPU runs.
/// </summary>
public static class DummyPresets
{
    /// <summary>The URI scheme prefix of dummy sources.</summary>
    public const string Scheme = "dummy://";

    private static readonly Dictionary<string, ModelConfig> Presets = new(StringComparer.Ordinal)
    {
        // Byte-level dummy tokenizers use ids 0-255 for bytes; 256 and 257 are BOS and EOS.
        ["tiny"] = Make("LlamaForCausalLM", ModelFamily.Llama, hidden: 128, inter: 384, layers: 4, heads: 4, kvHeads: 2, vocab: 512,
            maxPositions: 2048, theta: 10000, eps: 1e-5f, bos: 256, eos: [257]),
        ["llama-3-8b"] = Make("LlamaForCausalLM", ModelFamily.Llama, hidden: 4096, inter: 14336, layers: 32, heads: 32, kvHeads: 8,
            vocab: 128256, maxPositions: 8192, theta: 500000, eps: 1e-5f, bos: 128000, eos: [128001, 128009]),
        ["llama-3-70b"] = Make("LlamaForCausalLM", ModelFamily.Llama, hidden: 8192, inter: 28672, layers: 80, heads: 64, kvHeads: 8,
            vocab: 128256, maxPositions: 8192, theta: 500000, eps: 1e-5f, bos: 128000, eos: [128001, 128009]),
        ["qwen2.5-7b"] = Make("Qwen2ForCausalLM", ModelFamily.Qwen2, hidden: 3584, inter: 18944, layers: 28, heads: 28, kvHeads: 4,
            vocab: 152064, maxPositions: 32768, theta: 1000000, eps: 1e-6f, bos: null, eos: [151645, 151643]),
        ["mistral-7b"] = Make("MistralForCausalLM", ModelFamily.Mistral, hidden: 4096, inter: 14336, layers: 32, heads: 32, kvHeads: 8,
            vocab: 32000, maxPositions: 32768, theta: 10000, eps: 1e-5f, bos: 1, eos: [2], slidingWindow: 4096),
        ["phi-3-mini"] = Make("Phi3ForCausalLM", ModelFamily.Phi3, hidden: 3072, inter: 8192, layers: 32, heads: 32, kvHeads: 32,
            vocab: 32064, maxPositions: 4096, theta: 10000, eps: 1e-5f, bos: 1, eos: [32000, 32007], slidingWindow: 2047),
    };

    /// <summary>Names of the presets.</summary>
    public static IReadOnlyCollection<string> Names => Presets.Keys;

    /// <summary>True when <paramref name="source"/> starts with dummy://.</summary>
    public static bool IsDummy(string source) => source.StartsWith(Scheme, StringComparison.Ordinal);

    /// <summary>The config of <c>dummy://name</c> or a bare preset name; throws <see cref="ModelLoadException"/> for an unknown one.</summary>
    public static ModelConfig Get(string source)
    {
        var name = IsDummy(source) ? source[Scheme.Length..] : source;
        return Presets.TryGetValue(name, out var config)
            ? config
            : throw new ModelLoadException($"{source}: unknown dummy preset '{name}' (known: {string.Join(", ", Presets.Keys)})");
    }

    private static ModelConfig Make(string architecture, ModelFamily family, int hidden, int inter, int layers, int heads, int kvHeads,
        int vocab, int maxPositions, double theta, float eps, int? bos, int[] eos, int slidingWindow = 0) => new()
        {
            Architecture = architecture,
            Family = family,
            HiddenSize = hidden,
            IntermediateSize = inter,
            NumLayers = layers,
            NumHeads = heads,
            NumKvHeads = kvHeads,
            HeadDim = hidden / heads,
            VocabSize = vocab,
            MaxPositionEmbeddings = maxPositions,
            RmsNormEps = eps,
            Rope = new RopeConfig(theta),
            SlidingWindowPerLayer = Enumerable.Repeat(slidingWindow, layers).ToArray(),
            TieWordEmbeddings = false,
            QkvBias = family == ModelFamily.Qwen2,
            StoredDtype = "bfloat16",
            BosTokenId = bos,
            EosTokenIds = eos,
        };
}
