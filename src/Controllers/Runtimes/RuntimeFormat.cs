namespace Sluice.Controllers.Runtimes;

/// <summary>How a runtime spells one spec.quantization or spec.kvCacheDtype value.</summary>
/// <param name="Flag">The runtime's value for its flag; empty means "pass no flag" (the default format); null means the runtime cannot serve it.</param>
/// <param name="Note">What the value needs (e.g. a checkpoint exported in that format) or, when refused, why and what to use instead.</param>
public sealed record RuntimeFormat(string? Flag, string Note)
{
    /// <summary>The runtime's default: no flag.</summary>
    public static RuntimeFormat Default { get; } = new("", "the runtime's default");

    /// <summary>A value the runtime cannot serve, with the reason.</summary>
    public static RuntimeFormat Refused(string why) => new(null, why);
}
