using System.Globalization;

namespace Sluice.Entities.Resources;

/// <summary>A knob that is either <c>auto</c> or a positive number (as a string, so YAML numbers need quotes).</summary>
public static class EngineKnob
{
    public const string Auto = "auto";

    /// <summary>The schema pattern: <c>auto</c> or a decimal number.</summary>
    public const string Pattern = @"^(auto|[0-9]+(\.[0-9]+)?)$";

    /// <summary>The fixed value, or null for absent/<c>auto</c>. Unparsable text is treated as auto.</summary>
    public static double? FixedValue(string? text) =>
        string.IsNullOrEmpty(text) || text == Auto || !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? null
            : value;
}
