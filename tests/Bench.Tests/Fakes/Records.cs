using Sluice.Bench.Results;

namespace Sluice.Bench.Tests.Fakes;

/// <summary>Builds request records and results files for tests that need no server.</summary>
public static class Records
{
    public static RequestRecord Ok(int index, double startSeconds, double ttftSeconds, double e2eSeconds, int outputTokens, int inputTokens = 10, params double[] itlSeconds) => new()
    {
        Index = index,
        StartSeconds = startSeconds,
        Ok = true,
        StatusCode = 200,
        TtftSeconds = ttftSeconds,
        E2eSeconds = e2eSeconds,
        InterTokenLatenciesSeconds = itlSeconds,
        InputTokens = inputTokens,
        OutputTokens = outputTokens,
        TpotSeconds = outputTokens > 1 ? (e2eSeconds - ttftSeconds) / (outputTokens - 1) : null,
    };

    public static RequestRecord Failed(int index, double startSeconds, string kind, int? status = null) => new()
    {
        Index = index,
        StartSeconds = startSeconds,
        Ok = false,
        StatusCode = status,
        ErrorKind = kind,
        ErrorMessage = "scripted",
        E2eSeconds = 0.01,
    };
}
