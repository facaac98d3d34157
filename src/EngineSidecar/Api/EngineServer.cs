using Sluice.Contracts.Metrics;
using Sluice.Engine.Compute;
using Sluice.Engine.Engine;
using Sluice.Engine.Model;

namespace Sluice.Engine.Api;

/// <summary>Composes the engine (KV cache, scheduler, loop, metrics) and the HTTP server around a loaded model.</summary>
public static class EngineServer
{
    /// <summary>
    /// Sizes and allocates the KV cache, builds the engine and maps every endpoint. The returned application
    /// listens on <see cref="ServeOptions.Host"/>:<see cref="ServeOptions.Port"/> once started; the engine loop
    /// starts and stops with it. Throws <see cref="ArgumentException"/> for invalid options and
    /// <see cref="InvalidOperationException"/> when one longest sequence does not fit the KV budget.
    /// </summary>
    /// <param name="configureBuilder">Optional extra configuration (logging, test hooks) before the app is built.</param>
    public static WebApplication Build(LoadedModel model, ServeOptions options, Action<WebApplicationBuilder>? configureBuilder = null)
    {
        if (options.Validate() is { } problem)
        {
            throw new ArgumentException(problem, nameof(options));
        }

        var servedModelName = options.ServedModelName ?? model.Name;
        var maxModelTokens = Math.Min(model.Info.MaxContextTokens, options.MaxModelLen ?? int.MaxValue);
        var budgetBytes = KvCachePlan.BudgetBytes(model.Runner, options.KvCacheMemoryMb, options.KvCacheMemoryFraction);
        var numBlocks = KvCachePlan.NumBlocks(model.Runner, options.BlockSize, budgetBytes, maxModelTokens);
        model.Runner.AllocateKvCache(numBlocks, options.BlockSize);
        (model.Runner as IWarmUp)?.WarmUp(options.MaxBatchSize);

        var config = new LiveConfig(new EngineConfig(options.MaxBatchSize, options.MaxRequestRate, options.MaxBatchedTokens));
        EngineLoop? loop = null;
        // Waiting counts submissions the loop has not picked up yet, so a just-accepted request is never invisible;
        // the config gauges show the live values even while the loop idles.
        var metrics = new EngineMetrics(() => loop!.Gauges with
        {
            NumWaiting = loop.NumQueued,
            MaxBatchSize = config.Current.MaxBatchSize,
            MaxRequestRate = config.Current.MaxRequestRate,
            MaxBatchedTokens = config.Current.MaxBatchedTokens,
        });
        metrics.PublishModelInfo(servedModelName, model.Info.Quantization, model.Info.KvCacheDtype);
        var blocks = new BlockManager(numBlocks, options.BlockSize, options.EnablePrefixCaching);
        var engine = new InferenceEngine(model.Runner, model.Tokenizer, blocks, config, metrics, maxModelTokens, options.MaxLogprobs);
        loop = new EngineLoop(engine, config);
        var admission = new AdmissionControl(loop, metrics, config, options.MaxWaiting);
        var validator = new SamplingValidator(options, maxModelTokens, model.Info.VocabSize);
        var handler = new GenerationHandler(model, servedModelName, options, validator, admission, loop);

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = options.MaxBodyBytes);
        builder.WebHost.UseUrls($"http://{options.Host}:{options.Port}");
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning); // no log line per request
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = options.DrainTimeout + TimeSpan.FromSeconds(5));
        builder.Services.AddSingleton(new ServerComponents(config, loop, metrics, admission, engine));
        builder.Services.AddHostedService(services =>
            new DrainService(loop, admission, options.DrainTimeout, services.GetRequiredService<ILogger<DrainService>>()));
        configureBuilder?.Invoke(builder);

        var app = builder.Build();
        app.Lifetime.ApplicationStopping.Register(admission.BeginDrain);
        app.Lifetime.ApplicationStopped.Register(() =>
        {
            loop.Dispose();
            admission.Dispose();
        });
        app.UseMiddleware<ErrorHandlingMiddleware>();
        if (options.ApiKey is { } apiKey)
        {
            app.Use(async (context, next) =>
            {
                if (context.Request.Path.StartsWithSegments("/v1", StringComparison.Ordinal) && !BearerAuth.Matches(context.Request, apiKey))
                {
                    throw BearerAuth.Unauthorized("API key");
                }

                await next(context);
            });
        }

        app.Use(async (context, next) =>
        {
            try
            {
                await next(context);
            }
            catch (ApiException ex) when (ex.StatusCode is 400 or 404 or 413 && context.Request.Path.StartsWithSegments("/v1", StringComparison.Ordinal))
            {
                metrics.CountRequest(RequestOutcomes.RejectedInvalid);
                throw;
            }
        });
        app.MapHealthAndModels(servedModelName, maxModelTokens, model.Info.Quantization, model.Info.KvCacheDtype);
        app.MapPost("/v1/completions", context => handler.HandleAsync(context, isChat: false));
        app.MapPost("/v1/chat/completions", context => handler.HandleAsync(context, isChat: true));
        app.MapOps(loop, admission, metrics.Registry, options.ReadyStallTimeout);
        app.MapAdmin(config, options.AdminTokenFile is { } tokenFile ? AdminTokenSource.FromFile(tokenFile) : AdminTokenSource.Fixed(options.AdminToken), options.MaxBodyBytes);
        app.MapTokenize(model, servedModelName, maxModelTokens, options.MaxBodyBytes);
        app.MapFallback(context => throw new ApiException(
            StatusCodes.Status404NotFound,
            $"no route {context.Request.Method} {context.Request.Path}; the served routes are listed in docs/api.md",
            "invalid_request_error",
            null,
            "not_found"));
        return app;
    }
}
