using Sluice.Contracts.Fetch;

namespace Sluice.Engine.Fetch;

/// <summary>A fetch attempt that failed for a reason the operator can name (<see cref="Kind"/>); the message says which source and what it answered.</summary>
public sealed class FetchFailure(FetchErrorKind kind, string message, Exception? inner = null) : Exception(message, inner)
{
    public FetchErrorKind Kind { get; } = kind;
}
