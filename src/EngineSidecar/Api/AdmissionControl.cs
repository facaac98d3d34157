using Sluice.Contracts.Metrics;
using Sluice.Engine.Engine;

namespace Sluice.Engine.Api;

/// <summary>
/// Decides, before any response byte is written, whether a request may enter the engine: 503 while draining,
/// 429 with Retry-After when the waiting queue is full or the request-rate token bucket is empty. The token
/// bucket follows <see cref="EngineConfig.MaxRequestRate"/> live (null = unlimited; <see cref="RequestRateGate"/>).
/// </summary>
public sealed class AdmissionControl : IDisposable
{
    private readonly EngineLoop _loop;
    private readonly EngineMetrics _metrics;
    private readonly int _maxWaiting;
    private readonly RequestRateGate _rate;
    private volatile bool _draining;

    public AdmissionControl(EngineLoop loop, EngineMetrics metrics, LiveConfig config, int maxWaiting)
    {
        _loop = loop;
        _metrics = metrics;
        _maxWaiting = maxWaiting;
        _rate = new RequestRateGate(config);
    }

    /// <summary>True after <see cref="BeginDrain"/>: new requests get 503 and /ready fails.</summary>
    public bool IsDraining => _draining;

    /// <summary>Stops admitting new requests.</summary>
    public void BeginDrain() => _draining = true;

    /// <summary>Throws 503 while draining.</summary>
    public void EnsureNotDraining()
    {
        if (_draining)
        {
            throw new ApiException(StatusCodes.Status503ServiceUnavailable, "the server is shutting down and admits no new requests", "service_unavailable", null, "draining", 5);
        }
    }

    /// <summary>Admits one request or throws 429 (queue full, rate limit) / 503 (draining).</summary>
    public void Admit()
    {
        EnsureNotDraining();
        if (_loop.NumQueued >= _maxWaiting)
        {
            _metrics.CountRequest(RequestOutcomes.RejectedRate);
            throw new ApiException(
                StatusCodes.Status429TooManyRequests, $"the waiting queue is full ({_maxWaiting} sequences); retry later", "rate_limit_error", null, "queue_full", 1);
        }

        _rate.Admit(() => _metrics.CountRequest(RequestOutcomes.RejectedRate));
    }

    public void Dispose() => _rate.Dispose();
}
