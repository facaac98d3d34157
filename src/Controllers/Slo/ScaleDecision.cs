namespace Sluice.Controllers.Slo;

/// <summary>A change of replica count with the numbers behind it.</summary>
public sealed record ScaleDecision(int From, int To, string Reason);
