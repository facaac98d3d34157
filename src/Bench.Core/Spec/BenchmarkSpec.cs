using System.Text.Json.Serialization;

namespace Sluice.Bench.Spec;

/// <summary>
/// Everything one benchmark run needs: the server, the load shape, the stop condition, the dataset and
/// the SLO for goodput. Immutable; <see cref="Validate"/> lists what is wrong with it.
/// </summary>
public sealed record BenchmarkSpec
{
    /// <summary>Server base URL, e.g. <c>http://127.0.0.1:8000</c>; a trailing <c>/v1</c> is accepted.</summary>
    public required Uri BaseUrl { get; init; }

    /// <summary>
    /// More servers behind the same model: request i goes to [<see cref="BaseUrl"/>, these…][i mod n], a round robin as a
    /// Kubernetes Service spreads connections. Null or empty: every request goes to <see cref="BaseUrl"/>.
    /// </summary>
    public IReadOnlyList<Uri>? ExtraBaseUrls { get; init; }

    /// <summary>The <c>model</c> field of every request.</summary>
    public required string Model { get; init; }

    /// <summary>Which endpoint to call.</summary>
    public ApiKind Api { get; init; } = ApiKind.Completions;

    /// <summary>Bearer token sent as <c>Authorization</c>, or null. Never written to results.</summary>
    [JsonIgnore]
    public string? ApiKey { get; init; }

    /// <summary>Closed loop (users) or open loop (arrival rate).</summary>
    public LoadMode Mode { get; init; } = LoadMode.ClosedLoop;

    /// <summary>Closed loop: number of concurrent users (at least 1).</summary>
    public int Users { get; init; } = 1;

    /// <summary>Closed loop: user <c>u</c> of <c>N</c> starts at <c>u · RampUpSeconds / N</c>. Zero starts all at once.</summary>
    public double RampUpSeconds { get; init; }

    /// <summary>Open loop: gap distribution between arrivals.</summary>
    public ArrivalProcess Arrival { get; init; } = ArrivalProcess.Poisson;

    /// <summary>Open loop: mean arrivals per second, or null to send every request at once (rate = inf).</summary>
    public double? RequestRatePerSecond { get; init; }

    /// <summary>Stop after this many requests were sent, or null. At least one of this and <see cref="DurationSeconds"/> is set.</summary>
    public int? NumRequests { get; init; }

    /// <summary>
    /// Stop sending new requests this many seconds after the start, or null. Requests in flight at that
    /// point still finish and are counted.
    /// </summary>
    public double? DurationSeconds { get; init; }

    /// <summary>
    /// Requests sent one at a time before the run starts (connection setup, JIT and CUDA graph capture
    /// on the server); they are not recorded and do not count toward <see cref="NumRequests"/>.
    /// </summary>
    public int WarmupRequests { get; init; }

    /// <summary>Prompt source and lengths.</summary>
    public DatasetSpec Dataset { get; init; } = new();

    /// <summary>Send <c>ignore_eos: true</c> so servers that support it generate exactly <c>max_tokens</c>.</summary>
    public bool IgnoreEos { get; init; } = true;

    /// <summary>Seed for random prompts, file order and Poisson gaps: same seed, same requests.</summary>
    public int Seed { get; init; }

    /// <summary>A request still running after this many seconds is cut off and counted as a <c>timeout</c> error.</summary>
    public double RequestTimeoutSeconds { get; init; } = 600;

    /// <summary>Latency limits for goodput.</summary>
    public SloSpec Slo { get; init; } = new();

    /// <summary>
    /// A short run that checks a server end to end: 2 users, 8 requests, 32 random-word input tokens,
    /// 16 output tokens, against <c>/v1/completions</c>.
    /// </summary>
    public static BenchmarkSpec Smoke(Uri baseUrl, string model) => new()
    {
        BaseUrl = baseUrl,
        Model = model,
        Users = 2,
        NumRequests = 8,
        Dataset = new DatasetSpec { InputTokens = 32, OutputTokens = 16 },
        RequestTimeoutSeconds = 120,
    };

    /// <summary>The server request <paramref name="index"/> goes to (round robin over <see cref="BaseUrl"/> and <see cref="ExtraBaseUrls"/>).</summary>
    public Uri BaseUrlFor(int index) =>
        ExtraBaseUrls is not { Count: > 0 } extra ? BaseUrl : (int)((uint)index % (uint)(extra.Count + 1)) is var i && i == 0 ? BaseUrl : extra[i - 1];

    /// <summary>Returns one plain sentence per problem; empty when the spec can be run.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (!BaseUrl.IsAbsoluteUri || (BaseUrl.Scheme != Uri.UriSchemeHttp && BaseUrl.Scheme != Uri.UriSchemeHttps))
        {
            errors.Add($"base URL '{BaseUrl}' must be an absolute http or https URL");
        }

        foreach (var extra in (ExtraBaseUrls ?? []).Where(u => !u.IsAbsoluteUri || (u.Scheme != Uri.UriSchemeHttp && u.Scheme != Uri.UriSchemeHttps)))
        {
            errors.Add($"base URL '{extra}' must be an absolute http or https URL");
        }

        if (string.IsNullOrWhiteSpace(Model))
        {
            errors.Add("model must not be empty");
        }

        if (NumRequests is null && DurationSeconds is null)
        {
            errors.Add("give a request count or a duration");
        }

        if (NumRequests is <= 0)
        {
            errors.Add($"request count must be at least 1 (got {NumRequests})");
        }

        if (DurationSeconds is { } duration && !(duration > 0 && double.IsFinite(duration)))
        {
            errors.Add($"duration must be a positive number of seconds (got {duration})");
        }

        if (WarmupRequests < 0)
        {
            errors.Add($"warm-up requests must not be negative (got {WarmupRequests})");
        }

        if (!(RequestTimeoutSeconds > 0))
        {
            errors.Add($"request timeout must be positive (got {RequestTimeoutSeconds})");
        }

        if (Mode == LoadMode.ClosedLoop)
        {
            if (Users < 1)
            {
                errors.Add($"users must be at least 1 (got {Users})");
            }

            if (!(RampUpSeconds >= 0 && double.IsFinite(RampUpSeconds)))
            {
                errors.Add($"ramp-up must be zero or a positive number of seconds (got {RampUpSeconds})");
            }
        }
        else
        {
            if (RequestRatePerSecond is { } rate && !(rate > 0 && double.IsFinite(rate)))
            {
                errors.Add($"request rate must be a positive number per second, or inf (got {rate})");
            }

            if (RequestRatePerSecond is null && NumRequests is null)
            {
                errors.Add("sending all requests at once (rate inf) needs a request count");
            }
        }

        ValidateDataset(errors);
        ValidateSlo(errors);
        return errors;
    }

    /// <summary>Throws <see cref="ArgumentException"/> listing every problem <see cref="Validate"/> finds.</summary>
    public void ThrowIfInvalid()
    {
        var errors = Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("invalid benchmark: " + string.Join("; ", errors));
        }
    }

    private void ValidateDataset(List<string> errors)
    {
        if (Dataset.Kind == DatasetKind.Random)
        {
            if (Dataset.InputTokens < 1)
            {
                errors.Add($"input length must be at least 1 token (got {Dataset.InputTokens})");
            }

            if (Dataset.OutputTokens is null)
            {
                errors.Add("random prompts need an output length");
            }
        }
        else if (string.IsNullOrWhiteSpace(Dataset.Path))
        {
            errors.Add("a file dataset needs a path");
        }

        if (Dataset.OutputTokens is < 1)
        {
            errors.Add($"output length must be at least 1 token (got {Dataset.OutputTokens})");
        }

        if (Dataset.SystemPromptTokens < 0)
        {
            errors.Add($"system prompt length must not be negative (got {Dataset.SystemPromptTokens})");
        }
    }

    private void ValidateSlo(List<string> errors)
    {
        if (Slo.TtftSeconds is { } ttft && !(ttft > 0))
        {
            errors.Add($"TTFT SLO must be positive (got {ttft})");
        }

        if (Slo.TpotSeconds is { } tpot && !(tpot > 0))
        {
            errors.Add($"TPOT SLO must be positive (got {tpot})");
        }
    }
}
