using System.Globalization;
using Sluice.Engine.Model.Tokenization.Normalizers;

namespace Sluice.Engine.Model.Tokenization;

/// <summary>
/// Finds added tokens in text the way <c>tokenizers</c>' AddedVocabulary does: leftmost-longest,
/// non-overlapping matches; raw-text tokens first, then normalized tokens in normalized pieces; honours
/// single_word, lstrip and rstrip.
/// </summary>
internal sealed class AddedVocabulary
{
    private readonly Dictionary<int, AddedToken> _byId = [];
    private readonly Matcher _raw;
    private readonly Matcher _normalized;

    public AddedVocabulary(IReadOnlyList<AddedToken> tokens, INormalizer? normalizer)
    {
        var raw = new List<(string, AddedToken)>();
        var normalized = new List<(string, AddedToken)>();
        foreach (var token in tokens)
        {
            _byId[token.Id] = token;
            if (token.Content.Length == 0)
            {
                continue;
            }

            if (token.Normalized)
            {
                normalized.Add((normalizer?.Normalize(token.Content) ?? token.Content, token));
            }
            else
            {
                raw.Add((token.Content, token));
            }
        }

        _raw = new Matcher(raw);
        _normalized = new Matcher(normalized);
    }

    /// <summary>The added token with id <paramref name="id"/>, if any.</summary>
    public AddedToken? Find(int id) => _byId.GetValueOrDefault(id);

    /// <summary>Cuts raw input at added tokens that match before normalization.</summary>
    public void SplitRaw(string text, List<TextSegment> output) => Split(text, _raw, output);

    /// <summary>Cuts a normalized piece at added tokens that match after normalization.</summary>
    public void SplitNormalized(string text, List<TextSegment> output) => Split(text, _normalized, output);

    private static void Split(string text, Matcher matcher, List<TextSegment> output)
    {
        if (!matcher.HasPatterns)
        {
            if (text.Length > 0)
            {
                output.Add(new TextSegment(text, -1, 0));
            }

            return;
        }

        var emitted = 0;
        var position = 0;
        while (position < text.Length)
        {
            if (!matcher.TryMatchAt(text, position, out var token, out var length))
            {
                position++;
                continue;
            }

            var start = position;
            var stop = position + length;
            position = stop;
            if (token.SingleWord && !IsWordBoundary(text, start, stop))
            {
                continue;
            }

            if (token.LeftStrip)
            {
                var newStart = start;
                while (newStart > 0 && char.IsWhiteSpace(text[newStart - 1]))
                {
                    newStart--;
                }

                start = Math.Max(newStart, emitted);
            }

            if (token.RightStrip)
            {
                while (stop < text.Length && char.IsWhiteSpace(text[stop]))
                {
                    stop++;
                }
            }

            if (emitted < start)
            {
                output.Add(new TextSegment(text[emitted..start], -1, emitted));
            }

            output.Add(new TextSegment(text[start..stop], token.Id, start));
            emitted = stop;
            position = Math.Max(position, stop);
        }

        if (emitted < text.Length)
        {
            output.Add(new TextSegment(text[emitted..], -1, emitted));
        }
    }

    private static bool IsWordBoundary(string text, int start, int stop)
    {
        var startFree = start == 0 || !IsWordCharacter(text, start >= 2 && char.IsSurrogatePair(text[start - 2], text[start - 1]) ? start - 2 : start - 1);
        var stopFree = stop == text.Length || !IsWordCharacter(text, stop);
        return startFree && stopFree;
    }

    /// <summary>Unicode <c>\w</c> as the Rust regex crate defines it: letters, marks, decimal and letter numbers, connector punctuation, joiners.</summary>
    private static bool IsWordCharacter(string text, int index)
    {
        if (text[index] is '\u200C' or '\u200D')
        {
            return true;
        }

        var codePoint = char.IsSurrogatePair(text, index) ? char.ConvertToUtf32(text, index) : text[index];
        return CharUnicodeInfo.GetUnicodeCategory(codePoint) switch
        {
            UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
                or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter => true,
            UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark => true,
            UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.ConnectorPunctuation => true,
            _ => false,
        };
    }

    /// <summary>Leftmost-longest literal matching over the token contents, indexed by first character.</summary>
    private sealed class Matcher
    {
        private readonly Dictionary<char, List<(string Pattern, AddedToken Token)>> _byFirstChar = [];

        public Matcher(List<(string Pattern, AddedToken Token)> patterns)
        {
            foreach (var entry in patterns.OrderByDescending(p => p.Pattern.Length))
            {
                if (entry.Pattern.Length == 0)
                {
                    continue;
                }

                if (!_byFirstChar.TryGetValue(entry.Pattern[0], out var list))
                {
                    _byFirstChar[entry.Pattern[0]] = list = [];
                }

                list.Add(entry);
            }
        }

        public bool HasPatterns => _byFirstChar.Count > 0;

        public bool TryMatchAt(string text, int position, out AddedToken token, out int length)
        {
            if (_byFirstChar.TryGetValue(text[position], out var candidates))
            {
                foreach (var (pattern, candidate) in candidates)
                {
                    if (string.CompareOrdinal(text, position, pattern, 0, pattern.Length) == 0 && position + pattern.Length <= text.Length)
                    {
                        token = candidate;
                        length = pattern.Length;
                        return true;
                    }
                }
            }

            token = null!;
            length = 0;
            return false;
        }
    }
}
