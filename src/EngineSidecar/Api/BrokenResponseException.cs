namespace Sluice.Engine.Api;

/// <summary>
/// Thrown by a handler whose response has started and must not end as complete (e.g. a relayed stream whose source went away).
/// <see cref="ErrorHandlingMiddleware"/> lets it through to Kestrel, which then closes the connection after the bytes already
/// written instead of ending the body, so the client's read fails rather than seeing a truncated answer as a whole one.
/// </summary>
public sealed class BrokenResponseException(string message, Exception? inner = null) : Exception(message, inner);
