using Sluice.Engine.Model.Tokenization.Unicode;

namespace Sluice.Engine.Model.Tokenization.Normalizers;

/// <summary>Unicode canonical normalization, NFC or NFD (Qwen2 uses NFC).</summary>
internal sealed class UnicodeFormNormalizer(bool compose) : INormalizer
{
    public string Normalize(string text) => compose ? CanonicalNormalizer.ToNfc(text) : CanonicalNormalizer.ToNfd(text);
}
