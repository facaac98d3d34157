using System.Diagnostics;
using Sluice.Engine.Compute;
using Sluice.Engine.Compute.Cpu;

// Measures CPU throughput: B sequences prefilled together with a P-token prompt each (prefill tokens/s =
// B · P / seconds), then `steps` decode steps of B single-token chunks (decode tokens/s = B · steps / seconds).
// Reports the second of two runs (the first warms up).
var model = Arg("-model", "dummy://tiny");
var batch = int.Parse(Arg("-batch", "1"), System.Globalization.CultureInfo.InvariantCulture);
var steps = int.Parse(Arg("-steps", "200"), System.Globalization.CultureInfo.InvariantCulture);
var threads = int.Parse(Arg("-threads", Environment.ProcessorCount.ToString(System.Globalization.CultureInfo.InvariantCulture)), System.Globalization.CultureInfo.InvariantCulture);
const int BlockSize = 16;
var promptTokens = int.Parse(Arg("-prompt", "16"), System.Globalization.CultureInfo.InvariantCulture);

using var runner = CpuModelRunner.Load(model, new CpuRunnerOptions { MaxThreads = threads });
var blocksPerSequence = ((promptTokens + steps) / BlockSize) + 1;
runner.AllocateKvCache(batch * blocksPerSequence, BlockSize);
var tables = Enumerable.Range(0, batch).Select(s => Enumerable.Range(s * blocksPerSequence, blocksPerSequence).ToArray()).ToArray();

(double Prefill, double Decode) Run()
{
    var prompts = Enumerable.Range(0, batch)
        .Select(s => new ScheduledChunk(s, Enumerable.Range(0, promptTokens).Select(i => (i * 31 + s) % runner.Info.VocabSize).ToArray(), 0, tables[s], true))
        .ToList();
    var watch = Stopwatch.StartNew();
    var logits = runner.Forward(prompts);
    var prefill = batch * promptTokens / watch.Elapsed.TotalSeconds;
    watch.Restart();
    for (var step = 0; step < steps; step++)
    {
        var vocab = runner.Info.VocabSize;
        var chunks = Enumerable.Range(0, batch).Select(s =>
        {
            var next = System.Numerics.Tensors.TensorPrimitives.IndexOfMax(logits.AsSpan(s * vocab, vocab));
            return new ScheduledChunk(s, [next], promptTokens + step, tables[s], true);
        }).ToList();
        logits = runner.Forward(chunks);
    }

    return (prefill, batch * steps / watch.Elapsed.TotalSeconds);
}

Run();
var (prefillTokensPerSecond, decodeTokensPerSecond) = Run();
Console.WriteLine($"{model} batch={batch} threads={threads} prompt={promptTokens} steps={steps}: decode {decodeTokensPerSecond:F0} tokens/s "
    + $"({decodeTokensPerSecond / batch:F0} per sequence), prefill {prefillTokensPerSecond:F0} tokens/s, weights {runner.Info.WeightBytes / 1e6:F1} MB");

string Arg(string name, string fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}
