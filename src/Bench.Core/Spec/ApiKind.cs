namespace Sluice.Bench.Spec;

/// <summary>Which OpenAI-compatible endpoint the requests go to.</summary>
public enum ApiKind
{
    /// <summary><c>POST /v1/completions</c> with a <c>prompt</c> string.</summary>
    Completions,

    /// <summary><c>POST /v1/chat/completions</c> with <c>messages</c> (an optional system message, then the user prompt).</summary>
    Chat,
}
