namespace Sluice.Engine.Model.Tokenization.Normalizers;

/// <summary>Removes whitespace from the left and/or right end.</summary>
internal sealed class StripNormalizer(bool left, bool right) : INormalizer
{
    public string Normalize(string text)
    {
        if (left)
        {
            text = text.TrimStart();
        }

        return right ? text.TrimEnd() : text;
    }
}
