using Sluice.Bench.Results;

namespace Sluice.Controllers.Tests.SloSimulation;

/// <summary>
/// The load generator's side of a simulation: sends request i of a workload to engine i mod n of its engines (a Service-like
/// round robin) and records what the client would measure — a <see cref="RequestRecord"/> per request, its times counted from
/// <paramref name="originSeconds"/>. Prompts are about the workload's input length (random words: ±10 %) and distinct per seed
/// and index, so only a request repeating an earlier (seed, index) can hit the prefix cache.
/// </summary>
internal sealed class SimulatedClient(Simulation simulation, IReadOnlyList<int> engines, int inputTokens, int outputTokens, int seed, double originSeconds)
{
    private readonly List<RequestRecord> _records = [];

    /// <summary>Every ended request (finished or refused), in the order they ended.</summary>
    public IReadOnlyList<RequestRecord> Records => _records;

    /// <summary>Requests sent that have not ended.</summary>
    public int InFlight { get; private set; }

    /// <summary>Sends request <paramref name="index"/> now; <paramref name="ended"/> runs with its record when it finished or was refused.</summary>
    public void Send(int index, Action<RequestRecord>? ended = null)
    {
        var promptTokens = (int)Math.Round(inputTokens * (0.9 + (0.2 * new Random(unchecked((seed * 1_000_003) + index)).NextDouble())));
        var sentSeconds = simulation.NowSeconds;
        InFlight++;
        var request = new SimulatedRequest(((long)seed << 32) | (uint)index, promptTokens, outputTokens, sentSeconds, r =>
        {
            InFlight--;
            var record = new RequestRecord
            {
                Index = index,
                StartSeconds = sentSeconds - originSeconds,
                Ok = true,
                StatusCode = 200,
                TtftSeconds = r.TtftSeconds,
                E2eSeconds = r.FinishedSeconds!.Value - sentSeconds,
                InputTokens = promptTokens,
                OutputTokens = r.OutputTokens,
                TpotSeconds = r.TpotSeconds,
            };
            _records.Add(record);
            ended?.Invoke(record);
        });
        if (!simulation.Offer(engines[index % engines.Count], request))
        {
            InFlight--;
            var refused = new RequestRecord
            {
                Index = index,
                StartSeconds = sentSeconds - originSeconds,
                Ok = false,
                StatusCode = 429,
                ErrorKind = "429",
                E2eSeconds = 0,
                InputTokens = promptTokens,
                RetryAfterSeconds = SimulatedEngine.RetryAfterSeconds,
            };
            _records.Add(refused);
            ended?.Invoke(refused);
        }
    }
}
