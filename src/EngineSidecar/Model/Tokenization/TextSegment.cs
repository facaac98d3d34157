namespace Sluice.Engine.Model.Tokenization;

/// <summary>A piece of input: either an added token (<paramref name="TokenId"/> ≥ 0) or text still to tokenize (−1).</summary>
/// <param name="Start">Offset of the piece in the string it was cut from.</param>
internal readonly record struct TextSegment(string Text, int TokenId, int Start);
