namespace Sluice.Controllers.Runtimes;

/// <summary>
/// Where one runtime's Prometheus exposition carries the signals of <see cref="Metrics.EngineMetricsSnapshot"/>. Each list
/// names candidates in order of preference (newer names first); the first family present wins, and samples of one family
/// with different labels (model, engine, rank) are summed. An empty list means the runtime exports no such signal and the
/// admission proxy's own measurement is used instead (see <see cref="RuntimeSnapshotReader"/>).
/// </summary>
/// <param name="Prefix">Every metric of the runtime starts with it; a page without any is not this runtime's.</param>
/// <param name="MetricsPath">Path of the exposition on the runtime's port; the proxy fetches it and appends it to its own /metrics.</param>
/// <param name="TtftHistograms">Histograms of time to first token, in seconds.</param>
/// <param name="TpotHistograms">Histograms of time per output token (per request, or per step where no per-request one exists), in seconds.</param>
/// <param name="RunningGauges">Requests running in the batch.</param>
/// <param name="WaitingGauges">Requests queued inside the runtime.</param>
/// <param name="KvUsageGauges">KV cache usage.</param>
/// <param name="KvUsageScale">Multiplier that turns the KV gauge into a 0..1 ratio.</param>
/// <param name="GenerationTokenCounters">Cumulative output tokens (a counter, or a histogram's <c>_sum</c>).</param>
public sealed record RuntimeMetricNames(
    string Prefix,
    string MetricsPath,
    IReadOnlyList<string> TtftHistograms,
    IReadOnlyList<string> TpotHistograms,
    IReadOnlyList<string> RunningGauges,
    IReadOnlyList<string> WaitingGauges,
    IReadOnlyList<string> KvUsageGauges,
    double KvUsageScale,
    IReadOnlyList<string> GenerationTokenCounters);
