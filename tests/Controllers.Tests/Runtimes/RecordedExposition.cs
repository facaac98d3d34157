using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Sluice.Controllers.Tests.Runtimes;

/// <summary>
/// A runtime's exposition recorded for its version (fixtures/runtimes) turned into a live page: every comment line, metric
/// name, label set (in the recorded order) and bucket bound stays as recorded, and every value follows the queueing model
/// instead. Each family declared by a <c># TYPE</c> line needs a <see cref="MetricRole"/>, or construction throws, so that
/// no part of the page stands still. A family's first label set carries its values; further label sets (e.g. another
/// finished_reason) read 0. <c>_created</c> samples (creation timestamps) stay as recorded. Values are written in the
/// recorded style: <c>6.0</c> where the recording wrote floats (prometheus_client), <c>6</c> where it wrote integers.
/// </summary>
internal sealed partial class RecordedExposition
{
    private readonly List<Line> _lines = [];
    private readonly Dictionary<string, Family> _families = new(StringComparer.Ordinal);

    public RecordedExposition(string recorded, IReadOnlyDictionary<string, MetricRole> roles)
    {
        ArgumentNullException.ThrowIfNull(recorded);
        ArgumentNullException.ThrowIfNull(roles);
        foreach (var text in recorded.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (TypeLine().Match(text) is { Success: true } type)
            {
                var name = type.Groups["name"].Value;
                _families[name] = new Family(type.Groups["type"].Value, roles.TryGetValue(name, out var role)
                    ? role
                    : throw new ArgumentException($"the recorded family {name} has no role", nameof(roles)));
            }

            _lines.Add(text.StartsWith('#') ? new Line(text, null, default, "", "", double.NaN, false, false) : Sample(text));
        }

        foreach (var family in _families.Values.Where(f => f.Type == "histogram"))
        {
            family.Counts = new double[family.Bounds.Count];
        }
    }

    /// <summary>Adds <paramref name="count"/> observations of <paramref name="value"/> to every histogram of <paramref name="role"/>.</summary>
    public void Observe(MetricRole role, double value, long count)
    {
        foreach (var family in _families.Values.Where(f => f.Role == role && f.Type == "histogram"))
        {
            var bucket = family.Bounds.FindIndex(b => value <= b);
            family.Counts[bucket] += count;
            family.Value += value * count;
        }
    }

    /// <summary>Adds <paramref name="amount"/> to every counter of <paramref name="role"/>.</summary>
    public void Add(MetricRole role, double amount)
    {
        foreach (var family in _families.Values.Where(f => f.Role == role && f.Type == "counter"))
        {
            family.Value += amount;
        }
    }

    /// <summary>The page now; gauges read <paramref name="gauge"/> of their role.</summary>
    public string Render(Func<MetricRole, double> gauge)
    {
        ArgumentNullException.ThrowIfNull(gauge);
        var page = new StringBuilder();
        foreach (var line in _lines)
        {
            if (line.Verbatim is { } verbatim)
            {
                page.Append(verbatim).Append('\n');
                continue;
            }

            var family = _families[line.Family!];
            var value = !line.Primary ? 0
                : line.Part switch
                {
                    Part.Value => family.Type == "gauge" ? gauge(family.Role) : family.Value,
                    Part.Bucket => family.Counts.Take(family.Bounds.IndexOf(line.Bound) + 1).Sum(),
                    Part.Count => family.Counts.Sum(),
                    _ => family.Value,
                };
            page.Append(line.Name).Append(line.Labels.Length > 0 ? "{" + line.Labels + "}" : "").Append(' ').Append(Format(value, line.FloatStyle)).Append('\n');
        }

        return page.ToString();
    }

    private Line Sample(string text)
    {
        var sample = SampleLine().Match(text);
        if (!sample.Success)
        {
            throw new FormatException($"not a sample line: {text}");
        }

        var name = sample.Groups["name"].Value;
        var labels = sample.Groups["labels"].Value;
        var raw = sample.Groups["value"].Value;
        var floatStyle = raw.Contains('.', StringComparison.Ordinal) || raw.Contains('e', StringComparison.OrdinalIgnoreCase);
        if (name.EndsWith("_created", StringComparison.Ordinal))
        {
            return new Line(text, null, default, name, labels, double.NaN, false, floatStyle);
        }

        if (_families.TryGetValue(name, out var plain))
        {
            return new Line(null, name, Part.Value, name, labels, double.NaN, plain.IsPrimary(labels), floatStyle);
        }

        foreach (var (suffix, part) in new[] { ("_bucket", Part.Bucket), ("_count", Part.Count), ("_sum", Part.Sum) })
        {
            var familyName = name.EndsWith(suffix, StringComparison.Ordinal) ? name[..^suffix.Length] : null;
            if (familyName is null || !_families.TryGetValue(familyName, out var family) || family.Type != "histogram")
            {
                continue;
            }

            var bound = double.NaN;
            var labelSet = labels;
            if (part == Part.Bucket)
            {
                var le = LeLabel().Match(labels);
                bound = le.Groups["le"].Value == "+Inf" ? double.PositiveInfinity : double.Parse(le.Groups["le"].Value, CultureInfo.InvariantCulture);
                labelSet = LeLabel().Replace(labels, "").Trim(',');
            }

            var primary = family.IsPrimary(labelSet);
            if (primary && part == Part.Bucket)
            {
                family.Bounds.Add(bound);
            }

            return new Line(null, familyName, part, name, labels, bound, primary, floatStyle);
        }

        throw new FormatException($"the sample {name} belongs to no declared family");
    }

    private static string Format(double value, bool floatStyle) =>
        Math.Abs(value - Math.Round(value)) < 1e-9 && Math.Abs(value) < 1e15
            ? Math.Round(value).ToString("0", CultureInfo.InvariantCulture) + (floatStyle ? ".0" : "")
            : value.ToString("R", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^# TYPE (?<name>\S+) (?<type>\S+)$")]
    private static partial Regex TypeLine();

    [GeneratedRegex(@"^(?<name>[^\s{]+)(?:\{(?<labels>[^}]*)\})?\s+(?<value>\S+)$")]
    private static partial Regex SampleLine();

    [GeneratedRegex(@"(?:^|,)le=""(?<le>[^""]*)""")]
    private static partial Regex LeLabel();

    private enum Part
    {
        Value,
        Bucket,
        Count,
        Sum,
    }

    private sealed record Line(string? Verbatim, string? Family, Part Part, string Name, string Labels, double Bound, bool Primary, bool FloatStyle);

    /// <summary>One declared family: its state (a counter's total or a histogram's sum in <see cref="Value"/>, per-bucket counts).</summary>
    private sealed class Family(string type, MetricRole role)
    {
        private string? _primaryLabels;

        public string Type { get; } = type;

        public MetricRole Role { get; } = role;

        public List<double> Bounds { get; } = [];

        public double[] Counts { get; set; } = [];

        public double Value { get; set; }

        /// <summary>True for the first label set seen of this family (and for that one again).</summary>
        public bool IsPrimary(string labels) => (_primaryLabels ??= labels) == labels;
    }
}
