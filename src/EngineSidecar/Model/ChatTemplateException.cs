namespace Sluice.Engine.Model;

/// <summary>A chat template refused a conversation, or uses a feature the renderer does not support.</summary>
public sealed class ChatTemplateException(string message) : Exception(message);
