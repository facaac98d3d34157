using Sluice.Engine.Compute.Cuda;
using Sluice.Engine.Model.Dummy;
using Sluice.Engine.Model.Quantization;
using Sluice.Engine.Model.Templates;
using Sluice.Engine.Model.Tokenization;

namespace Sluice.Engine.Model;

/// <summary>
/// Loads everything the engine serves from one source: a Hugging Face model directory (weights,
/// tokenizer.json, chat template) or <c>dummy://&lt;preset&gt;</c> (random weights, a byte tokenizer and
/// <see cref="DummyChatTemplate"/>). Any failure throws with the file or tensor named; nothing is leaked.
/// </summary>
public static class ModelLoader
{
    /// <summary>A plain role-tagged template so dummy models can serve chat completions.</summary>
    public const string DummyChatTemplate =
        "{% for message in messages %}<|{{ message['role'] }}|>\n{{ message['content'] }}\n{% endfor %}" +
        "{% if add_generation_prompt %}<|assistant|>\n{% endif %}";

    /// <summary>
    /// Loads <paramref name="source"/> onto <paramref name="device"/> (cpu, cuda or auto), over
    /// <paramref name="tensorParallelSize"/> ranks (<see cref="RunnerFactory.Load"/>); served as
    /// <paramref name="servedModelName"/> or the source's default name; load progress goes to <paramref name="log"/> when given.
    /// </summary>
    public static LoadedModel Load(string source, string? servedModelName, string device = "cpu",
        QuantizationMode quantization = QuantizationMode.Auto, KvCacheDtype kvCacheDtype = KvCacheDtype.Auto, TextWriter? log = null, int tensorParallelSize = 1)
    {
        var runner = RunnerFactory.Load(source, device, quantization, kvCacheDtype, log, tensorParallelSize);
        try
        {
            var dummy = DummyPresets.IsDummy(source);
            ITokenizer tokenizer = dummy ? new ByteTokenizer(runner.Info.VocabSize) : HfTokenizer.Load(source);
            var template = dummy ? new JinjaChatTemplate(DummyChatTemplate) : JinjaChatTemplate.FromTokenizerConfig(source);
            return new LoadedModel(servedModelName ?? ModelSource.DefaultName(source), runner.Info, tokenizer, template, runner);
        }
        catch
        {
            runner.Dispose();
            throw;
        }
    }
}
