using Sluice.Engine.Api.Tools;
using Sluice.Engine.Engine;

namespace Sluice.Engine.Api;

/// <summary>A validated generation request: what the engine runs and how the response is shaped.</summary>
/// <param name="PromptTokenIds">Tokenized prompt; at least one token.</param>
/// <param name="NumChoices">OpenAI <c>n</c>.</param>
/// <param name="Stream">Answer with server-sent events.</param>
/// <param name="IncludeUsage">With <paramref name="Stream"/>: send a last chunk carrying the usage.</param>
/// <param name="TimeoutSeconds">The request's own deadline (the <c>timeout</c> field), or null for the server's.</param>
/// <param name="MaxQueueTimeSeconds">The request's own queue-time limit (the <c>max_queue_time</c> field), or null for the server's.</param>
/// <param name="Tools">The chat request's tools and tool_choice, or null when it offers none.</param>
public sealed record GenerationRequest(
    int[] PromptTokenIds,
    SamplingParams SamplingParams,
    int NumChoices,
    bool Stream,
    bool IncludeUsage,
    double? TimeoutSeconds = null,
    double? MaxQueueTimeSeconds = null,
    ToolPlan? Tools = null);
