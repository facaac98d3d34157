using System.Globalization;
using System.Text.Json.Serialization;

namespace Sluice.Kubernetes.Models;

/// <summary>A Kubernetes IntOrString: a port number or name, a count or a percentage ("25%").</summary>
[JsonConverter(typeof(Serialization.IntOrStringConverter))]
public readonly record struct IntOrString
{
    public IntOrString(int value)
    {
        IntValue = value;
    }

    public IntOrString(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        StringValue = value;
    }

    /// <summary>The integer form; null when this holds a string.</summary>
    public int? IntValue { get; }

    /// <summary>The string form; null when this holds an integer.</summary>
    public string? StringValue { get; }

    public static implicit operator IntOrString(int value) => new(value);

    public static implicit operator IntOrString(string value) => new(value);

    public static IntOrString FromInt32(int value) => new(value);

    public override string ToString() => StringValue ?? IntValue?.ToString(CultureInfo.InvariantCulture) ?? "";
}
