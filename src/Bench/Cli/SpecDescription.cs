using System.Globalization;
using Sluice.Bench.Client;
using Sluice.Bench.Spec;

namespace Sluice.Bench.Cli;

/// <summary>One-line human descriptions of a spec, for progress labels and headers.</summary>
public static class SpecDescription
{
    /// <summary>E.g. <c>closed loop, 10 users, 100 requests, random 128→128 tokens → http://h/v1/completions (model m)</c>.</summary>
    public static string Describe(BenchmarkSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return $"{Load(spec)}, {Stop(spec)}, {Dataset(spec.Dataset)} → {ApiEndpoints.Resolve(spec.BaseUrl, spec.Api)} (model {spec.Model})";
    }

    /// <summary>The load part: users and ramp-up, or rate and arrival process.</summary>
    public static string Load(BenchmarkSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Mode == LoadMode.ClosedLoop)
        {
            var ramp = spec.RampUpSeconds > 0 ? $" ramped over {N(spec.RampUpSeconds)}s" : "";
            return $"closed loop, {spec.Users} user{(spec.Users == 1 ? "" : "s")}{ramp}";
        }

        return spec.RequestRatePerSecond is { } rate
            ? $"open loop, {N(rate)} req/s {spec.Arrival.ToString().ToLowerInvariant()}"
            : "open loop, all at once";
    }

    private static string Stop(BenchmarkSpec spec) => (spec.NumRequests, spec.DurationSeconds) switch
    {
        ({ } n, { } d) => $"{n} requests or {N(d)}s",
        ({ } n, null) => $"{n} requests",
        (null, { } d) => $"{N(d)}s",
        _ => "no limit",
    };

    private static string Dataset(DatasetSpec dataset)
    {
        var output = dataset.OutputTokens is { } o ? o.ToString(CultureInfo.InvariantCulture) : "reference";
        var text = dataset.Kind == DatasetKind.Random
            ? $"random {dataset.InputTokens}→{output} tokens"
            : $"prompts from {dataset.Path} →{output} tokens";
        return dataset.SystemPrompt is not null || dataset.SystemPromptTokens > 0 ? text + " + shared system prompt" : text;
    }

    private static string N(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
