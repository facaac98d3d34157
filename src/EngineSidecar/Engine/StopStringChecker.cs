namespace Sluice.Engine.Engine;

/// <summary>
/// Finds stop strings in a stream of detokenized text. Text that could still become the start of a
/// stop string is held back, so a stop string is never emitted, not even in part.
/// </summary>
public sealed class StopStringChecker
{
    private readonly IReadOnlyList<string> _stopStrings;
    private string _pending = string.Empty;

    /// <param name="stopStrings">Non-empty strings; an empty list disables the check.</param>
    public StopStringChecker(IReadOnlyList<string>? stopStrings)
    {
        _stopStrings = stopStrings ?? [];
        if (_stopStrings.Any(string.IsNullOrEmpty))
        {
            throw new ArgumentException("stop strings must not be empty", nameof(stopStrings));
        }
    }

    /// <summary>True once a stop string was found; further text is ignored.</summary>
    public bool Stopped { get; private set; }

    /// <summary>
    /// Adds <paramref name="text"/> and returns the text that is now safe to emit. When a stop string
    /// appears, <see cref="Stopped"/> becomes true and the returned text ends right before it.
    /// </summary>
    public string Append(string text)
    {
        if (Stopped)
        {
            return string.Empty;
        }

        if (_stopStrings.Count == 0)
        {
            return text;
        }

        var combined = _pending + text;
        var firstMatch = -1;
        foreach (var stop in _stopStrings)
        {
            var at = combined.IndexOf(stop, StringComparison.Ordinal);
            if (at >= 0 && (firstMatch < 0 || at < firstMatch))
            {
                firstMatch = at;
            }
        }

        if (firstMatch >= 0)
        {
            Stopped = true;
            _pending = string.Empty;
            return combined[..firstMatch];
        }

        var hold = LongestStopPrefixSuffix(combined);
        _pending = combined[(combined.Length - hold)..];
        return combined[..(combined.Length - hold)];
    }

    /// <summary>Returns the held-back text when the sequence ends for another reason.</summary>
    public string Flush()
    {
        var rest = _pending;
        _pending = string.Empty;
        return rest;
    }

    /// <summary>Length of the longest suffix of <paramref name="text"/> that is a proper prefix of a stop string.</summary>
    private int LongestStopPrefixSuffix(string text)
    {
        var best = 0;
        foreach (var stop in _stopStrings)
        {
            for (var length = Math.Min(stop.Length - 1, text.Length); length > best; length--)
            {
                if (text.AsSpan(text.Length - length).SequenceEqual(stop.AsSpan(0, length)))
                {
                    best = length;
                    break;
                }
            }
        }

        return best;
    }
}
