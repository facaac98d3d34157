namespace Sluice.Engine.Api.Fields;

/// <summary>One request field of the pinned list and what the server does with it.</summary>
/// <param name="Name">The wire name (snake_case).</param>
/// <param name="Support">Served, no-op, extension or refused.</param>
/// <param name="Note">For <see cref="FieldSupport.Refused"/>: the reason sent in the 400; otherwise what the field does here.</param>
public sealed record FieldRule(string Name, FieldSupport Support, string Note);
