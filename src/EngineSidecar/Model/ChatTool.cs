namespace Sluice.Engine.Model;

/// <summary>A function tool offered to the model, as passed to a chat template.</summary>
/// <param name="Name">Function name.</param>
/// <param name="Description">What the function does, or null.</param>
/// <param name="ParametersJson">The JSON Schema of its arguments as JSON text, or null when it takes none.</param>
public sealed record ChatTool(string Name, string? Description, string? ParametersJson);
