namespace Sluice.Engine.Api;

/// <summary>The engine failed a request (runner error or shutdown); answered with a JSON 500 that carries only this message.</summary>
public sealed class EngineFailedException(string message) : Exception(message);
