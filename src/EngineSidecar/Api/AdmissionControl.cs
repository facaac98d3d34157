using System.Threading.RateLimiting;
using Sluice.Contracts.Metrics;
using Sluice.Engine.Engine;

namespace Sluice.Engine.Api;

/// <summary>
/// Decides, before any response byte is written, whether a request may enter the engine: 503 while draining,
/// 429 with Retry-After when the waiting queue is full or the request-rate token bucket is empty. The token
/// bucket follows <see cref="EngineConfig.MaxRequestRate"/> live (null = unlimited).
/// </summary>
public sealed class AdmissionControl : IDisposable
{
    private readonly EngineLoop _loop;
    private readonly EngineMetrics _metrics;
    private readonly LiveConfig _config;
    private readonly int _maxWaiting;
    private RateLimiter? _limiter;
    private volatile bool _draining;

    public AdmissionControl(EngineLoop loop, EngineMetrics metrics, LiveConfig config, int maxWaiting)
    {
        _loop = loop;
        _metrics = metrics;
        _config = config;
        _maxWaiting = maxWaiting;
        _limiter = CreateLimiter(config.Current.MaxRequestRate);
        config.Changed += OnConfigChanged;
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

        using var lease = AcquireRatePermit();
        if (lease is null)
        {
            return;
        }

        if (!lease.IsAcquired)
        {
            var retryAfterSeconds = lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
                ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
                : 1;
            _metrics.CountRequest(RequestOutcomes.RejectedRate);
            throw new ApiException(
                StatusCodes.Status429TooManyRequests,
                $"the request rate limit of {_config.Current.MaxRequestRate} requests/s is exceeded; retry after {retryAfterSeconds} s",
                "rate_limit_error",
                null,
                "rate_limit_exceeded",
                retryAfterSeconds);
        }
    }

    /// <summary>A lease from the current token bucket, or null when the rate is unlimited.</summary>
    private RateLimitLease? AcquireRatePermit()
    {
        // A live config change may dispose the bucket between the read and the acquire; the next read sees its successor.
        for (var attempt = 0; ; attempt++)
        {
            var limiter = Volatile.Read(ref _limiter);
            try
            {
                return limiter?.AttemptAcquire(1);
            }
            catch (ObjectDisposedException) when (attempt < 3)
            {
            }
        }
    }

    public void Dispose()
    {
        _config.Changed -= OnConfigChanged;
        Interlocked.Exchange(ref _limiter, null)?.Dispose();
    }

    private void OnConfigChanged(EngineConfig config)
    {
        Interlocked.Exchange(ref _limiter, CreateLimiter(config.MaxRequestRate))?.Dispose();
    }

    /// <summary>A token bucket refilled every ~100 ms (never faster than one token per period) holding one second of requests.</summary>
    private static TokenBucketRateLimiter? CreateLimiter(double? requestsPerSecond)
    {
        if (requestsPerSecond is not { } rate)
        {
            return null;
        }

        var tokensPerPeriod = Math.Max(1, (int)Math.Round(rate * 0.1));
        return new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = Math.Max(1, (int)Math.Ceiling(rate)),
            TokensPerPeriod = tokensPerPeriod,
            ReplenishmentPeriod = TimeSpan.FromSeconds(tokensPerPeriod / rate),
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }
}
