using System.Text.Json;
using k8s.Models;
using Sluice.Controllers.Reconciling;
using Sluice.Entities.Resources;
using Sluice.Kubernetes.Serialization;

namespace Sluice.Controllers.Tests.Reconciling;

public class EngineStartFailuresTests
{
    private const string Refused = "checkpoint /models/org/name is bf16 (no quantization_config) but --quantization int4-awq needs an AWQ export";

    /// <summary>A status object as the kubelet writes it.</summary>
    private static T Parse<T>(string json) => JsonSerializer.Deserialize<T>(json, ApiJson.Options)!;

    private static V1Pod Pod(string name, bool ready, string? state, string? lastState = null, bool deleting = false) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, DeletionTimestamp = deleting ? DateTime.UnixEpoch : null },
        Status = new V1PodStatus
        {
            ContainerStatuses =
            [
                new V1ContainerStatus
                {
                    Name = "engine",
                    Ready = ready,
                    State = state is null ? null : Parse<V1ContainerState>(state),
                    LastState = lastState is null ? null : Parse<V1ContainerState>(lastState),
                },
            ],
        },
    };

    private static string Terminated(int code, string? message, string? reason = "Error") =>
        JsonSerializer.Serialize(new Dictionary<string, object?> { ["terminated"] = new Dictionary<string, object?> { ["exitCode"] = code, ["message"] = message, ["reason"] = reason } });

    private const string CrashLoop = """{"waiting":{"reason":"CrashLoopBackOff","message":"back-off 40s restarting failed container"}}""";
    private const string Running = """{"running":{"startedAt":"2026-12-02T10:00:00Z"}}""";

    [Fact]
    public void Crash_loop_reports_the_last_termination_message_and_exit_code()
    {
        var failure = EngineStartFailures.Find([Pod("chat-b", false, CrashLoop, Terminated(2, Refused))])!;

        failure.Should().Be(new EngineStartFailure("chat-b", "engine", 2, Refused));
        failure.Reason.Should().Be(ConditionReasons.EngineStartFailed);
        EngineStartFailures.Message(failure).Should().Be($"the engine in pod chat-b exited with code 2 and is restarted in a loop until the cause is fixed: {Refused}");
    }

    [Fact]
    public void The_message_does_not_change_between_restarts_of_the_same_error()
    {
        var waiting = EngineStartFailures.Find([Pod("chat-b", false, CrashLoop, Terminated(2, Refused))])!;
        var terminated = EngineStartFailures.Find([Pod("chat-b", false, Terminated(2, Refused))])!;
        var restarting = EngineStartFailures.Find([Pod("chat-b", false, Running, Terminated(2, Refused))])!;

        EngineStartFailures.Message(terminated).Should().Be(EngineStartFailures.Message(waiting)).And.Be(EngineStartFailures.Message(restarting));
    }

    [Fact]
    public void Without_a_termination_message_the_kubelet_reason_is_named()
    {
        EngineStartFailures.Find([Pod("a", false, CrashLoop, Terminated(137, null, "OOMKilled"))])!.Text.Should().Be("OOMKilled (no termination message)");
        EngineStartFailures.Find([Pod("a", false, CrashLoop, Terminated(1, "  \n", null))])!.Text.Should().Be("no termination message");
    }

    [Fact]
    public void Ready_running_clean_exits_deleted_pods_and_other_containers_are_not_failures()
    {
        var notFailures = new[]
        {
            Pod("ready-after-a-crash", true, Running, Terminated(1, "old")),
            Pod("starting", false, Running),
            Pod("clean-exit", false, Terminated(0, "drained", "Completed")),
            Pod("deleting", false, CrashLoop, Terminated(1, "boom"), deleting: true),
            new V1Pod { Metadata = new V1ObjectMeta { Name = "no-status" } },
            new V1Pod
            {
                Metadata = new V1ObjectMeta { Name = "sidecar" },
                Status = new V1PodStatus { ContainerStatuses = [new V1ContainerStatus { Name = "download", State = Parse<V1ContainerState>(Terminated(1, "x")) }] },
            },
        };

        EngineStartFailures.Find(notFailures).Should().BeNull();
    }

    [Fact]
    public void The_first_failing_pod_by_name_speaks()
    {
        var failure = EngineStartFailures.Find([Pod("chat-z", false, CrashLoop, Terminated(1, "z")), Pod("chat-a", false, CrashLoop, Terminated(3, "a"))])!;

        (failure.PodName, failure.ExitCode, failure.Text).Should().Be(("chat-a", 3, "a"));
    }

    [Fact]
    public void Long_text_keeps_its_start_and_its_end()
    {
        var text = "S" + new string('x', 5000) + "E";

        var clipped = EngineStartFailures.Clip(text);

        clipped.Length.Should().Be(EngineStartFailures.MaxTextChars);
        clipped.Should().StartWith("Sxxx").And.EndWith("xxE").And.Contain(" … ");
        EngineStartFailures.Clip("  short\n").Should().Be("short");
    }

    [Fact]
    public void A_failing_model_download_comes_first_with_its_own_reason()
    {
        var pod = Pod("chat-a", false, """{"waiting":{"reason":"PodInitializing"}}""");
        pod.Status!.InitContainerStatuses = Parse<List<V1ContainerStatus>>("""
            [{"name":"download","ready":false,"restartCount":3,"image":"python:3.12-slim",
              "state":{"waiting":{"reason":"CrashLoopBackOff"}},
              "lastState":{"terminated":{"exitCode":1,"reason":"Error","message":"401 Client Error: Unauthorized for url: https://huggingface.co/api/models/meta-llama/x"}}}]
            """);

        var failure = EngineStartFailures.Find([pod])!;

        (failure.ContainerName, failure.ExitCode, failure.Reason).Should().Be(("download", 1, ConditionReasons.ModelDownloadFailed));
        EngineStartFailures.Message(failure).Should().StartWith("the model download in pod chat-a exited with code 1").And.Contain("401 Client Error");
    }

    [Fact]
    public void A_finished_download_is_no_failure()
    {
        var pod = Pod("chat-a", false, Running);
        pod.Status!.InitContainerStatuses = Parse<List<V1ContainerStatus>>("""[{"name":"download","ready":true,"state":{"terminated":{"exitCode":0,"reason":"Completed"}}}]""");

        EngineStartFailures.Find([pod]).Should().BeNull();
    }

    [Theory]
    [InlineData("CreateContainerConfigError", "secret \"hf-token\" not found", "the engine in pod a cannot start: CreateContainerConfigError: secret \"hf-token\" not found")]
    [InlineData("ErrImagePull", "rpc error: code = NotFound", "the engine in pod a cannot start: its image registry/engine:9 cannot be pulled (check the image name and the pull secrets)")]
    [InlineData("ImagePullBackOff", "Back-off pulling image", "the engine in pod a cannot start: its image registry/engine:9 cannot be pulled (check the image name and the pull secrets)")]
    public void A_container_that_never_ran_is_named_with_the_kubelets_reason(string reason, string message, string expected)
    {
        var pod = Pod("a", false, JsonSerializer.Serialize(new { waiting = new { reason, message } }));
        pod.Status!.ContainerStatuses![0].Image = "registry/engine:9";

        var failure = EngineStartFailures.Find([pod])!;

        failure.ExitCode.Should().BeNull();
        EngineStartFailures.Message(failure).Should().Be(expected);
    }
}
