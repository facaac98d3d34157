using Sluice.Bench.Results;

namespace Sluice.Bench.Charts;

/// <summary>
/// The standard charts of one or more results files sharing an axis, one series per file:
/// output token throughput, TTFT p95 (with the TTFT SLO line) and TPOT p95 (with the TPOT SLO line),
/// each against concurrency or request rate. Latencies are drawn in milliseconds.
/// </summary>
public static class SweepCharts
{
    /// <summary>
    /// Builds <c>throughput-vs-{axis}.svg</c>, <c>ttft-p95-vs-{axis}.svg</c> and <c>tpot-p95-vs-{axis}.svg</c>
    /// (axis <c>concurrency</c> or <c>rate</c>). Runs without a value on the axis (rate = inf) are left
    /// out. Throws <see cref="ArgumentException"/> when the files have different axes.
    /// </summary>
    public static IReadOnlyList<NamedChart> Build(IReadOnlyList<LabeledResults> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.Count == 0)
        {
            throw new ArgumentException("no results to plot", nameof(inputs));
        }

        var axis = inputs[0].Results.EffectiveAxis;
        if (inputs.Any(i => i.Results.EffectiveAxis != axis))
        {
            throw new ArgumentException("the results files put different variables on the x axis (concurrency and request rate); plot them separately", nameof(inputs));
        }

        var (axisName, xLabel, xTitle) = axis == SweepAxis.Concurrency
            ? ("concurrency", "concurrent users", "concurrency")
            : ("rate", "request rate (req/s)", "request rate");
        var runs = inputs.SelectMany(i => i.Results.Runs).ToList();
        var ttftSlo = runs.Select(r => r.Spec.Slo.TtftSeconds).FirstOrDefault(v => v.HasValue);
        var tpotSlo = runs.Select(r => r.Spec.Slo.TpotSeconds).FirstOrDefault(v => v.HasValue);
        return
        [
            new NamedChart($"throughput-vs-{axisName}.svg", new ChartDefinition
            {
                Title = $"Output token throughput vs {xTitle}",
                XLabel = xLabel,
                YLabel = "output tokens/s",
                Series = SeriesOf(inputs, axis, s => s.OutputTokenThroughputPerSecond),
            }),
            new NamedChart($"ttft-p95-vs-{axisName}.svg", new ChartDefinition
            {
                Title = $"TTFT p95 vs {xTitle}",
                XLabel = xLabel,
                YLabel = "TTFT p95 (ms)",
                Series = SeriesOf(inputs, axis, s => s.Ttft.P95 * 1000),
                ReferenceY = ttftSlo * 1000,
                ReferenceLabel = ttftSlo is { } t ? $"TTFT SLO {t * 1000:0.###} ms" : null,
            }),
            new NamedChart($"tpot-p95-vs-{axisName}.svg", new ChartDefinition
            {
                Title = $"TPOT p95 vs {xTitle}",
                XLabel = xLabel,
                YLabel = "TPOT p95 (ms)",
                Series = SeriesOf(inputs, axis, s => s.Tpot.P95 * 1000),
                ReferenceY = tpotSlo * 1000,
                ReferenceLabel = tpotSlo is { } p ? $"TPOT SLO {p * 1000:0.###} ms" : null,
            }),
        ];
    }

    /// <summary>Writes every chart of <see cref="Build"/> into <paramref name="directory"/> (created if needed); returns the paths.</summary>
    public static IReadOnlyList<string> WriteAll(IReadOnlyList<LabeledResults> inputs, string directory)
    {
        Directory.CreateDirectory(directory);
        var paths = new List<string>();
        foreach (var named in Build(inputs))
        {
            var path = Path.Combine(directory, named.FileName);
            File.WriteAllText(path, SvgChartWriter.Render(named.Chart));
            paths.Add(path);
        }

        return paths;
    }

    private static List<ChartSeries> SeriesOf(IReadOnlyList<LabeledResults> inputs, SweepAxis axis, Func<RunSummary, double?> metric) =>
    [
        .. inputs.Select(input => new ChartSeries(
            input.Label,
            [
                .. input.Results.Runs
                    .Select(run => (X: ResultsFile.AxisValue(run, axis), Y: metric(run.Summary)))
                    .Where(p => p.X.HasValue && p.Y.HasValue)
                    .Select(p => new ChartPoint(p.X!.Value, p.Y!.Value)),
            ])),
    ];
}
