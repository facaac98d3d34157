namespace Sluice.Engine.Engine;

/// <summary>Why a sequence ended.</summary>
public enum FinishReason
{
    /// <summary>EOS, a stop token id or a stop string.</summary>
    Stop,

    /// <summary>max_tokens or the context length was reached.</summary>
    Length,

    /// <summary>The client went away or the request was cancelled.</summary>
    Abort,

    /// <summary>The model runner failed while computing the sequence.</summary>
    Error,

    /// <summary>The request's deadline (the <c>timeout</c> field or the server's <c>--request-timeout</c>) passed.</summary>
    Timeout,
}
