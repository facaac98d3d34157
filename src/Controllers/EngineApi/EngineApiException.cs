namespace Sluice.Controllers.EngineApi;

/// <summary>An engine pod answered an operator call with an error or not at all; the message names the pod URL and the status.</summary>
public sealed class EngineApiException(string message, Exception? inner = null) : Exception(message, inner);
