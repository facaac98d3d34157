namespace Sluice.Bench.Client;

/// <summary>What one SSE <c>data:</c> event of a completion stream carries.</summary>
/// <param name="Text">Generated text in this event (completions <c>text</c>, chat <c>delta.content</c> or <c>delta.reasoning_content</c>); empty when none.</param>
/// <param name="PromptTokens"><c>usage.prompt_tokens</c> when the event carries usage.</param>
/// <param name="CompletionTokens"><c>usage.completion_tokens</c> when the event carries usage.</param>
/// <param name="Error">The message of an <c>error</c> object in the stream, or null.</param>
public readonly record struct StreamChunk(string Text, int? PromptTokens, int? CompletionTokens, string? Error);
