using System.CommandLine;
using System.CommandLine.Invocation;
using Sluice.Engine.Proxy;

namespace Sluice.Engine.Cli;

/// <summary>
/// <c>sluice-engine proxy</c>: the admission proxy in front of another runtime (<see cref="ProxyServer"/>). Runs until
/// SIGTERM/SIGINT, then lets in-flight requests finish for --drain-timeout. <c>--upstream</c> is required. Exit 2 for bad options,
/// parse errors included (one line <c>error: reason</c> on stderr, also written to the termination-message file).
/// </summary>
public static class ProxyCommand
{
    private static readonly ProxyOptions Defaults = new();

    private static readonly Option<string> Upstream = new("--upstream") { Description = "base URL of the runtime's OpenAI server, e.g. http://127.0.0.1:8001 (required)" };
    private static readonly Option<string> UpstreamMetricsPath = new("--upstream-metrics-path") { Description = "path of the runtime's Prometheus metrics", DefaultValueFactory = _ => Defaults.UpstreamMetricsPath };
    private static readonly Option<string> UpstreamHealthPath = new("--upstream-health-path") { Description = "path of the runtime's health endpoint (relayed at /upstream/health)", DefaultValueFactory = _ => Defaults.UpstreamHealthPath };
    private static readonly Option<string> Host = new("--host") { Description = "address to listen on", DefaultValueFactory = _ => Defaults.Host };
    private static readonly Option<int> Port = new("--port") { Description = "port to listen on (0 = any free port)", DefaultValueFactory = _ => Defaults.Port };
    private static readonly Option<string?> AdminTokenFile = new("--admin-token-file") { Description = "file holding the /admin bearer token, re-read when it changes (none = admin API off)" };
    private static readonly Option<int> RuntimeMaxBatchSize = new("--runtime-max-batch-size") { Description = "the batch limit the runtime was started with (reported, fixed)", DefaultValueFactory = _ => Defaults.RuntimeMaxBatchSize };
    private static readonly Option<double?> MaxRequestRate = new("--max-request-rate") { Description = "admitted requests per second, token bucket (default unlimited; live)" };
    private static readonly Option<double> DrainTimeoutSeconds = new("--drain-timeout") { Description = "seconds in-flight requests may finish after SIGTERM", DefaultValueFactory = _ => Defaults.DrainTimeout.TotalSeconds };
    private static readonly Option<string> TerminationMessagePath = new("--termination-message-path") { Description = "file a startup failure's reason is written to", DefaultValueFactory = _ => TerminationMessage.DefaultPath };

    public static Command Create()
    {
        var command = new Command("proxy", "admit, count and forward OpenAI requests to another runtime (the rate lever for runtimes other than sluice)")
        {
            Upstream, UpstreamMetricsPath, UpstreamHealthPath, Host, Port, AdminTokenFile, RuntimeMaxBatchSize, MaxRequestRate, DrainTimeoutSeconds, TerminationMessagePath,
        };
        command.Action = new ProxyAction();
        return command;
    }

    /// <summary>The options of a parsed <c>proxy</c> command; <see cref="ArgumentException"/> naming the option when they are invalid.</summary>
    public static ProxyOptions ToOptions(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        if (parse.Errors.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", parse.Errors.Select(e => e.Message)));
        }

        var upstream = parse.GetValue(Upstream);
        if (string.IsNullOrWhiteSpace(upstream))
        {
            throw new ArgumentException("--upstream is required: the base URL of the runtime, e.g. http://127.0.0.1:8001");
        }

        if (!Uri.TryCreate(upstream, UriKind.Absolute, out var upstreamUri))
        {
            throw new ArgumentException($"--upstream must be an absolute http(s) URL, got '{upstream}'");
        }

        var options = new ProxyOptions
        {
            Upstream = upstreamUri,
            UpstreamMetricsPath = parse.GetValue(UpstreamMetricsPath)!,
            UpstreamHealthPath = parse.GetValue(UpstreamHealthPath)!,
            Host = parse.GetValue(Host)!,
            Port = parse.GetValue(Port),
            AdminTokenFile = parse.GetValue(AdminTokenFile),
            RuntimeMaxBatchSize = parse.GetValue(RuntimeMaxBatchSize),
            MaxRequestRate = parse.GetValue(MaxRequestRate),
            DrainTimeout = TimeSpan.FromSeconds(parse.GetValue(DrainTimeoutSeconds)),
        };
        return options.Validate() is { } problem ? throw new ArgumentException(problem) : options;
    }

    /// <summary>Runs the proxy; also runs on parse errors (instead of the parser's help text) so that they exit 2 in one line.</summary>
    private sealed class ProxyAction : AsynchronousCommandLineAction
    {
        public override bool ClearsParseErrors => true;

        public override async Task<int> InvokeAsync(ParseResult parseResult, CancellationToken cancellationToken = default)
        {
            WebApplication app;
            try
            {
                app = ProxyServer.Build(ToOptions(parseResult));
            }
            catch (ArgumentException ex)
            {
                var reason = ex.Message.ReplaceLineEndings(" ");
                await Console.Error.WriteLineAsync("error: " + reason);
                TerminationMessage.TryWrite(parseResult.GetValue(TerminationMessagePath), reason);
                return 2;
            }

            await app.RunAsync();
            return 0;
        }
    }
}
