using System.Globalization;
using Sluice.Entities;

namespace Sluice.Operator.Cli.Tune;

/// <summary>The validated settings of one <c>sluice-operator tune</c> run (seconds for time).</summary>
/// <param name="Model">Model id to request; null = the first id the engine's /v1/models lists.</param>
/// <param name="ProfileBudgetSeconds">Time box of the profiling sweep before the load; 0 skips it (the levers start from the engine's).</param>
/// <param name="PeriodSeconds">Time between two control periods (and trajectory samples).</param>
/// <param name="WindowSeconds">Window of the operator's observation and of the client's statistics it is compared with.</param>
/// <param name="MaxBatchSize">Upper end of the max batch size the tuner may choose.</param>
/// <param name="FixedBatchSize">A max batch size the tuner must keep (as a number in spec.engine.maxBatchSize); null = auto.</param>
/// <param name="FixedRatePerSecond">An admitted rate the tuner must keep (as a number in spec.engine.maxRequestRate); null = auto.
/// With either fixed no profiling sweep runs, as in the cluster.</param>
/// <param name="MoreEngines">More replicas of the same model: the load goes round robin over <paramref name="Engine"/> and these,
/// the loop controls them all (the sweep profiles <paramref name="Engine"/>, as the operator profiles one pod), and the replica
/// count the operator's scaler would decide is recorded, not applied.</param>
/// <param name="Step">A load step of the Poisson load; null for a constant load.</param>
public sealed record TuneOptions(
    Uri Engine,
    string AdminToken,
    string? Model,
    double TtftSeconds,
    double TpotSeconds,
    double Percentile,
    int InputTokens,
    int OutputTokens,
    TuneLoad Load,
    double DurationSeconds,
    double ProfileBudgetSeconds,
    double PeriodSeconds,
    double WindowSeconds,
    int MaxBatchSize,
    string OutputDirectory,
    int? FixedBatchSize = null,
    double? FixedRatePerSecond = null,
    IReadOnlyList<Uri>? MoreEngines = null,
    TuneStep? Step = null)
{
    /// <summary>Every engine the run drives, <see cref="Engine"/> first.</summary>
    public IReadOnlyList<Uri> Engines => [Engine, .. MoreEngines ?? []];

    /// <summary>True when the profiling sweep runs: a positive budget and both levers auto.</summary>
    public bool Profiles => ProfileBudgetSeconds > 0 && FixedBatchSize is null && FixedRatePerSecond is null;

    /// <summary>
    /// Checks and converts the raw flag values; returns the options, or null with one sentence per bad flag in
    /// <paramref name="errors"/>. Reads the admin token file (it must exist and hold a token).
    /// </summary>
    public static TuneOptions? Parse(
        string? engine, string? adminTokenFile, string? model, string? ttft, string? tpot, double percentile, string? workload, string? load,
        string? duration, string? profile, string? period, string? window, int maxBatchSize, string? outputDirectory, out IReadOnlyList<string> errors,
        int? fixedBatchSize = null, double? fixedRatePerSecond = null, IReadOnlyList<string>? moreEngines = null, string? step = null)
    {
        var problems = new List<string>();
        var engineUrl = EngineUrl(engine, problems);
        var more = (moreEngines ?? []).Select(e => EngineUrl(e, problems)).ToList();
        TuneStep? tuneStep = null;
        if (step is not null && (tuneStep = TuneStep.Parse(step, out var stepError)) is null)
        {
            problems.Add(stepError!);
        }

        string? token = null;
        if (adminTokenFile is null || !File.Exists(adminTokenFile))
        {
            problems.Add($"--admin-token-file '{adminTokenFile}' must name an existing file holding the engine's admin token");
        }
        else if ((token = File.ReadAllText(adminTokenFile).Trim()).Length == 0)
        {
            problems.Add($"--admin-token-file '{adminTokenFile}' is empty");
        }

        var ttftSeconds = Duration("--ttft", ttft, problems, allowZero: false);
        var tpotSeconds = Duration("--tpot", tpot, problems, allowZero: false);
        var durationSeconds = Duration("--duration", duration, problems, allowZero: false);
        var profileSeconds = Duration("--profile", profile, problems, allowZero: true);
        var periodSeconds = Duration("--period", period, problems, allowZero: false);
        var windowSeconds = Duration("--window", window, problems, allowZero: false);
        if (periodSeconds > 0 && windowSeconds > 0 && windowSeconds < 2 * periodSeconds)
        {
            problems.Add($"--window ({window}) must be at least two periods ({period} each): a window needs two scrapes");
        }

        if (!(percentile is >= 50 and <= 99.9))
        {
            problems.Add($"--percentile {percentile.ToString(CultureInfo.InvariantCulture)} must be between 50 and 99.9");
        }

        var (inputTokens, outputTokens) = Workload(workload, problems);
        string? loadError = null;
        var tuneLoad = load is null ? null : TuneLoad.Parse(load, out loadError);
        if (load is null)
        {
            problems.Add("--load is required: poisson:R or backlog:N");
        }
        else if (tuneLoad is null)
        {
            problems.Add(loadError!);
        }

        if (tuneStep is not null && tuneLoad is { RatePerSecond: null })
        {
            problems.Add("--step needs a poisson:R load (a backlog has no arrival rate to step)");
        }

        if (maxBatchSize < 1)
        {
            problems.Add($"--max-batch-size {maxBatchSize} must be at least 1");
        }

        if (fixedBatchSize is { } fixedBatch && (fixedBatch < 1 || fixedBatch > maxBatchSize))
        {
            problems.Add($"--fixed-batch-size {fixedBatch} must be between 1 and --max-batch-size ({maxBatchSize})");
        }

        if (fixedRatePerSecond is { } fixedRate && !(fixedRate > 0 && double.IsFinite(fixedRate)))
        {
            problems.Add($"--fixed-rate {fixedRate.ToString(CultureInfo.InvariantCulture)} must be a positive number of requests per second");
        }

        if (string.IsNullOrWhiteSpace(outputDirectory))
        {
            problems.Add("--out is required: the directory the trajectory and chart are written to");
        }

        if (model is { Length: 0 })
        {
            problems.Add("--model must not be empty");
        }

        errors = problems;
        return problems.Count > 0 ? null : new TuneOptions(engineUrl!, token!, model, ttftSeconds, tpotSeconds, percentile, inputTokens, outputTokens, tuneLoad!,
            durationSeconds, profileSeconds, periodSeconds, windowSeconds, maxBatchSize, outputDirectory!, fixedBatchSize, fixedRatePerSecond,
            more.Count > 0 ? more.Select(u => u!).ToList() : null, tuneStep);
    }

    private static Uri? EngineUrl(string? engine, List<string> problems)
    {
        if (engine is null || !Uri.TryCreate(engine.EndsWith('/') ? engine : engine + "/", UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            problems.Add($"--engine '{engine}' must be an absolute http(s) URL such as http://127.0.0.1:8000");
            return null;
        }

        return url;
    }

    private static double Duration(string flag, string? text, List<string> problems, bool allowZero)
    {
        if (text is not null && DurationText.TryParse(text, out var value) && (value > TimeSpan.Zero || (allowZero && value == TimeSpan.Zero)))
        {
            return value.TotalSeconds;
        }

        problems.Add($"{flag} '{text}' must be a {(allowZero ? "non-negative" : "positive")} duration such as 500ms, 1s or 2m");
        return 0;
    }

    private static (int Input, int Output) Workload(string? text, List<string> problems)
    {
        var parts = text?.Split(':') ?? [];
        if (parts.Length == 2 && int.TryParse(parts[0], CultureInfo.InvariantCulture, out var input) && int.TryParse(parts[1], CultureInfo.InvariantCulture, out var output)
            && input >= 1 && output >= 2)
        {
            return (input, output);
        }

        problems.Add($"--workload '{text}' must be INPUT:OUTPUT tokens per request, input >= 1 and output >= 2 (TPOT needs two tokens), e.g. 2048:128");
        return (0, 0);
    }
}
