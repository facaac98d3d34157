namespace Sluice.Engine.Engine;

/// <summary>
/// One generated completion (a choice) of a request: the prompt plus its output tokens, how many of
/// them are in the KV cache, and the blocks that hold them. Owned by the engine thread.
/// </summary>
public sealed class Sequence
{
    private readonly List<int> _tokenIds;
    private readonly Dictionary<int, int> _outputTokenCounts = [];
    private readonly HashSet<int> _seenTokenIds;

    /// <param name="id">Engine-wide id; lower ids arrived earlier and have priority.</param>
    /// <param name="request">The request this sequence belongs to.</param>
    /// <param name="index">Choice index within the request.</param>
    public Sequence(long id, EngineRequest request, int index, Random random, StopStringChecker stopChecker, IncrementalDetokenizer detokenizer)
    {
        Id = id;
        Request = request;
        Index = index;
        Random = random;
        StopChecker = stopChecker;
        Detokenizer = detokenizer;
        _tokenIds = [.. request.PromptTokenIds];
        _seenTokenIds = [.. request.PromptTokenIds];
        NumPromptTokens = _tokenIds.Count;
    }

    public long Id { get; }

    public EngineRequest Request { get; }

    public int Index { get; }

    /// <summary>Prompt tokens followed by the output tokens generated so far.</summary>
    public IReadOnlyList<int> TokenIds => _tokenIds;

    public int NumTokens => _tokenIds.Count;

    public int NumPromptTokens { get; }

    public int NumOutputTokens => _tokenIds.Count - NumPromptTokens;

    /// <summary>Tokens whose keys/values are in the KV cache (computed or taken from the prefix cache).</summary>
    public int NumComputedTokens { get; set; }

    /// <summary>Physical KV block ids; block i holds positions [i·blockSize, (i+1)·blockSize).</summary>
    public List<int> BlockTable { get; } = [];

    /// <summary>Prefix-cache hashes of the leading full blocks of <see cref="BlockTable"/> that are hashed so far.</summary>
    public List<ulong> BlockHashes { get; } = [];

    public SequenceStatus Status { get; set; } = SequenceStatus.Waiting;

    public FinishReason? FinishReason { get; set; }

    /// <summary>Generator for sampling; seeded per request and choice for reproducibility.</summary>
    public Random Random { get; }

    public StopStringChecker StopChecker { get; }

    public IncrementalDetokenizer Detokenizer { get; }

    /// <summary>The grammar state when the request asked for structured output; advanced with every appended token.</summary>
    public Grammar.TokenConstraint? Constraint { get; init; }

    /// <summary>Times this sequence was preempted and had to be recomputed.</summary>
    public int NumPreemptions { get; set; }

    /// <summary>Stopwatch timestamp of the last token this sequence produced; null before the first.</summary>
    public long? LastTokenTimestamp { get; set; }

    /// <summary>Times each token id occurs in the output (for presence and frequency penalties).</summary>
    public IReadOnlyDictionary<int, int> OutputTokenCounts => _outputTokenCounts;

    /// <summary>Distinct token ids of prompt and output (for the repetition penalty).</summary>
    public IReadOnlySet<int> SeenTokenIds => _seenTokenIds;

    public bool IsFinished => Status == SequenceStatus.Finished;

    /// <summary>Appends a sampled token to the output.</summary>
    public void AppendToken(int tokenId)
    {
        _tokenIds.Add(tokenId);
        _seenTokenIds.Add(tokenId);
        _outputTokenCounts[tokenId] = _outputTokenCounts.GetValueOrDefault(tokenId) + 1;
    }
}
