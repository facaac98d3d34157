namespace Sluice.Engine.Model.Tokenization.Decoders;

/// <summary>Removes up to <paramref name="start"/> leading and <paramref name="stop"/> trailing <paramref name="content"/> characters from each token.</summary>
internal sealed class StripDecoder(char content, int start, int stop) : ITokenDecoder
{
    public List<string> DecodeChain(List<string> tokens)
    {
        var output = new List<string>(tokens.Count);
        foreach (var token in tokens)
        {
            var left = 0;
            while (left < start && left < token.Length && token[left] == content)
            {
                left++;
            }

            var right = token.Length;
            var removed = 0;
            while (removed < stop && right > left && token[right - 1] == content)
            {
                right--;
                removed++;
            }

            output.Add(token[left..right]);
        }

        return output;
    }
}
