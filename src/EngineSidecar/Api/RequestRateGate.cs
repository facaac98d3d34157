using System.Threading.RateLimiting;
using Sluice.Engine.Engine;

namespace Sluice.Engine.Api;

/// <summary>
/// The admitted-rate lever: a token bucket that follows <see cref="EngineConfig.MaxRequestRate"/> of a <see cref="LiveConfig"/>
/// live (null = unlimited). Shared by the engine's admission and the admission proxy in front of other runtimes.
/// </summary>
public sealed class RequestRateGate : IDisposable
{
    private readonly LiveConfig _config;
    private RateLimiter? _limiter;

    public RequestRateGate(LiveConfig config)
    {
        _config = config;
        _limiter = CreateLimiter(config.Current.MaxRequestRate);
        config.Changed += OnConfigChanged;
    }

    /// <summary>Takes one token, or throws 429 with Retry-After (the seconds until the bucket refills, at least 1) after <paramref name="onRefused"/>.</summary>
    public void Admit(Action onRefused)
    {
        ArgumentNullException.ThrowIfNull(onRefused);
        using var lease = AcquireRatePermit();
        if (lease is null || lease.IsAcquired)
        {
            return;
        }

        var retryAfterSeconds = lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
            ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
            : 1;
        onRefused();
        throw new ApiException(
            StatusCodes.Status429TooManyRequests,
            $"the request rate limit of {_config.Current.MaxRequestRate} requests/s is exceeded; retry after {retryAfterSeconds} s",
            "rate_limit_error",
            null,
            "rate_limit_exceeded",
            retryAfterSeconds);
    }

    public void Dispose()
    {
        _config.Changed -= OnConfigChanged;
        Interlocked.Exchange(ref _limiter, null)?.Dispose();
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
