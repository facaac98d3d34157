namespace Sluice.Entities.Validation;

/// <summary>A reason the spec cannot be served as written.</summary>
/// <param name="Field">JSON path of the offending field, e.g. <c>spec.gpu.type</c>.</param>
/// <param name="Reason">CamelCase condition/event reason, one of <see cref="Resources.ConditionReasons"/>.</param>
/// <param name="Message">A sentence naming the values and what to change.</param>
public sealed record SpecProblem(string Field, string Reason, string Message);
