using System.CommandLine;
using System.Numerics.Tensors;
using System.Text.Json;
using Sluice.Engine.Compute;
using Sluice.Engine.Compute.Cuda;
using Sluice.Engine.Model.Quantization;

namespace Sluice.Engine.Cli;

/// <summary>
/// Hidden command <c>score</c>: teacher-forced scoring of token sequences, for quality benchmarks of a quantization
/// against bf16. The sequences (JSON <c>{"sequences": [[ids…], …]}</c>, all of one length L) run as one batch: their
/// first --prefill tokens as prefill chunks, then one decode step per position. For every position p in
/// [prefill − 1, L − 2] it records the argmax of the logits and log softmax(logits)[sequence[p + 1]]. Writes
/// <c>{"quantization", "kv_cache_dtype", "argmax": [[…]], "target_logprob": [[…]]}</c>.
/// </summary>
public static class ScoreCommand
{
    private const int BlockSize = 16;

    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "model directory or dummy://<preset>", Required = true };
        var tokens = new Option<string>("--tokens") { Description = "JSON file with the sequences", Required = true };
        var output = new Option<string>("--output") { Description = "JSON file to write", Required = true };
        var quantization = new Option<string>("--quantization") { Description = "decoder weight quantization (as for serve)", DefaultValueFactory = _ => "auto" };
        var device = new Option<string>("--device") { Description = "compute backend: auto, cpu or cuda", DefaultValueFactory = _ => "auto" };
        var tensorParallel = new Option<int>("--tensor-parallel-size") { Description = "ranks the model is sharded over (as for serve)", DefaultValueFactory = _ => 1 };
        var prefill = new Option<int>("--prefill") { Description = "tokens of each sequence prefilled before decoding", DefaultValueFactory = _ => 32 };
        var command = new Command("score", "teacher-forced argmax and log-probabilities of token sequences") { model, tokens, output, quantization, device, tensorParallel, prefill };
        command.Hidden = true;
        command.SetAction(parse =>
        {
            try
            {
                Run(parse.GetValue(model)!, parse.GetValue(tokens)!, parse.GetValue(output)!, QuantizationModes.Parse(parse.GetValue(quantization)!),
                    parse.GetValue(device)!, parse.GetValue(tensorParallel), parse.GetValue(prefill));
                return 0;
            }
            catch (Exception e) when (e is ArgumentException or NotSupportedException or InvalidOperationException || GenerateCommand.IsLoadFailure(e))
            {
                Console.Error.WriteLine("error: " + e.Message);
                return 1;
            }
        });
        return command;
    }

    private static void Run(string model, string tokensPath, string outputPath, QuantizationMode quantization, string device, int tensorParallelSize, int prefill)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(tokensPath));
        var sequences = doc.RootElement.GetProperty("sequences").EnumerateArray().Select(s => s.EnumerateArray().Select(e => e.GetInt32()).ToArray()).ToArray();
        var length = sequences[0].Length;
        if (sequences.Any(s => s.Length != length) || prefill < 1 || prefill >= length)
        {
            throw new ArgumentException($"sequences must share one length above --prefill {prefill}");
        }

        using var runner = RunnerFactory.Load(model, device, quantization, tensorParallelSize: tensorParallelSize);
        var blocksPerSequence = (length + BlockSize - 1) / BlockSize;
        runner.AllocateKvCache(blocksPerSequence * sequences.Length, BlockSize);
        int[] Table(int s) => Enumerable.Range(s * blocksPerSequence, blocksPerSequence).ToArray();
        var vocab = runner.Info.VocabSize;
        var argmax = sequences.Select(_ => new List<int>()).ToArray();
        var logprob = sequences.Select(_ => new List<double>()).ToArray();
        void Record(float[] logits, int position)
        {
            for (var s = 0; s < sequences.Length; s++)
            {
                var row = logits.AsSpan(s * vocab, vocab);
                argmax[s].Add(TensorPrimitives.IndexOfMax(row));
                var max = TensorPrimitives.Max(row);
                var sum = 0.0;
                foreach (var v in row)
                {
                    sum += Math.Exp(v - max);
                }

                logprob[s].Add(row[sequences[s][position + 1]] - max - Math.Log(sum));
            }
        }

        Record(runner.Forward(sequences.Select((seq, s) => new ScheduledChunk(s, seq[..prefill], 0, Table(s), true)).ToList()), prefill - 1);
        for (var p = prefill; p < length - 1; p++)
        {
            Record(runner.Forward(sequences.Select((seq, s) => new ScheduledChunk(s, [seq[p]], p, Table(s), true)).ToList()), p);
        }

        using var stream = File.Create(outputPath);
        using var json = new Utf8JsonWriter(stream);
        json.WriteStartObject();
        json.WriteString("quantization", runner.Info.Quantization);
        json.WriteString("kv_cache_dtype", runner.Info.KvCacheDtype);
        json.WriteStartArray("argmax");
        foreach (var row in argmax)
        {
            json.WriteStartArray();
            row.ForEach(json.WriteNumberValue);
            json.WriteEndArray();
        }

        json.WriteEndArray();
        json.WriteStartArray("target_logprob");
        foreach (var row in logprob)
        {
            json.WriteStartArray();
            row.ForEach(json.WriteNumberValue);
            json.WriteEndArray();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }
}
