namespace Sluice.Engine.Tests.Proxy;

/// <summary>How the fake runtime answers the next OpenAI requests.</summary>
internal enum FakeRuntimeMode
{
    /// <summary>As vLLM does: JSON bodies, or SSE chunks ending in <c>data: [DONE]</c>.</summary>
    Normal,

    /// <summary>500 with a FastAPI-style <c>{"detail"}</c> body.</summary>
    Fail500,

    /// <summary>503 with <c>Retry-After: 7</c>.</summary>
    Fail503,

    /// <summary>Streams send two content chunks, wait for <see cref="FakeRuntime.Cut"/>, then the connection is cut.</summary>
    CutMidStream,

    /// <summary>Streams send their headers, then (a second later, once they were read) the connection is cut before any body byte.</summary>
    CutBeforeBody,
}
