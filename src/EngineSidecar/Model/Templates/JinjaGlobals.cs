using System.Globalization;
using System.Text;

namespace Sluice.Engine.Model.Templates;

/// <summary>Functions every chat template can call, as transformers provides them.</summary>
internal static class JinjaGlobals
{
    public static void AddTo(TemplateScope scope, Func<DateTime> clock)
    {
        scope.Set("raise_exception", new JinjaCallable("raise_exception", (args, _) =>
            throw new ChatTemplateException(args.Count > 0 ? JinjaValues.ToText(args[0]) : "raise_exception called")));
        scope.Set("namespace", new JinjaCallable("namespace", (args, kwargs) =>
        {
            var ns = new JinjaNamespace();
            if (args.FirstOrDefault() is Dictionary<string, object?> initial)
            {
                foreach (var (key, value) in initial)
                {
                    ns.Attributes[key] = value;
                }
            }

            foreach (var (key, value) in kwargs)
            {
                ns.Attributes[key] = value;
            }

            return ns;
        }));
        scope.Set("range", new JinjaCallable("range", (args, _) =>
        {
            var bounds = args.Select(a => (long)JinjaValues.ToDouble(a)).ToList();
            var (start, stop, step) = bounds.Count switch
            {
                1 => (0L, bounds[0], 1L),
                2 => (bounds[0], bounds[1], 1L),
                3 => (bounds[0], bounds[1], bounds[2]),
                _ => throw new ChatTemplateException("chat template: range() takes 1 to 3 arguments"),
            };
            if (step == 0)
            {
                throw new ChatTemplateException("chat template: range() step must not be zero");
            }

            var items = new List<object?>();
            for (var i = start; step > 0 ? i < stop : i > stop; i += step)
            {
                items.Add(i);
            }

            return items;
        }));
        scope.Set("dict", new JinjaCallable("dict", (_, kwargs) => new Dictionary<string, object?>(kwargs, StringComparer.Ordinal)));
        scope.Set("strftime_now", new JinjaCallable("strftime_now", (args, _) => Strftime(clock(), JinjaValues.ToText(args.FirstOrDefault()))));
    }

    /// <summary>Python strftime for the common directives (%d %m %Y %y %b %B %a %A %H %M %S %j %%).</summary>
    public static string Strftime(DateTime time, string format)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < format.Length; i++)
        {
            if (format[i] != '%' || i + 1 == format.Length)
            {
                builder.Append(format[i]);
                continue;
            }

            var directive = format[++i];
            builder.Append(directive switch
            {
                'd' => time.ToString("dd", CultureInfo.InvariantCulture),
                'm' => time.ToString("MM", CultureInfo.InvariantCulture),
                'Y' => time.ToString("yyyy", CultureInfo.InvariantCulture),
                'y' => time.ToString("yy", CultureInfo.InvariantCulture),
                'b' => time.ToString("MMM", CultureInfo.InvariantCulture),
                'B' => time.ToString("MMMM", CultureInfo.InvariantCulture),
                'a' => time.ToString("ddd", CultureInfo.InvariantCulture),
                'A' => time.ToString("dddd", CultureInfo.InvariantCulture),
                'H' => time.ToString("HH", CultureInfo.InvariantCulture),
                'M' => time.ToString("mm", CultureInfo.InvariantCulture),
                'S' => time.ToString("ss", CultureInfo.InvariantCulture),
                'j' => time.DayOfYear.ToString("000", CultureInfo.InvariantCulture),
                '%' => "%",
                _ => "%" + directive,
            });
        }

        return builder.ToString();
    }
}
