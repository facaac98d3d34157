using System.Threading.Channels;

namespace Sluice.Engine.Engine;

/// <summary>
/// A tokenized, validated request handed to the engine. The engine writes its progress to
/// <see cref="Outputs"/>; the HTTP handler reads it.
/// </summary>
public sealed class EngineRequest
{
    private readonly Channel<RequestOutput> _outputs = Channel.CreateUnbounded<RequestOutput>(
        new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });

    /// <param name="numChoices">Sequences to generate from the prompt (OpenAI <c>n</c>); at least 1.</param>
    public EngineRequest(string requestId, int[] promptTokenIds, SamplingParams samplingParams, int numChoices, long arrivalTimestamp)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(promptTokenIds.Length, 1, nameof(promptTokenIds));
        ArgumentOutOfRangeException.ThrowIfLessThan(numChoices, 1);
        RequestId = requestId;
        PromptTokenIds = promptTokenIds;
        SamplingParams = samplingParams;
        NumChoices = numChoices;
        ArrivalTimestamp = arrivalTimestamp;
    }

    public string RequestId { get; }

    public int[] PromptTokenIds { get; }

    public SamplingParams SamplingParams { get; }

    public int NumChoices { get; }

    /// <summary>Stopwatch timestamp when the server accepted the request.</summary>
    public long ArrivalTimestamp { get; }

    /// <summary>Progress messages; completes after the message with <see cref="RequestOutput.Finished"/>.</summary>
    public ChannelReader<RequestOutput> Outputs => _outputs.Reader;

    internal ChannelWriter<RequestOutput> OutputWriter => _outputs.Writer;

    /// <summary>The request's sequences once the engine accepted it.</summary>
    internal List<Sequence> Sequences { get; } = [];

    /// <summary>Stopwatch timestamp of the first scheduling; null while queued.</summary>
    internal long? FirstScheduledTimestamp { get; set; }

    /// <summary>Stopwatch timestamp of the first generated token; null before it.</summary>
    internal long? FirstTokenTimestamp { get; set; }

    /// <summary>True once the final message was written.</summary>
    internal bool IsDone { get; set; }
}
