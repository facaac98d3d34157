namespace Sluice.Bench.Tests.Fakes;

/// <summary>How the fake server answers one request.</summary>
public sealed record FakeResponse
{
    /// <summary>HTTP status; anything but 200 sends <see cref="ErrorBody"/> and no stream.</summary>
    public int StatusCode { get; init; } = 200;

    /// <summary>Sent as Retry-After (seconds) with an error status, when set.</summary>
    public int? RetryAfterSeconds { get; init; }

    public string ErrorBody { get; init; } = """{"error":{"message":"scripted failure","type":"server_error"}}""";

    /// <summary>Time before the first chunk.</summary>
    public double FirstTokenSeconds { get; init; }

    /// <summary>Time before each later chunk.</summary>
    public double InterTokenSeconds { get; init; }

    /// <summary>When set, the time before each later chunk given the number of streams active at that moment (a batch-size cost model).</summary>
    public Func<int, double>? InterTokenSecondsAtLoad { get; init; }

    /// <summary>Token chunks to send; null sends max_tokens chunks.</summary>
    public int? NumChunks { get; init; }

    /// <summary>Tokens each chunk stands for in the usage report.</summary>
    public int TokensPerChunk { get; init; } = 1;

    /// <summary>usage.prompt_tokens when usage is sent.</summary>
    public int PromptTokens { get; init; } = 7;

    /// <summary>Send a usage chunk when the request asks for it.</summary>
    public bool HonourIncludeUsage { get; init; } = true;

    /// <summary>After this many chunks, send an error event instead of the rest; null for none.</summary>
    public int? StreamErrorAfterChunks { get; init; }
}
