using System.Text;
using System.Text.RegularExpressions;

namespace Sluice.Engine.Fetch;

/// <summary>
/// Which files of a source are fetched: a file is taken when it matches any allow pattern (or none are given) and
/// no ignore pattern. Patterns are shell globs over the whole relative path, as huggingface_hub's
/// <c>allow_patterns</c>: <c>*</c> matches any run of characters (also across <c>/</c>), <c>?</c> one character,
/// <c>[abc]</c> one of a set; a pattern ending in <c>/</c> means everything under that directory.
/// </summary>
public sealed class FilePatterns
{
    private readonly Regex[] _allow;
    private readonly Regex[] _ignore;

    public FilePatterns(IEnumerable<string>? allow, IEnumerable<string>? ignore)
    {
        _allow = [.. (allow ?? []).Select(Compile)];
        _ignore = [.. (ignore ?? []).Select(Compile)];
    }

    /// <summary>True when <paramref name="path"/> (relative, '/'-separated) is fetched.</summary>
    public bool Includes(string path) =>
        (_allow.Length == 0 || _allow.Any(r => r.IsMatch(path))) && !_ignore.Any(r => r.IsMatch(path));

    /// <summary>The regular expression of one glob (anchored at both ends).</summary>
    public static Regex Compile(string glob)
    {
        ArgumentException.ThrowIfNullOrEmpty(glob);
        var pattern = glob.EndsWith('/') ? glob + "*" : glob;
        var regex = new StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            switch (c)
            {
                case '*':
                    regex.Append(".*");
                    break;
                case '?':
                    regex.Append('.');
                    break;
                case '[' when pattern.IndexOf(']', i + 1) is var end and > 0:
                    var set = pattern[(i + 1)..end];
                    regex.Append('[').Append(set.StartsWith('!') ? "^" + Regex.Escape(set[1..]) : Regex.Escape(set)).Append(']');
                    i = end;
                    break;
                default:
                    regex.Append(Regex.Escape(c.ToString()));
                    break;
            }
        }

        return new Regex(regex.Append('$').ToString(), RegexOptions.CultureInvariant | RegexOptions.Singleline, TimeSpan.FromSeconds(1));
    }
}
