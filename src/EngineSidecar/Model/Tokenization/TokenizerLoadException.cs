namespace Sluice.Engine.Model.Tokenization;

/// <summary>A tokenizer file is missing, malformed, or uses a feature this loader does not support.</summary>
public sealed class TokenizerLoadException(string message, Exception? inner = null) : Exception(message, inner);
