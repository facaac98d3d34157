using k8s.Models;
using Sluice.Contracts.Fetch;
using Sluice.Controllers.Reconciling;
using Sluice.Entities.Resources;
using Sluice.Entities.Validation;

namespace Sluice.Controllers.Tests.Reconciling;

public class ModelDeliveryTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);

    private static FetchProgressReport Report(string state, long done, FetchErrorKind kind = FetchErrorKind.None, string? message = null) =>
        new(state, "abc123", done, 1_000_000_000, 50e6, (1e9 - done) / 50e6, kind, message, 3);

    [Theory]
    [InlineData(10, ConditionReasons.ModelSourceUnreachable)]
    [InlineData(11, ConditionReasons.ModelCredentialsRejected)]
    [InlineData(12, ConditionReasons.ModelRevisionNotFound)]
    [InlineData(13, ConditionReasons.ModelCacheFull)]
    [InlineData(14, ConditionReasons.ModelChecksumMismatch)]
    [InlineData(15, ConditionReasons.ModelSourceInvalid)]
    [InlineData(1, ConditionReasons.ModelDownloadFailed)]
    [InlineData(137, ConditionReasons.ModelDownloadFailed)]
    public void Fetch_exit_codes_map_to_named_reasons(int exitCode, string reason)
    {
        ModelDeliveryReasons.OfExitCode(exitCode).Should().Be(reason);
        new EngineStartFailure("p", "download", exitCode, "text").Reason.Should().Be(reason);
        ModelDeliveryReasons.IsDeliveryReason(reason).Should().BeTrue();
        new EngineStartFailure("p", "engine", exitCode, "text").Reason.Should().Be(ConditionReasons.EngineStartFailed);
    }

    [Fact]
    public void A_retrying_fetcher_is_a_problem_named_by_its_error_kind_without_the_attempt_count()
    {
        var first = ModelDelivery.Problem(new ModelObservation(true, false, Report(FetchStates.Retrying, 0, FetchErrorKind.CredentialsRejected, "hf://a/b answered 401") with { Attempt = 2 }, "chat-a"));
        var later = ModelDelivery.Problem(new ModelObservation(true, false, Report(FetchStates.Retrying, 0, FetchErrorKind.CredentialsRejected, "hf://a/b answered 401") with { Attempt = 9 }, "chat-a"));

        first!.Reason.Should().Be(ConditionReasons.ModelCredentialsRejected);
        first.Message.Should().Contain("pod chat-a").And.Contain("answered 401").And.Contain("retried with backoff");
        later!.Message.Should().Be(first.Message, "one Event per distinct problem, not per attempt");
        ModelDelivery.Problem(new ModelObservation(true, false, Report(FetchStates.Downloading, 5), "chat-a")).Should().BeNull();
    }

    [Fact]
    public void Downloading_shows_progress_in_status_and_model_ready_false()
    {
        var status = ModelDelivery.Apply(new LLMDeploymentStatus(), new ModelObservation(true, false, Report(FetchStates.Downloading, 250_000_000), "chat-a"), null, 4, T0);

        status.Model!.Phase.Should().Be("Downloading");
        (status.Model.DownloadedBytes, status.Model.TotalBytes, status.Model.Revision, status.Model.Pod).Should().Be((250_000_000L, 1_000_000_000L, "abc123", "chat-a"));
        status.Model.BytesPerSecond.Should().Be(50e6);
        status.Model.EtaSeconds.Should().Be(15);
        var ready = ConditionSet.Find(status.Conditions, ConditionTypes.ModelReady)!;
        (ready.Status, ready.Reason).Should().Be(("False", ConditionReasons.ModelDownloading));
        ready.Message.Should().Be("Downloading in pod chat-a: 0.25 of 1.00 GB, 50.0 MB/s, ETA 15 s");
    }

    [Fact]
    public void Progress_in_status_changes_at_most_every_few_seconds_so_a_download_writes_status_rarely()
    {
        var first = ModelDelivery.Apply(new LLMDeploymentStatus(), new ModelObservation(true, false, Report(FetchStates.Downloading, 100), "p"), null, 1, T0);
        var soon = ModelDelivery.Apply(Copy(first), new ModelObservation(true, false, Report(FetchStates.Downloading, 900), "p"), null, 1, T0.AddSeconds(2));
        var later = ModelDelivery.Apply(Copy(first), new ModelObservation(true, false, Report(FetchStates.Downloading, 900), "p"), null, 1, T0.AddSeconds(6));

        soon.Model!.DownloadedBytes.Should().Be(100);
        ConditionSet.Find(soon.Conditions, ConditionTypes.ModelReady)!.Message.Should().Be(ConditionSet.Find(first.Conditions, ConditionTypes.ModelReady)!.Message);
        later.Model!.DownloadedBytes.Should().Be(900);
    }

    [Fact]
    public void A_finished_fetch_makes_model_ready_true_and_keeps_the_revision()
    {
        var downloading = ModelDelivery.Apply(new LLMDeploymentStatus(), new ModelObservation(true, false, Report(FetchStates.Downloading, 100), "p"), null, 1, T0);

        var done = ModelDelivery.Apply(Copy(downloading), new ModelObservation(true, true, null, null), null, 1, T0.AddSeconds(1));

        done.Model!.Phase.Should().Be("Ready");
        done.Model.DownloadedBytes.Should().Be(1_000_000_000);
        var ready = ConditionSet.Find(done.Conditions, ConditionTypes.ModelReady)!;
        (ready.Status, ready.Reason).Should().Be(("True", ConditionReasons.ModelCached));
        ready.Message.Should().Contain("abc123");
    }

    [Fact]
    public void A_failed_fetch_container_makes_model_ready_false_with_its_reason_and_sources_without_download_are_ready()
    {
        var failure = new SpecProblem("status", ConditionReasons.ModelCacheFull, "the model download in pod p exited with code 13: CacheFull: …");
        var failed = ModelDelivery.Apply(new LLMDeploymentStatus(), new ModelObservation(true, false, null, null), failure, 1, T0);
        (ConditionSet.Find(failed.Conditions, ConditionTypes.ModelReady)!.Status, ConditionSet.Find(failed.Conditions, ConditionTypes.ModelReady)!.Reason)
            .Should().Be(("False", ConditionReasons.ModelCacheFull));

        var none = ModelDelivery.Apply(new LLMDeploymentStatus(), ModelObservation.NoDownload, null, 1, T0);
        none.Model.Should().BeNull();
        ConditionSet.Find(none.Conditions, ConditionTypes.ModelReady)!.Reason.Should().Be(ConditionReasons.NoDownload);
    }

    [Fact]
    public async Task Pods_with_a_finished_fetcher_or_a_running_engine_count_as_delivered()
    {
        var pod = new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "chat-a" },
            Status = new V1PodStatus
            {
                InitContainerStatuses = [new V1ContainerStatus { Name = "download", State = new V1ContainerState { Terminated = new V1ContainerStateTerminated { ExitCode = 0 } } }],
            },
        };
        var spec = new LLMDeploymentSpec { Model = new ModelSpec { Source = "hf://acme/tiny" } };

        var observed = await ModelDelivery.ObserveAsync(spec, [pod], new Sluice.Controllers.EngineApi.FetchProgressClient(new HttpClient()), 8000, CancellationToken.None);

        observed.Delivered.Should().BeTrue();
        (await ModelDelivery.ObserveAsync(spec, [], new Sluice.Controllers.EngineApi.FetchProgressClient(new HttpClient()), 8000, CancellationToken.None))
            .Should().Be(new ModelObservation(true, false, null, null));
    }

    private static LLMDeploymentStatus Copy(LLMDeploymentStatus status) => new() { Model = status.Model, Conditions = status.Conditions };
}
