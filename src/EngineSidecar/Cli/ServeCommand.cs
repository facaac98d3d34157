using System.CommandLine;
using Sluice.Engine.Api;
using Sluice.Engine.Compute.Cuda;
using Sluice.Engine.Model;
using Sluice.Engine.Model.Quantization;

namespace Sluice.Engine.Cli;

/// <summary>
/// <c>sluice-engine serve</c>: parses <see cref="ServeOptions"/>, loads the model through the given loader,
/// builds the server and runs it until SIGTERM/SIGINT (graceful drain, exit 0). Exit 2 for bad options,
/// 1 when the model cannot be loaded or the KV cache does not fit; either reason goes to stderr and to the
/// termination-message file (<see cref="TerminationMessage"/>).
/// </summary>
public static class ServeCommand
{
    /// <summary>Environment variable holding the API key when --api-key is not given.</summary>
    public const string ApiKeyEnv = "SLUICE_API_KEY";

    /// <summary>Environment variable holding the admin token when --admin-token-file is not given.</summary>
    public const string AdminTokenEnv = "SLUICE_ADMIN_TOKEN";

    /// <summary>Environment variable naming the admin token file when --admin-token-file is not given.</summary>
    public const string AdminTokenFileEnv = "SLUICE_ADMIN_TOKEN_FILE";

    /// <summary>Environment variable holding --quantization when the flag is not given (set by the operator).</summary>
    public const string QuantizationEnv = "SLUICE_QUANTIZATION";

    /// <summary>Environment variable holding --kv-cache-dtype when the flag is not given (set by the operator).</summary>
    public const string KvCacheDtypeEnv = "SLUICE_KV_CACHE_DTYPE";

    private static readonly ServeOptions Defaults = new();

    private static readonly Option<string> Model = new("--model") { Description = "model directory or dummy://<preset>", DefaultValueFactory = _ => Defaults.Model };
    private static readonly Option<string> Host = new("--host") { Description = "address to listen on", DefaultValueFactory = _ => Defaults.Host };
    private static readonly Option<int> Port = new("--port") { Description = "port for the OpenAI API (0 = any free port)", DefaultValueFactory = _ => Defaults.Port };
    private static readonly Option<string> Device = new("--device") { Description = "compute backend: auto (CUDA when a GPU is present), cpu or cuda", DefaultValueFactory = _ => Defaults.Device };
    private static readonly Option<int> TensorParallelSize = new("--tensor-parallel-size") { Description = "ranks the model is sharded over (heads, MLP and vocabulary split; 1 = unsharded; above 1 runs the in-process CPU twin, CUDA refuses it for now)", DefaultValueFactory = _ => Defaults.TensorParallelSize };
    private static readonly Option<string?> ServedModelName = new("--served-model-name") { Description = "model id reported by the API (default: directory name or preset)" };
    private static readonly Option<int> MaxBatchSize = new("--max-batch-size") { Description = "most sequences running at once (live: /admin/config)", DefaultValueFactory = _ => Defaults.MaxBatchSize };
    private static readonly Option<int> MaxBatchedTokens = new("--max-batched-tokens") { Description = "token budget of one step; long prompts are prefilled in chunks of it (live)", DefaultValueFactory = _ => Defaults.MaxBatchedTokens };
    private static readonly Option<double?> MaxRequestRate = new("--max-request-rate") { Description = "admitted requests per second, token bucket (default unlimited; live)" };
    private static readonly Option<int> BlockSize = new("--block-size") { Description = "positions per KV cache block", DefaultValueFactory = _ => Defaults.BlockSize };
    private static readonly Option<int?> KvCacheMemoryMb = new("--kv-cache-memory-mb") { Description = "KV cache budget in MiB (default: 1024 on CPU; on a GPU --kv-cache-memory-fraction of free memory)" };
    private static readonly Option<double> KvCacheMemoryFraction = new("--kv-cache-memory-fraction") { Description = "on a GPU without --kv-cache-memory-mb: share of free memory (after a 2 GiB reserve) for the KV cache", DefaultValueFactory = _ => Defaults.KvCacheMemoryFraction };
    private static readonly Option<int?> MaxModelLen = new("--max-model-len") { Description = "cap on the context length (default: the model's)" };
    private static readonly Option<int> MaxWaiting = new("--max-waiting") { Description = "queued sequences before new requests get 429", DefaultValueFactory = _ => Defaults.MaxWaiting };
    private static readonly Option<string?> ApiKey = new("--api-key") { Description = $"required bearer key for /v1 (default: ${ApiKeyEnv}; none = open)" };
    private static readonly Option<string?> AdminTokenFile = new("--admin-token-file") { Description = $"file holding the /admin bearer token, re-read when it changes (default: ${AdminTokenFileEnv} or ${AdminTokenEnv}; none = admin API off)" };
    private static readonly Option<double> DrainTimeoutSeconds = new("--drain-timeout") { Description = "seconds in-flight requests may finish after SIGTERM", DefaultValueFactory = _ => Defaults.DrainTimeout.TotalSeconds };
    private static readonly Option<double?> RequestTimeoutSeconds = new("--request-timeout") { Description = "default seconds a generation request may run before it ends with finish_reason timeout (default: none; the request's timeout field overrides it)" };
    private static readonly Option<double?> MaxQueueTimeSeconds = new("--max-queue-time") { Description = "default seconds a generation request may wait in the queue for its first scheduling before it is answered 429 with Retry-After (default: none; the request's max_queue_time field overrides it)" };
    private static readonly Option<long> MaxBodyBytes = new("--max-body-bytes") { Description = "largest request body (413 above)", DefaultValueFactory = _ => Defaults.MaxBodyBytes };
    private static readonly Option<int> MaxChoices = new("--max-n") { Description = "largest n per request", DefaultValueFactory = _ => Defaults.MaxChoices };
    private static readonly Option<int> MaxLogprobs = new("--max-logprobs") { Description = "largest logprobs / top_logprobs", DefaultValueFactory = _ => Defaults.MaxLogprobs };
    private static readonly Option<string?> Quantization = new("--quantization") { Description = $"decoder weight quantization: {string.Join(", ", QuantizationModes.Names)} (default: ${QuantizationEnv} or auto = the checkpoint's format)" };
    private static readonly Option<string?> KvCacheDtype = new("--kv-cache-dtype") { Description = $"KV cache element type: {string.Join(", ", KvCacheDtypes.Names)} (default: ${KvCacheDtypeEnv} or auto)" };
    private static readonly Option<string> TerminationMessagePath = new("--termination-message-path") { Description = "file a startup failure's reason is written to (when it exists or its directory is writable)", DefaultValueFactory = _ => TerminationMessage.DefaultPath };
    private static readonly Option<bool> NoPrefixCaching = new("--no-prefix-caching") { Description = "turn off reuse of KV blocks across requests with a shared prefix" };

    /// <summary>The command; <paramref name="loadModel"/> turns the parsed options into a loaded model.</summary>
    public static Command Create(Func<ServeOptions, LoadedModel> loadModel)
    {
        var command = new Command("serve", "serve a model over the OpenAI API")
        {
            Model, Device, TensorParallelSize, Host, Port, ServedModelName, MaxBatchSize, MaxBatchedTokens, MaxRequestRate, BlockSize, KvCacheMemoryMb, KvCacheMemoryFraction, MaxModelLen,
            MaxWaiting, ApiKey, AdminTokenFile, DrainTimeoutSeconds, RequestTimeoutSeconds, MaxQueueTimeSeconds, MaxBodyBytes, MaxChoices, MaxLogprobs, NoPrefixCaching,
            Quantization, KvCacheDtype, TerminationMessagePath,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            ServeOptions options;
            try
            {
                options = ToOptions(parse, Environment.GetEnvironmentVariable);
            }
            catch (ArgumentException ex)
            {
                await Fail(parse.GetValue(TerminationMessagePath), ex.Message);
                return 2;
            }

            WebApplication app;
            try
            {
                var model = loadModel(options);
                app = EngineServer.Build(model, options);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Any load or validation failure (bad checkpoint, unsupported format or device, CUDA error): one line, exit 1.
                await Fail(options.TerminationMessagePath, ex.Message);
                return 1;
            }

            await app.RunAsync();
            return 0;
        });
        return command;
    }

    private static async Task Fail(string? terminationMessagePath, string reason)
    {
        await Console.Error.WriteLineAsync("error: " + reason);
        TerminationMessage.TryWrite(terminationMessagePath, reason);
    }

    /// <summary>Reads the options of a parsed <c>serve</c> command; throws <see cref="ArgumentException"/> when they are invalid.</summary>
    /// <param name="environment">Looks up environment variables (API key and admin token fallbacks).</param>
    public static ServeOptions ToOptions(ParseResult parse, Func<string, string?> environment)
    {
        if (parse.Errors.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", parse.Errors.Select(e => e.Message)));
        }

        var drainSeconds = parse.GetValue(DrainTimeoutSeconds);
        if (!double.IsFinite(drainSeconds) || drainSeconds < 0 || drainSeconds > 86_400)
        {
            throw new ArgumentException($"--drain-timeout must be between 0 and 86400 seconds, got {drainSeconds}");
        }

        var requestTimeoutSeconds = parse.GetValue(RequestTimeoutSeconds);
        if (requestTimeoutSeconds is { } seconds && (!double.IsFinite(seconds) || seconds <= 0 || seconds > 86_400))
        {
            throw new ArgumentException($"--request-timeout must be in (0, 86400] seconds, got {seconds}");
        }

        var maxQueueSeconds = parse.GetValue(MaxQueueTimeSeconds);
        if (maxQueueSeconds is { } queueSeconds && (!double.IsFinite(queueSeconds) || queueSeconds <= 0 || queueSeconds > 86_400))
        {
            throw new ArgumentException($"--max-queue-time must be in (0, 86400] seconds, got {queueSeconds}");
        }

        var adminTokenFile = NullIfEmpty(parse.GetValue(AdminTokenFile) ?? environment(AdminTokenFileEnv));
        var options = new ServeOptions
        {
            Model = parse.GetValue(Model)!,
            Device = RunnerFactory.Resolve(parse.GetValue(Device)!),
            TensorParallelSize = parse.GetValue(TensorParallelSize),
            Host = parse.GetValue(Host)!,
            Port = parse.GetValue(Port),
            ServedModelName = parse.GetValue(ServedModelName),
            MaxBatchSize = parse.GetValue(MaxBatchSize),
            MaxBatchedTokens = parse.GetValue(MaxBatchedTokens),
            MaxRequestRate = parse.GetValue(MaxRequestRate),
            BlockSize = parse.GetValue(BlockSize),
            KvCacheMemoryMb = parse.GetValue(KvCacheMemoryMb),
            KvCacheMemoryFraction = parse.GetValue(KvCacheMemoryFraction),
            MaxModelLen = parse.GetValue(MaxModelLen),
            MaxWaiting = parse.GetValue(MaxWaiting),
            ApiKey = NullIfEmpty(parse.GetValue(ApiKey) ?? environment(ApiKeyEnv)),
            AdminToken = ReadAdminToken(adminTokenFile, environment(AdminTokenEnv)),
            AdminTokenFile = adminTokenFile,
            DrainTimeout = TimeSpan.FromSeconds(drainSeconds),
            RequestTimeout = requestTimeoutSeconds is { } timeout ? TimeSpan.FromSeconds(timeout) : null,
            MaxQueueTime = maxQueueSeconds is { } queue ? TimeSpan.FromSeconds(queue) : null,
            MaxBodyBytes = parse.GetValue(MaxBodyBytes),
            MaxChoices = parse.GetValue(MaxChoices),
            MaxLogprobs = parse.GetValue(MaxLogprobs),
            EnablePrefixCaching = !parse.GetValue(NoPrefixCaching),
            Quantization = QuantizationModes.Parse(NullIfEmpty(parse.GetValue(Quantization)) ?? NullIfEmpty(environment(QuantizationEnv)) ?? "auto"),
            KvCacheDtype = KvCacheDtypes.Parse(NullIfEmpty(parse.GetValue(KvCacheDtype)) ?? NullIfEmpty(environment(KvCacheDtypeEnv)) ?? "auto"),
            TerminationMessagePath = NullIfEmpty(parse.GetValue(TerminationMessagePath)),
        };
        return options.Validate() is { } problem ? throw new ArgumentException(problem) : options;
    }

    private static string? ReadAdminToken(string? tokenFile, string? tokenValue)
    {
        if (string.IsNullOrEmpty(tokenFile))
        {
            return NullIfEmpty(tokenValue?.Trim());
        }

        if (!File.Exists(tokenFile))
        {
            throw new ArgumentException($"the admin token file '{tokenFile}' does not exist");
        }

        return NullIfEmpty(File.ReadAllText(tokenFile).Trim())
            ?? throw new ArgumentException($"the admin token file '{tokenFile}' is empty");
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
