using System.CommandLine;
using Sluice.Engine.Compute;
using Sluice.Engine.Model;
using Sluice.Engine.Model.Quantization;
using Sluice.Engine.Model.Tokenization;

namespace Sluice.Engine.Cli;

/// <summary>
/// <c>sluice-engine generate --model M --prompt P</c>: prints the greedy continuation of a prompt (the
/// prompt is encoded with the tokenizer's special tokens), stopping at an end-of-sequence token or
/// --max-tokens. A quick check that a model directory loads and computes. Exit 1 when the model cannot be loaded.
/// </summary>
public static class GenerateCommand
{
    private static readonly Option<string> Model = new("--model") { Description = "model directory or dummy://<preset>", Required = true };
    private static readonly Option<string> Prompt = new("--prompt") { Description = "text to continue", Required = true };
    private static readonly Option<int> MaxTokens = new("--max-tokens") { Description = "most tokens to generate", DefaultValueFactory = _ => 32 };
    private static readonly Option<bool> IgnoreEos = new("--ignore-eos") { Description = "keep going past end-of-sequence tokens" };
    private static readonly Option<string> Quantization = new("--quantization") { Description = "decoder weight quantization (as for serve)", DefaultValueFactory = _ => "auto" };
    private static readonly Option<string> Device = new("--device") { Description = "compute backend: auto, cpu or cuda", DefaultValueFactory = _ => "cpu" };
    private static readonly Option<int> TensorParallelSize = new("--tensor-parallel-size") { Description = "ranks the model is sharded over (as for serve)", DefaultValueFactory = _ => 1 };

    public static Command Create()
    {
        var command = new Command("generate", "print the greedy continuation of a prompt") { Model, Prompt, MaxTokens, IgnoreEos, Quantization, Device, TensorParallelSize };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var maxTokens = parse.GetValue(MaxTokens);
            if (maxTokens is < 1 or > 100_000)
            {
                await Console.Error.WriteLineAsync($"error: --max-tokens must be between 1 and 100000, got {maxTokens}");
                return 2;
            }

            try
            {
                using var model = ModelLoader.Load(parse.GetValue(Model)!, servedModelName: null, parse.GetValue(Device)!,
                    QuantizationModes.Parse(parse.GetValue(Quantization)!), tensorParallelSize: parse.GetValue(TensorParallelSize));
                var promptIds = model.Tokenizer.Encode(parse.GetValue(Prompt)!, addSpecialTokens: true);
                var stopIds = parse.GetValue(IgnoreEos) ? null : model.Tokenizer.EosTokenIds.ToHashSet();
                var output = GreedyGenerator.Generate(model.Runner, promptIds, maxTokens, stopIds);
                await Console.Out.WriteLineAsync(model.Tokenizer.Decode(output, skipSpecialTokens: true));
                return 0;
            }
            catch (Exception ex) when (IsLoadFailure(ex) || ex is ArgumentException or NotSupportedException or InvalidOperationException)
            {
                await Console.Error.WriteLineAsync("error: " + ex.Message);
                return 1;
            }
        });
        return command;
    }

    /// <summary>Exceptions that mean the model (or its tokenizer/template) could not be loaded, shown as one line.</summary>
    public static bool IsLoadFailure(Exception ex) =>
        ex is ModelLoadException or TokenizerLoadException or ChatTemplateException or IOException or UnauthorizedAccessException;
}
