using System.Diagnostics;
using Sluice.Engine.Compute;
using Sluice.Engine.Compute.Cpu;

// Measures CPU decode throughput: B sequences prefilled with a 16-token prompt, then `steps` decode
// steps of B single-token chunks each. Prints tokens/s (B · steps / seconds) after one warm-up run.
var model = Arg("-model", "dummy://tiny");
var batch = int.Parse(Arg("-batch", "1"), System.Globalization.CultureInfo.InvariantCulture);
var steps = int.Parse(Arg("-steps", "200"), System.Globalization.CultureInfo.InvariantCulture);
var threads = int.Parse(Arg("-threads", Environment.ProcessorCount.ToString(System.Globalization.CultureInfo.InvariantCulture)), System.Globalization.CultureInfo.InvariantCulture);
const int BlockSize = 16;
const int PromptTokens = 16;

using var runner = CpuModelRunner.Load(model, new CpuRunnerOptions { MaxThreads = threads });
var blocksPerSequence = ((PromptTokens + steps) / BlockSize) + 1;
runner.AllocateKvCache(batch * blocksPerSequence, BlockSize);
var tables = Enumerable.Range(0, batch).Select(s => Enumerable.Range(s * blocksPerSequence, blocksPerSequence).ToArray()).ToArray();

double Run()
{
    var prompts = Enumerable.Range(0, batch)
        .Select(s => new ScheduledChunk(s, Enumerable.Range(0, PromptTokens).Select(i => (i * 31 + s) % runner.Info.VocabSize).ToArray(), 0, tables[s], true))
        .ToList();
    var logits = runner.Forward(prompts);
    var watch = Stopwatch.StartNew();
    for (var step = 0; step < steps; step++)
    {
        var vocab = runner.Info.VocabSize;
        var chunks = Enumerable.Range(0, batch).Select(s =>
        {
            var next = System.Numerics.Tensors.TensorPrimitives.IndexOfMax(logits.AsSpan(s * vocab, vocab));
            return new ScheduledChunk(s, [next], PromptTokens + step, tables[s], true);
        }).ToList();
        logits = runner.Forward(chunks);
    }

    return batch * steps / watch.Elapsed.TotalSeconds;
}

Run();
var tokensPerSecond = Run();
Console.WriteLine($"{model} batch={batch} threads={threads} steps={steps}: {tokensPerSecond:F0} tokens/s ({tokensPerSecond / batch:F0} per sequence), weights {runner.Info.WeightBytes / 1e6:F1} MB");

string Arg(string name, string fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}
