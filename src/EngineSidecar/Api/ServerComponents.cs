using Sluice.Engine.Engine;

namespace Sluice.Engine.Api;

/// <summary>The engine parts behind a built server, resolvable from its services (for diagnostics and tests).</summary>
public sealed record ServerComponents(LiveConfig Config, EngineLoop Loop, EngineMetrics Metrics, AdmissionControl Admission, InferenceEngine Engine);
