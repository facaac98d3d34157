using Sluice.Bench.Client;
using Sluice.Bench.Datasets;
using Sluice.Bench.Results;
using Sluice.Bench.Spec;
using Sluice.Bench.Timing;

namespace Sluice.Bench.Running;

/// <summary>
/// Runs a <see cref="BenchmarkSpec"/> against an OpenAI-compatible server and returns every request's
/// measurements with their summary. Closed loop: <see cref="BenchmarkSpec.Users"/> users, ramped up,
/// each sending its next request when the last one finished — after a 429 or 503, once the Retry-After the
/// server sent has passed (<see cref="DefaultRetryAfterSeconds"/> without one). Open loop: requests sent on an
/// <see cref="ArrivalSchedule"/> whatever the server's speed. Both stop sending at the request count or
/// the duration, whichever comes first, and wait for the requests in flight.
/// </summary>
/// <example>
/// <code>
/// var result = await new LoadRunner().RunAsync(BenchmarkSpec.Smoke(new Uri("http://127.0.0.1:8000"), "tiny"), ct);
/// // result.Summary.FailedRequests == 0; result.Summary.Ttft.P95 is the measured p95 TTFT in seconds.
/// </code>
/// </example>
public sealed class LoadRunner
{
    /// <summary>Seconds a closed-loop user refused with 429 or 503 waits when the answer carries no Retry-After.</summary>
    public const double DefaultRetryAfterSeconds = 1;

    private readonly IBenchClock _clock;
    private readonly HttpMessageHandler? _handler;

    /// <summary>
    /// Creates a runner. <paramref name="clock"/> defaults to the wall clock; <paramref name="handler"/>
    /// (not disposed by the runner) defaults to a fresh connection pool per run.
    /// </summary>
    public LoadRunner(IBenchClock? clock = null, HttpMessageHandler? handler = null)
    {
        _clock = clock ?? SystemBenchClock.Instance;
        _handler = handler;
    }

    /// <summary>Receives a <see cref="RunProgress"/> when a run starts and after each finished request, from any thread.</summary>
    public IProgress<RunProgress>? Progress { get; init; }

    /// <summary>Called with each measured request as soon as it finished (ok or failed), from any thread; for live views of a run.</summary>
    public Action<RequestRecord>? RequestFinished { get; init; }

    /// <summary>
    /// Runs <paramref name="spec"/> after its unrecorded warm-up requests. Throws
    /// <see cref="ArgumentException"/> for an invalid spec and <see cref="FileNotFoundException"/> or
    /// <see cref="InvalidDataException"/> for an unusable prompt file, before any request is sent;
    /// throws <see cref="OperationCanceledException"/> when cancelled. Request failures never throw:
    /// they are counted in the result.
    /// </summary>
    public async Task<RunResult> RunAsync(BenchmarkSpec spec, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        spec.ThrowIfInvalid();
        var prompts = PromptSources.Create(spec.Dataset, spec.Seed);
        using var http = CreateHttpClient();
        var client = new StreamingClient(http, _clock);
        for (var i = 0; i < spec.WarmupRequests; i++)
        {
            // Indexes from the top of the range: prompts no measured request uses.
            await client.SendAsync(spec, prompts, int.MaxValue - i, _clock.NowSeconds, cancellationToken);
        }

        var startedAtUtc = DateTimeOffset.UtcNow;
        var runStartSeconds = _clock.NowSeconds;
        var tracker = new ProgressTracker(_clock, runStartSeconds, spec.NumRequests, spec.DurationSeconds, Progress, RequestFinished);
        tracker.Started();
        if (spec.Mode == LoadMode.ClosedLoop)
        {
            await RunClosedLoopAsync(spec, prompts, client, runStartSeconds, tracker, cancellationToken);
        }
        else
        {
            await RunOpenLoopAsync(spec, prompts, client, runStartSeconds, tracker, cancellationToken);
        }

        var records = tracker.Records();
        return new RunResult
        {
            Spec = spec,
            StartedAtUtc = startedAtUtc,
            Summary = SummaryCalculator.Summarize(records, spec.Slo),
            Requests = records,
        };
    }

    private async Task RunClosedLoopAsync(
        BenchmarkSpec spec, IPromptSource prompts, StreamingClient client, double runStartSeconds, ProgressTracker tracker, CancellationToken cancellationToken)
    {
        var lastIndex = -1;
        var deadlineSeconds = runStartSeconds + spec.DurationSeconds;

        async Task UserAsync(int user)
        {
            await _clock.DelayUntilAsync(runStartSeconds + (user * spec.RampUpSeconds / spec.Users), cancellationToken);
            while (deadlineSeconds is not { } deadline || _clock.NowSeconds < deadline)
            {
                var index = Interlocked.Increment(ref lastIndex);
                if (index >= spec.NumRequests)
                {
                    return;
                }

                tracker.Sent();
                var record = await client.SendAsync(spec, prompts, index, runStartSeconds, cancellationToken);
                tracker.Finished(record);
                if (record.StatusCode is 429 or 503)
                {
                    // A refused user waits as the server asked (a second when it did not say) instead of asking again at once.
                    var resumeSeconds = _clock.NowSeconds + (record.RetryAfterSeconds ?? DefaultRetryAfterSeconds);
                    await _clock.DelayUntilAsync(deadlineSeconds is { } d ? Math.Min(d, resumeSeconds) : resumeSeconds, cancellationToken);
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, spec.Users).Select(user => Task.Run(() => UserAsync(user), cancellationToken)));
    }

    private async Task RunOpenLoopAsync(
        BenchmarkSpec spec, IPromptSource prompts, StreamingClient client, double runStartSeconds, ProgressTracker tracker, CancellationToken cancellationToken)
    {
        var schedule = new ArrivalSchedule(spec.Arrival, spec.RequestRatePerSecond, spec.Seed);
        var inFlight = new List<Task>();

        async Task SendAsync(int index) =>
            tracker.Finished(await client.SendAsync(spec, prompts, index, runStartSeconds, cancellationToken));

        for (var index = 0; index < (spec.NumRequests ?? int.MaxValue); index++)
        {
            var offsetSeconds = schedule.NextOffsetSeconds();
            if (offsetSeconds >= spec.DurationSeconds)
            {
                break;
            }

            await _clock.DelayUntilAsync(runStartSeconds + offsetSeconds, cancellationToken);
            tracker.Sent();
            inFlight.Add(SendAsync(index));
        }

        await Task.WhenAll(inFlight);
    }

    private HttpClient CreateHttpClient()
    {
        var handler = _handler ?? new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(10),
            ConnectTimeout = TimeSpan.FromSeconds(30),
            MaxConnectionsPerServer = int.MaxValue,
        };
        return new HttpClient(handler, disposeHandler: _handler is null) { Timeout = Timeout.InfiniteTimeSpan };
    }
}
