namespace Sluice.Engine.Model.Tokenization.PreTokenizers;

/// <summary>Cuts text at delimiter matches the way <c>NormalizedString::split</c> does.</summary>
internal static class DelimiterSplitter
{
    /// <summary>
    /// Appends the non-empty pieces of <paramref name="piece"/> to <paramref name="output"/>, given the
    /// delimiter <paramref name="matches"/> (start, length in UTF-16 units, ascending, non-overlapping).
    /// </summary>
    public static void Split(PreToken piece, List<(int Start, int Length)> matches, bool invert, SplitBehavior behavior, List<PreToken> output)
    {
        var text = piece.Text;
        var spans = new List<(int Start, int End, bool IsMatch)>(matches.Count * 2 + 1);
        var previous = 0;
        foreach (var (start, length) in matches)
        {
            if (start != previous)
            {
                spans.Add((previous, start, invert));
            }

            spans.Add((start, start + length, !invert));
            previous = start + length;
        }

        if (previous != text.Length)
        {
            spans.Add((previous, text.Length, invert));
        }

        var merged = Merge(spans, behavior);
        foreach (var (start, end) in merged)
        {
            if (end > start)
            {
                output.Add(new PreToken(text[start..end], piece.AtStart && start == 0));
            }
        }
    }

    private static List<(int Start, int End)> Merge(List<(int Start, int End, bool IsMatch)> spans, SplitBehavior behavior)
    {
        var result = new List<(int Start, int End)>(spans.Count);
        switch (behavior)
        {
            case SplitBehavior.Isolated:
                foreach (var span in spans)
                {
                    result.Add((span.Start, span.End));
                }

                break;
            case SplitBehavior.Removed:
                foreach (var span in spans)
                {
                    if (!span.IsMatch)
                    {
                        result.Add((span.Start, span.End));
                    }
                }

                break;
            case SplitBehavior.MergedWithPrevious:
                {
                    var previousMatch = false;
                    foreach (var span in spans)
                    {
                        if (span.IsMatch && !previousMatch && result.Count > 0)
                        {
                            result[^1] = (result[^1].Start, span.End);
                        }
                        else
                        {
                            result.Add((span.Start, span.End));
                        }

                        previousMatch = span.IsMatch;
                    }

                    break;
                }

            case SplitBehavior.MergedWithNext:
                {
                    var previousMatch = false;
                    for (var i = spans.Count - 1; i >= 0; i--)
                    {
                        var span = spans[i];
                        if (span.IsMatch && !previousMatch && result.Count > 0)
                        {
                            result[^1] = (span.Start, result[^1].End);
                        }
                        else
                        {
                            result.Add((span.Start, span.End));
                        }

                        previousMatch = span.IsMatch;
                    }

                    result.Reverse();
                    break;
                }

            case SplitBehavior.Contiguous:
                {
                    bool? previousMatch = null;
                    foreach (var span in spans)
                    {
                        if (previousMatch == span.IsMatch && result.Count > 0)
                        {
                            result[^1] = (result[^1].Start, span.End);
                        }
                        else
                        {
                            result.Add((span.Start, span.End));
                        }

                        previousMatch = span.IsMatch;
                    }

                    break;
                }

            default:
                throw new ArgumentOutOfRangeException(nameof(behavior), behavior, "unknown split behavior");
        }

        return result;
    }
}
