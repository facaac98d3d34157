namespace Sluice.Engine.Engine;

/// <summary>Thread-safe holder of the current <see cref="EngineConfig"/>; readers see a consistent snapshot.</summary>
public sealed class LiveConfig(EngineConfig initial)
{
    private EngineConfig _current = initial;

    /// <summary>Raised after <see cref="Current"/> changed, on the thread that changed it.</summary>
    public event Action<EngineConfig>? Changed;

    public EngineConfig Current => Volatile.Read(ref _current);

    /// <summary>Replaces the configuration; the engine applies it at its next step.</summary>
    public void Set(EngineConfig config)
    {
        var error = config.Validate();
        if (error is not null)
        {
            throw new ArgumentException(error, nameof(config));
        }

        Volatile.Write(ref _current, config);
        Changed?.Invoke(config);
    }
}
