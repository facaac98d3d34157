namespace Sluice.Controllers.Reconciling;

/// <summary>An engine container that exited non-zero and is not serving: the pod, the exit code and the termination message (or the kubelet's reason when there is none).</summary>
public sealed record EngineStartFailure(string PodName, int ExitCode, string Text);
