namespace Sluice.Engine.Proxy;

/// <summary>Settings of <c>sluice-engine proxy</c>, the admission proxy in front of another runtime's OpenAI server.</summary>
public sealed record ProxyOptions
{
    /// <summary>Base URL of the runtime, e.g. <c>http://127.0.0.1:8001</c>.</summary>
    public Uri Upstream { get; init; } = new("http://127.0.0.1:8001");

    /// <summary>Path of the runtime's Prometheus exposition, appended to the proxy's own /metrics.</summary>
    public string UpstreamMetricsPath { get; init; } = "/metrics";

    /// <summary>Path of the runtime's health endpoint, relayed at <c>/upstream/health</c>.</summary>
    public string UpstreamHealthPath { get; init; } = "/health";

    public string Host { get; init; } = "0.0.0.0";

    /// <summary>Port the proxy listens on (0 = any free port).</summary>
    public int Port { get; init; } = 8000;

    /// <summary>File holding the /admin bearer token; null leaves the admin API off (403).</summary>
    public string? AdminTokenFile { get; init; }

    /// <summary>The batch limit the runtime was started with; /admin/config reports it and refuses another (it changes by a restart).</summary>
    public int RuntimeMaxBatchSize { get; init; } = 32;

    /// <summary>Admitted requests per second at start (null = unlimited); live through /admin/config.</summary>
    public double? MaxRequestRate { get; init; }

    /// <summary>How long in-flight requests may finish after SIGTERM.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Largest request body forwarded (413 above).</summary>
    public long MaxBodyBytes { get; init; } = 8 * 1024 * 1024;

    /// <summary>Null when valid; otherwise what is wrong, naming the option.</summary>
    public string? Validate() =>
        !Upstream.IsAbsoluteUri || Upstream.Scheme is not ("http" or "https") ? $"--upstream must be an http(s) URL, got {Upstream}"
        : Port is < 0 or > 65535 ? $"--port must be 0..65535, got {Port}"
        : RuntimeMaxBatchSize < 1 ? $"--runtime-max-batch-size must be at least 1, got {RuntimeMaxBatchSize}"
        : MaxRequestRate is { } rate && (!double.IsFinite(rate) || rate <= 0) ? $"--max-request-rate must be a positive number, got {rate}"
        : DrainTimeout < TimeSpan.Zero ? $"--drain-timeout must not be negative, got {DrainTimeout.TotalSeconds} s"
        : MaxBodyBytes < 1 ? $"max body bytes must be positive, got {MaxBodyBytes}"
        : !UpstreamMetricsPath.StartsWith('/') || !UpstreamHealthPath.StartsWith('/') ? "--upstream-metrics-path and --upstream-health-path must start with /"
        : null;
}
