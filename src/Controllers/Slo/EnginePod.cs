namespace Sluice.Controllers.Slo;

/// <summary>A ready engine pod the control loop talks to: its name and the base URL of its HTTP port.</summary>
public sealed record EnginePod(string Name, Uri BaseUrl);
