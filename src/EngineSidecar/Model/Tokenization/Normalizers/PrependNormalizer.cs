namespace Sluice.Engine.Model.Tokenization.Normalizers;

/// <summary>Puts <paramref name="prefix"/> in front of non-empty text (Llama-2's ▁).</summary>
internal sealed class PrependNormalizer(string prefix) : INormalizer
{
    public string Normalize(string text) => text.Length == 0 ? text : prefix + text;
}
