namespace Sluice.Engine.Model.Tokenization;

/// <summary>An entry of tokenizer.json's <c>added_tokens</c>, matched in the text before the model sees it.</summary>
/// <param name="SingleWord">Only matches when not inside a word.</param>
/// <param name="LeftStrip">Swallows whitespace on its left.</param>
/// <param name="RightStrip">Swallows whitespace on its right.</param>
/// <param name="Normalized">Matched in normalized text (true) or in the raw input (false).</param>
/// <param name="Special">Dropped by decode when special tokens are skipped.</param>
internal sealed record AddedToken(int Id, string Content, bool SingleWord, bool LeftStrip, bool RightStrip, bool Normalized, bool Special);
