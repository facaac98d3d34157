namespace Sluice.Engine.Model.Tokenization.Normalizers;

/// <summary>Lower-cases text (culture-invariant).</summary>
internal sealed class LowercaseNormalizer : INormalizer
{
    public string Normalize(string text) => text.ToLowerInvariant();
}
