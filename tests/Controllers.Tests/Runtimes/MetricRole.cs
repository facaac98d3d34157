namespace Sluice.Controllers.Tests.Runtimes;

/// <summary>What one metric family of a runtime's exposition measures, in terms of <see cref="QueueingModel"/>.</summary>
internal enum MetricRole
{
    /// <summary>Histogram, one observation per finished request: time to first token.</summary>
    Ttft,

    /// <summary>Histogram, one observation per finished request: (e2e − TTFT) / (output tokens − 1).</summary>
    Tpot,

    /// <summary>Histogram, one observation per generated token after the first: the gap between two tokens.</summary>
    TokenGap,

    /// <summary>Histogram, one observation per finished request: inference time (prefill and decode, no queue) / output tokens.</summary>
    MeanTimePerToken,

    /// <summary>Histogram, one observation per finished request: end-to-end latency.</summary>
    E2e,

    /// <summary>Histogram, one observation per finished request: time queued before the prefill.</summary>
    QueueTime,

    /// <summary>Histogram, one observation per finished request: its output tokens.</summary>
    OutputTokens,

    /// <summary>Counter of finished requests.</summary>
    Finished,

    /// <summary>Counter of requests the runtime received (the admitted ones, finished or not).</summary>
    Received,

    /// <summary>Counter of prompt tokens prefilled.</summary>
    PromptTokens,

    /// <summary>Counter of generated tokens.</summary>
    GenerationTokens,

    /// <summary>Gauge: requests in the running batch.</summary>
    Running,

    /// <summary>Gauge: requests queued inside the runtime.</summary>
    Waiting,

    /// <summary>Gauge: KV cache usage, 0..1.</summary>
    KvUsage,

    /// <summary>Gauge: generated tokens per second.</summary>
    Throughput,

    /// <summary>Gauge: tokens (prompt and output) the running batch may hold.</summary>
    BatchTokens,
}
