using System.CommandLine;
using System.CommandLine.Parsing;
using Sluice.Bench.Spec;

namespace Sluice.Bench.Cli;

/// <summary>The command-line options that describe a <see cref="BenchmarkSpec"/>, shared by <c>run</c> and <c>sweep</c>.</summary>
public sealed class SpecOptions
{
    private readonly Option<string> _baseUrl = new("--base-url") { Description = "Server base URL", DefaultValueFactory = _ => "http://127.0.0.1:8000" };
    private readonly Option<string> _model = new("--model") { Description = "Model name sent in every request", Required = true };
    private readonly Option<ApiKind> _api = new("--api") { Description = "Endpoint: Completions (/v1/completions) or Chat (/v1/chat/completions)" };
    private readonly Option<string?> _apiKey = new("--api-key") { Description = "Bearer token (default: $OPENAI_API_KEY)" };
    private readonly Option<int> _users = new("--users") { Description = "Closed loop: concurrent users", DefaultValueFactory = _ => 1 };
    private readonly Option<double> _rampUp = new("--ramp-up") { Description = "Closed loop: time over which users start (e.g. 20s)", CustomParser = Duration };
    private readonly Option<double?> _rate = new("--request-rate") { Description = "Open loop: requests per second, or inf for all at once", CustomParser = Rate };
    private readonly Option<ArrivalProcess> _arrival = new("--arrival") { Description = "Open loop: Poisson or Constant gaps" };
    private readonly Option<int?> _numRequests = new("--num-requests", "-n") { Description = "Requests to send (default 100 when no --duration)" };
    private readonly Option<double?> _duration = new("--duration") { Description = "Stop sending after this long (e.g. 5m)", CustomParser = OptionalDuration };
    private readonly Option<int> _inputLen = new("--input-len") { Description = "Random prompts: input tokens (≈ words)", DefaultValueFactory = _ => 128 };
    private readonly Option<int?> _outputLen = new("--output-len") { Description = "Output tokens (max_tokens); file prompts default to the reference answer's length" };
    private readonly Option<string?> _datasetPath = new("--dataset-path") { Description = "JSON/JSONL prompt file (ShareGPT or dolly); random words when absent" };
    private readonly Option<string?> _systemPrompt = new("--system-prompt") { Description = "System prompt shared by every request" };
    private readonly Option<int> _systemPromptLen = new("--system-prompt-len") { Description = "Shared system prompt of this many random words" };
    private readonly Option<double?> _sloTtft = new("--slo-ttft") { Description = "TTFT limit for goodput (e.g. 1s)", CustomParser = OptionalDuration };
    private readonly Option<double?> _sloTpot = new("--slo-tpot") { Description = "TPOT limit for goodput (e.g. 20ms)", CustomParser = OptionalDuration };
    private readonly Option<int> _seed = new("--seed") { Description = "Seed for prompts, file order and Poisson gaps" };
    private readonly Option<double> _timeout = new("--timeout") { Description = "Per-request timeout", DefaultValueFactory = _ => 600, CustomParser = Duration };
    private readonly Option<int> _warmup = new("--warmup") { Description = "Unrecorded requests sent one by one before each run", DefaultValueFactory = _ => 1 };
    private readonly Option<bool> _noIgnoreEos = new("--no-ignore-eos") { Description = "Do not send ignore_eos: true (output may end early)" };

    /// <summary>Adds every option to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        Option[] all =
        [
            _baseUrl, _model, _api, _apiKey, _users, _rampUp, _rate, _arrival, _numRequests, _duration, _inputLen,
            _outputLen, _datasetPath, _systemPrompt, _systemPromptLen, _sloTtft, _sloTpot, _seed, _timeout, _warmup, _noIgnoreEos,
        ];
        foreach (var option in all)
        {
            command.Add(option);
        }
    }

    /// <summary>The spec the options describe; throws <see cref="ArgumentException"/> listing every problem.</summary>
    public BenchmarkSpec Build(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var baseUrlText = parse.GetValue(_baseUrl) ?? "";
        if (!Uri.TryCreate(baseUrlText, UriKind.Absolute, out var baseUrl))
        {
            throw new ArgumentException($"--base-url '{baseUrlText}' is not an absolute URL");
        }

        var rate = parse.GetValue(_rate);
        var duration = parse.GetValue(_duration);
        var datasetPath = parse.GetValue(_datasetPath);
        var spec = new BenchmarkSpec
        {
            BaseUrl = baseUrl,
            Model = parse.GetValue(_model) ?? "",
            Api = parse.GetValue(_api),
            ApiKey = parse.GetValue(_apiKey) ?? Environment.GetEnvironmentVariable("OPENAI_API_KEY"),
            Mode = rate.HasValue ? LoadMode.OpenLoop : LoadMode.ClosedLoop,
            Users = parse.GetValue(_users),
            RampUpSeconds = parse.GetValue(_rampUp),
            Arrival = parse.GetValue(_arrival),
            RequestRatePerSecond = rate is { } r && double.IsPositiveInfinity(r) ? null : rate,
            NumRequests = parse.GetValue(_numRequests) ?? (duration.HasValue ? null : 100),
            DurationSeconds = duration,
            Dataset = new DatasetSpec
            {
                Kind = datasetPath is null ? DatasetKind.Random : DatasetKind.File,
                Path = datasetPath,
                InputTokens = parse.GetValue(_inputLen),
                OutputTokens = parse.GetValue(_outputLen) ?? (datasetPath is null ? 128 : null),
                SystemPrompt = parse.GetValue(_systemPrompt),
                SystemPromptTokens = parse.GetValue(_systemPromptLen),
            },
            IgnoreEos = !parse.GetValue(_noIgnoreEos),
            Seed = parse.GetValue(_seed),
            RequestTimeoutSeconds = parse.GetValue(_timeout),
            WarmupRequests = parse.GetValue(_warmup),
            Slo = new SloSpec { TtftSeconds = parse.GetValue(_sloTtft), TpotSeconds = parse.GetValue(_sloTpot) },
        };
        spec.ThrowIfInvalid();
        return spec;
    }

    private static double Duration(ArgumentResult result) => OptionalDuration(result) ?? 0;

    private static double? OptionalDuration(ArgumentResult result)
    {
        var token = result.Tokens.Count == 1 ? result.Tokens[0].Value : null;
        if (DurationParser.TryParseSeconds(token, out var seconds))
        {
            return seconds;
        }

        result.AddError($"'{token}' is not a duration (examples: 250ms, 1.5s, 5m)");
        return null;
    }

    private static double? Rate(ArgumentResult result)
    {
        var token = result.Tokens.Count == 1 ? result.Tokens[0].Value : null;
        if (NumberListParser.TryParse(token, allowInfinity: true, out var values) && values.Count == 1)
        {
            return values[0];
        }

        result.AddError($"'{token}' is not a request rate (a positive number, or inf)");
        return null;
    }
}
