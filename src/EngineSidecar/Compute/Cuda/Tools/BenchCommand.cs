using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Sluice.Engine.Compute.Cuda.Bench;

namespace Sluice.Engine.Compute.Cuda.Tools;

/// <summary>
/// Hidden command <c>bench-cuda</c>: ceilings (copy bandwidth, bf16 GEMM), decode attention launch configurations, optionally
/// the quantized linear layers (<see cref="QuantKernels"/>), start-to-ready time, batch-1 decode TPOT
/// against the bandwidth roofline, and offline throughput of a model on the CUDA runner. Writes one JSON object.
/// </summary>
public static class BenchCommand
{
    private const int BlockSize = 16;

    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "model directory or dummy://<preset>", DefaultValueFactory = _ => "dummy://llama-3-8b" };
        var json = new Option<string?>("--json") { Description = "file to write the results to" };
        var batches = new Option<string>("--batches") { Description = "fixed batch sizes for 128/128 offline runs", DefaultValueFactory = _ => "1,10,50,100" };
        var batchRequests = new Option<int>("--batch-requests") { Description = "requests per fixed-batch run, as a multiple of the batch", DefaultValueFactory = _ => 2 };
        var offline = new Option<string>("--offline") { Description = "input x output x requests, comma separated", DefaultValueFactory = _ => "128x128x1024,2048x128x1024,128x2048x1024" };
        var maxBatch = new Option<int>("--max-batch") { Description = "most sequences per offline wave", DefaultValueFactory = _ => 256 };
        var maxTokens = new Option<int>("--max-batched-tokens") { Description = "most prompt tokens per prefill step", DefaultValueFactory = _ => 8192 };
        var noGraphs = new Option<bool>("--no-graphs") { Description = "run decode steps without CUDA graphs" };
        var quantization = new Option<string>("--quantization") { Description = "decoder weight quantization (as for serve)", DefaultValueFactory = _ => "auto" };
        var quantKernels = new Option<bool>("--quant-kernels") { Description = "also time the quantized linear layers against bf16 at decode batch sizes" };
        var command = new Command("bench-cuda", "measure the CUDA backend") { model, json, batches, batchRequests, offline, maxBatch, maxTokens, noGraphs, quantization, quantKernels };
        command.Hidden = true;
        command.SetAction(parse => Run(parse.GetValue(model)!, parse.GetValue(json), parse.GetValue(batches)!, parse.GetValue(batchRequests),
            parse.GetValue(offline)!, parse.GetValue(maxBatch), parse.GetValue(maxTokens), !parse.GetValue(noGraphs),
            Model.Quantization.QuantizationModes.Parse(parse.GetValue(quantization)!), parse.GetValue(quantKernels)));
        return command;
    }

    private static int Run(string model, string? json, string batches, int batchRequests, string offline, int maxBatch, int maxBatchedTokens, bool useGraphs,
        Model.Quantization.QuantizationMode quantization, bool quantKernels)
    {
        var report = new BenchReport();
        report.Add("model", model);
        report.Add("dtype", "bf16");
        Ceilings ceilings;
        using (var bare = new CudaBackend())
        {
            report.Add("gpu", bare.Device.Name);
            report.Add("driver_version", bare.Device.DriverVersion.ToString(CultureInfo.InvariantCulture));
            ceilings = Ceilings.Measure(bare);
            AttentionVariants.Add(report, bare);
            if (quantKernels)
            {
                QuantKernels.Add(report, bare, ceilings.CopyBytesPerSecond);
            }
        }

        report.Add("copy_bandwidth_bytes_per_second", ceilings.CopyBytesPerSecond);
        report.Add("gemm_bf16_flops_per_second", ceilings.GemmFlopsPerSecond);
        Print(report);

        var started = Stopwatch.GetTimestamp();
        using var runner = CudaModelRunner.Load(model, new CudaRunnerOptions { UseCudaGraphs = useGraphs, Quantization = quantization }, out var backend);
        report.Add("quantization", runner.Info.Quantization);
        var numBlocks = CudaModelRunner.KvBlocksFromFreeMemory(backend, runner, BlockSize, 0.9);
        runner.AllocateKvCache(numBlocks, BlockSize);
        var bench = new ModelBench(runner, numBlocks, BlockSize, sampleOnGpu: true);
        bench.DecodeStepSeconds(8, 4, seed: 0);
        report.Add("start_to_ready_seconds", Stopwatch.GetElapsedTime(started).TotalSeconds);
        report.Add("kernels_from_cache", backend.KernelsFromCache ? "yes" : "no");
        report.Add("cuda_graphs", useGraphs ? "yes" : "no");
        report.Add("weight_bytes", runner.Info.WeightBytes);
        report.Add("kv_blocks", numBlocks);
        report.Add("kv_bytes_per_token", runner.KvBytesPerBlock(BlockSize) / (double)BlockSize);

        var hostSteps = new ModelBench(runner, numBlocks, BlockSize, sampleOnGpu: false).DecodeStepSeconds(128, 128, seed: 2).Order().ToArray();
        report.Add("decode_b1_tpot_host_logits_median_seconds", hostSteps[hostSteps.Length / 2]);
        var steps = bench.DecodeStepSeconds(128, 128, seed: 1).Order().ToArray();
        var tpot = steps[steps.Length / 2];
        var kvBytesPerToken = runner.KvBytesPerBlock(BlockSize) / (double)BlockSize;
        var roofline = (runner.Info.WeightBytes + (192 * kvBytesPerToken)) / ceilings.CopyBytesPerSecond;
        report.Add("decode_b1_tpot_median_seconds", tpot);
        report.Add("decode_b1_tpot_mean_seconds", steps.Average());
        report.Add("decode_b1_roofline_seconds", roofline);
        report.Add("decode_b1_roofline_fraction", roofline / tpot);
        Print(report);

        var vocab = runner.Info.VocabSize;
        var rng = new Random(11);
        int[] Tokens(int n) => Enumerable.Range(0, n).Select(_ => rng.Next(vocab)).ToArray();
        int[] Table(int sequence, int blocks) => Enumerable.Range(sequence * blocks, blocks).ToArray();
        StepProfile.Add(report, runner, backend, "prefill_4x2048",
            Enumerable.Range(0, 4).Select(s => new ScheduledChunk(s, Tokens(2048), 0, Table(s, 129), true)).ToList());
        StepProfile.Add(report, runner, backend, "decode_b1_ctx2048",
            [new ScheduledChunk(0, Tokens(1), 2048, Table(0, 129), true)]);
        StepProfile.Add(report, runner, backend, "decode_b100_ctx192",
            Enumerable.Range(0, 100).Select(s => new ScheduledChunk(s, Tokens(1), 191, Table(s, 13), true)).ToList());
        Print(report);

        foreach (var b in batches.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(s => int.Parse(s, CultureInfo.InvariantCulture)))
        {
            var (seconds, used) = bench.Offline(b * batchRequests, 128, 128, b, maxBatchedTokens, seed: b);
            var tokens = (double)b * batchRequests * 128;
            report.Add($"batch{used}_128x128_output_tokens_per_second", tokens / seconds);
            var perStep = seconds / (batchRequests * 128);
            var bytesPerStep = runner.Info.WeightBytes + (used * 192 * kvBytesPerToken);
            report.Add($"batch{used}_128x128_roofline_fraction", bytesPerStep / ceilings.CopyBytesPerSecond / perStep);
            Print(report);
        }

        foreach (var spec in offline.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = spec.Split('x').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
            var (seconds, used) = bench.Offline(parts[2], parts[0], parts[1], maxBatch, maxBatchedTokens, seed: 7);
            var key = $"offline_{parts[0]}x{parts[1]}_n{parts[2]}";
            report.Add($"{key}_seconds", seconds);
            report.Add($"{key}_batch", used);
            report.Add($"{key}_output_tokens_per_second", (double)parts[2] * parts[1] / seconds);
            report.Add($"{key}_total_tokens_per_second", (double)parts[2] * (parts[0] + parts[1]) / seconds);
            Print(report);
        }

        Console.WriteLine(report.Write(json));
        return 0;
    }

    private static void Print(BenchReport report) => Console.Error.WriteLine(report.Write(null).ReplaceLineEndings(" "));
}
