namespace Sluice.Bench.Results;

/// <summary>What one request measured. Times are seconds; <see cref="StartSeconds"/> counts from the run's start.</summary>
public sealed record RequestRecord
{
    /// <summary>0-based request number (also the prompt index).</summary>
    public required int Index { get; init; }

    /// <summary>When the request was sent, seconds after the run started.</summary>
    public required double StartSeconds { get; init; }

    /// <summary>True when the server answered 2xx and the stream completed with at least one token.</summary>
    public required bool Ok { get; init; }

    /// <summary>HTTP status code when a response arrived, else null (connection failure, timeout).</summary>
    public int? StatusCode { get; init; }

    /// <summary>
    /// For failed requests: the HTTP status code as text (<c>"429"</c>, <c>"503"</c>) or one of
    /// <c>timeout</c>, <c>connection</c>, <c>stream_error</c>, <c>empty_response</c>; null when ok.
    /// </summary>
    public string? ErrorKind { get; init; }

    /// <summary>A short description of the failure (start of the error body or the exception message).</summary>
    public string? ErrorMessage { get; init; }

    /// <summary>Send to first non-empty token chunk, or null when none arrived.</summary>
    public double? TtftSeconds { get; init; }

    /// <summary>Send to end of stream (or to the failure).</summary>
    public required double E2eSeconds { get; init; }

    /// <summary>Gaps between consecutive non-empty token chunks; one fewer than the chunks.</summary>
    public IReadOnlyList<double> InterTokenLatenciesSeconds { get; init; } = [];

    /// <summary>Prompt tokens: the server's <c>usage.prompt_tokens</c> when reported, else the dataset's estimate.</summary>
    public int InputTokens { get; init; }

    /// <summary>True when <see cref="InputTokens"/> came from the server's usage.</summary>
    public bool InputTokensReported { get; init; }

    /// <summary>Generated tokens: the server's <c>usage.completion_tokens</c> when reported, else the number of non-empty chunks.</summary>
    public int OutputTokens { get; init; }

    /// <summary>True when <see cref="OutputTokens"/> came from the server's usage.</summary>
    public bool OutputTokensReported { get; init; }

    /// <summary>Seconds the server's Retry-After header asked to wait (a refusal's), or null when it sent none.</summary>
    public double? RetryAfterSeconds { get; init; }

    /// <summary>(e2e − TTFT) / (output tokens − 1) for ok requests with at least two output tokens, else null.</summary>
    public double? TpotSeconds { get; init; }
}
