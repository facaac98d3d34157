namespace Sluice.Bench.Client;

/// <summary>Accumulates the timing of one stream: first token, gaps between token chunks, usage.</summary>
internal sealed class StreamMeasurement(double startSeconds)
{
    private readonly List<double> _gapsSeconds = [];
    private double _lastTokenSeconds;

    public double StartSeconds { get; } = startSeconds;

    public int? StatusCode { get; set; }

    public double? TtftSeconds { get; private set; }

    public int NumChunks { get; private set; }

    public int? PromptTokens { get; private set; }

    public int? CompletionTokens { get; private set; }

    public IReadOnlyList<double> GapsSeconds => _gapsSeconds;

    /// <summary>Takes one event that arrived at <paramref name="nowSeconds"/>; events without text only carry usage.</summary>
    public void Add(StreamChunk chunk, double nowSeconds)
    {
        PromptTokens = chunk.PromptTokens ?? PromptTokens;
        CompletionTokens = chunk.CompletionTokens ?? CompletionTokens;
        if (chunk.Text.Length == 0)
        {
            return;
        }

        if (NumChunks == 0)
        {
            TtftSeconds = nowSeconds - StartSeconds;
        }
        else
        {
            _gapsSeconds.Add(nowSeconds - _lastTokenSeconds);
        }

        _lastTokenSeconds = nowSeconds;
        NumChunks++;
    }
}
