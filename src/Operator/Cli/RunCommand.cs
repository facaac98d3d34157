using System.CommandLine;
using Sluice.Bench.Running;
using Sluice.Controllers.Desired;
using Sluice.Controllers.EngineApi;
using Sluice.Controllers.Reconciling;
using Sluice.Controllers.Slo;
using Sluice.Controllers.SloControl;
using Sluice.Kubernetes.Client;
using Sluice.Kubernetes.Events;
using Sluice.Kubernetes.Reading;
using Sluice.Operator.Configuration;
using Sluice.Operator.Hosting;

namespace Sluice.Operator.Cli;

/// <summary><c>sluice-operator run</c>: the controller host with health and metrics endpoints.</summary>
public static class RunCommand
{
    public static Command Create()
    {
        var configFile = new Option<string?>("--config") { Description = "JSON configuration file (section \"Sluice\"); env SLUICE_Sluice__* overrides" };
        var port = new Option<int?>("--http-port") { Description = "port of /metrics, /healthz and /readyz (default 8080)" };
        var noElection = new Option<bool>("--no-leader-election") { Description = "reconcile without taking the leader Lease (one replica only)" };
        var command = new Command("run", "run the operator") { configFile, port, noElection };
        command.SetAction(async (parse, cancellationToken) =>
        {
            WebApplication app;
            try
            {
                app = Build([], parse.GetValue(configFile), parse.GetValue(port), parse.GetValue(noElection));
            }
            catch (Exception ex) when (IsStartupError(ex))
            {
                var detail = ex.InnerException is { } inner ? $"{ex.Message} {inner.Message}" : ex.Message;
                await Console.Error.WriteLineAsync($"sluice-operator run: {detail}").ConfigureAwait(false);
                return 2;
            }

            await app.RunAsync(cancellationToken).ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    /// <summary>
    /// Builds the host: configuration, Kubernetes client, reconciler, worker and endpoints. A missing or malformed
    /// configuration file, a bad setting (named) and a missing or broken kubeconfig throw here, before anything runs.
    /// </summary>
    public static WebApplication Build(string[] args, string? configFile, int? httpPort, bool disableLeaderElection)
    {
        var builder = WebApplication.CreateBuilder(args);
        if (configFile is not null)
        {
            var path = Path.GetFullPath(configFile);
            if (!File.Exists(path))
            {
                throw new FileNotFoundException($"--config {configFile}: no such file", path);
            }

            builder.Configuration.AddJsonFile(path, optional: false);
        }

        builder.Configuration.AddEnvironmentVariables("SLUICE_");
        var config = OperatorConfig.From(builder.Configuration);
        if (disableLeaderElection)
        {
            config.LeaderElection.Enabled = false;
        }

        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
            o.UseUtcTimestamp = true;
        });
        builder.WebHost.UseUrls($"http://0.0.0.0:{httpPort ?? config.HttpPort}");
        var services = builder.Services;
        services.AddSingleton(config);
        services.AddSingleton(new ReconcilerOptions
        {
            Catalog = config.BuildCatalog(),
            Engine = new EngineSettings { Image = config.EngineImage, ModelCache = config.ValidatedModelCache(), ClusterDomain = config.ClusterDomain },
        });
        services.AddSingleton<ReconcileMetrics>();
        services.AddSingleton<IEventRecorder>(sp => new EventRecorder(sp.GetRequiredService<IKubernetesClient>(), "sluice-operator",
            Environment.GetEnvironmentVariable("POD_NAME") ?? Environment.MachineName, sp.GetRequiredService<ILogger<EventRecorder>>()));
        services.AddSingleton<CachedObjectReader>();
        services.AddSingleton<IObjectReader>(sp => sp.GetRequiredService<CachedObjectReader>());
        services.AddSingleton<LLMDeploymentReconciler>();
        var slo = new SloControlOptions
        {
            Period = config.SloPeriod(),
            ProfilingBudget = config.SloProfilingBudget(),
            ScaleDownStepInterval = config.SloScaleDownStepInterval(),
        };
        services.AddSingleton(slo);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(_ => new HttpClient { Timeout = TimeSpan.FromSeconds(3) });
        services.AddSingleton(sp => new SloControlLoop(new EngineMetricsScraper(sp.GetRequiredService<HttpClient>()),
            new EngineAdminClient(sp.GetRequiredService<HttpClient>()), TunerSettings.Default with { Cooldown = config.SloCooldown() },
            slo.StatusWindow, slo.ControlWindow));
        services.AddSingleton(sp => new ProfilingSweep(new EngineAdminClient(sp.GetRequiredService<HttpClient>()), new LoadRunner()));
        services.AddSingleton(sp => new SloProfiler(sp.GetRequiredService<ProfilingSweep>(), new EngineMetricsScraper(sp.GetRequiredService<HttpClient>()), slo));
        services.AddSingleton<SloController>();
        services.AddSingleton<OperatorState>();
        services.AddSingleton<ControllerRunner>();
        services.AddHostedService<OperatorWorker>();

        // Last, so that a bad setting is reported before a missing kubeconfig.
        var cluster = ClusterConfiguration.Load();
        services.AddSingleton<IKubernetesClient>(_ => new KubernetesClient(cluster));
        var app = builder.Build();
        app.Services.GetRequiredService<ControllerRunner>();
        var state = app.Services.GetRequiredService<OperatorState>();
        var metrics = app.Services.GetRequiredService<ReconcileMetrics>();
        metrics.ObserveLeader(() => state.Leader);
        return app.MapOperatorEndpoints(state, metrics.Registry);
    }

    private static bool IsStartupError(Exception ex) =>
        ex is FileNotFoundException or InvalidDataException or ArgumentException or InvalidOperationException or k8s.Exceptions.KubeConfigException;
}
