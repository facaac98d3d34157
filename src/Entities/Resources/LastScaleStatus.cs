namespace Sluice.Entities.Resources;

/// <summary>The most recent replica-count change and why it happened.</summary>
public sealed class LastScaleStatus
{
    public DateTimeOffset? Time { get; set; }

    public int? From { get; set; }

    public int? To { get; set; }

    public string? Reason { get; set; }
}
