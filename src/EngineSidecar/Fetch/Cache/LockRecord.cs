namespace Sluice.Engine.Fetch.Cache;

/// <summary>The content of a lock file: who holds it (the heartbeat is the file's modification time).</summary>
public sealed record LockRecord(string Holder, string Host, int ProcessId, DateTime AcquiredUtc);
