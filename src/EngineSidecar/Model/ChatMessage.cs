namespace Sluice.Engine.Model;

/// <summary>One message of a chat conversation as passed to a chat template.</summary>
public sealed record ChatMessage(string Role, string Content);
