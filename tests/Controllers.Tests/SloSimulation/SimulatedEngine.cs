namespace Sluice.Controllers.Tests.SloSimulation;

/// <summary>
/// One sluice engine replica without a model, scheduling the way the engine's Scheduler does: each step spends a budget of
/// <see cref="MaxBatchedTokens"/> (<see cref="DefaultMaxBatchedTokens"/> unless the run sets another) first on the running
/// sequences, oldest first (one token for a decode, a chunk of the rest of a context that is not computed yet), then admits waiting requests in arrival order while fewer than the max batch size run,
/// each with a chunk of its prompt. A request whose prompt blocks are in the prefix cache computes only the last partial block.
/// Lowering the batch below the running count preempts the newest (its blocks stay cached; it is recomputed later). Requests
/// pass the admitted-rate lever on arrival or are refused (429 with Retry-After 1 s). What a step costs is
/// <see cref="H200StepCost"/>; <see cref="Simulation"/> runs the steps. Not thread-safe.
/// </summary>
internal sealed class SimulatedEngine(double kvCapacityTokens, int maxBatchedTokens = SimulatedEngine.DefaultMaxBatchedTokens)
{
    /// <summary>The engine's default step token budget.</summary>
    public const int DefaultMaxBatchedTokens = 2048;

    /// <summary>Tokens per KV block (the engine's default).</summary>
    public const int BlockSize = 16;

    /// <summary>The Retry-After a refused request gets (the engine's bucket refills within a second).</summary>
    public const int RetryAfterSeconds = 1;

    private readonly List<SimulatedRequest> _waiting = [];
    private readonly List<SimulatedRequest> _running = [];
    private readonly SimulatedRateBucket _bucket = new();
    private readonly SimulatedPrefixCache _cache = new();

    /// <summary>The metrics the engine exports.</summary>
    public SimulatedEngineMetrics Metrics { get; } = new();

    public double KvCapacityTokens { get; } = kvCapacityTokens;

    public int MaxBatchSize { get; private set; } = 32;

    /// <summary>Tokens one step computes at most (decodes first, then prompt chunks).</summary>
    public int MaxBatchedTokens { get; } = maxBatchedTokens;

    public double? MaxRequestRate => _bucket.RatePerSecond;

    public double? SloTtftSeconds { get; private set; }

    public double? SloTpotSeconds { get; private set; }

    public int Running => _running.Count;

    public int Waiting => _waiting.Count;

    public bool HasWork => _running.Count > 0 || _waiting.Count > 0;

    public double KvUsageRatio => _running.Sum(r => r.ComputedTokens) / KvCapacityTokens;

    /// <summary>Applies /admin/config at <paramref name="nowSeconds"/>; a changed rate starts a full bucket, as the engine's does.</summary>
    public void Configure(int maxBatchSize, double? maxRequestRate, double? sloTtftSeconds, double? sloTpotSeconds, bool setsSlo, double nowSeconds)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatchSize, 1);
        MaxBatchSize = maxBatchSize;
        if (maxRequestRate != _bucket.RatePerSecond)
        {
            _bucket.Set(maxRequestRate, nowSeconds);
        }

        if (setsSlo)
        {
            (SloTtftSeconds, SloTpotSeconds) = (sloTtftSeconds, sloTpotSeconds);
        }
    }

    /// <summary>Admits <paramref name="request"/> into the waiting queue, or refuses it (counted as rejected_rate) and returns false.</summary>
    public bool Offer(SimulatedRequest request, double nowSeconds)
    {
        if (!_bucket.TryTake(nowSeconds))
        {
            Metrics.Refused();
            return false;
        }

        _waiting.Add(request);
        return true;
    }

    /// <summary>Decides the next step's chunks, admitting waiting requests; the caller runs it for its cost and then <see cref="Apply"/>s it.</summary>
    public SimulatedStep Plan()
    {
        while (_running.Count > MaxBatchSize)
        {
            Preempt(_running[^1]);
        }

        var budget = MaxBatchedTokens;
        var chunks = new List<(SimulatedRequest Request, int Tokens)>();
        var (decodes, prefill) = (0, 0);
        foreach (var request in _running)
        {
            if (budget <= 0)
            {
                break;
            }

            var tokens = Math.Min(request.ContextTokens - request.ComputedTokens, budget);
            chunks.Add((request, tokens));
            var decode = request.GeneratedTokens > 0 && request.ContextTokens - request.ComputedTokens == 1;
            decodes += decode ? 1 : 0;
            prefill += decode ? 0 : tokens;
            budget -= tokens;
        }

        while (_waiting.Count > 0 && _running.Count < MaxBatchSize && budget > 0)
        {
            var request = _waiting[0];
            _waiting.RemoveAt(0);
            if (_cache.Take(request.PromptKey))
            {
                request.ComputedTokens = (request.ContextTokens - 1) / BlockSize * BlockSize;
            }

            _running.Add(request);
            _cache.Trim(FreeTokens());
            var tokens = Math.Min(request.ContextTokens - request.ComputedTokens, budget);
            chunks.Add((request, tokens));
            prefill += tokens;
            budget -= tokens;
        }

        return new SimulatedStep(chunks, decodes, prefill);
    }

    /// <summary>Ends <paramref name="step"/> at <paramref name="nowSeconds"/>: computes its chunks, samples tokens, finishes requests.</summary>
    public void Apply(SimulatedStep step, double nowSeconds)
    {
        foreach (var (request, tokens) in step.Chunks)
        {
            if (!_running.Contains(request))
            {
                continue;
            }

            request.ComputedTokens += tokens;
            if (request.ComputedTokens < request.ContextTokens)
            {
                continue;
            }

            request.GeneratedTokens++;
            Metrics.GeneratedTokens++;
            if (request.FirstTokenSeconds is null)
            {
                request.FirstTokenSeconds = nowSeconds;
                Metrics.FirstToken(request);
            }

            if (request.GeneratedTokens >= request.OutputTokens)
            {
                request.FinishedSeconds = nowSeconds;
                _running.Remove(request);
                _cache.Add(request.PromptKey, request.ContextTokens, FreeTokens());
                Metrics.Observe(request, SloTtftSeconds, SloTpotSeconds);
                request.Finished(request);
            }
        }
    }

    private void Preempt(SimulatedRequest request)
    {
        _running.Remove(request);
        _cache.Add(request.PromptKey, request.ComputedTokens, FreeTokens());
        request.ComputedTokens = 0;
        _waiting.Insert(0, request);
    }

    private double FreeTokens() => KvCapacityTokens - _running.Sum(r => r.ContextTokens);
}
