using Sluice.Engine.Model.Config;

namespace Sluice.Engine.Compute;

/// <summary>
/// Activation buffers of one forward pass, sized for up to <see cref="TokenCapacity"/> tokens and
/// <see cref="LogitCapacity"/> logit rows; reused across steps.
/// </summary>
public sealed class ForwardWorkspace : IDisposable
{
    public ForwardWorkspace(IComputeBackend backend, ModelConfig config, int tokenCapacity, int logitCapacity)
    {
        TokenCapacity = tokenCapacity;
        LogitCapacity = logitCapacity;
        Hidden = backend.Allocate(tokenCapacity, config.HiddenSize);
        Residual = backend.Allocate(tokenCapacity, config.HiddenSize);
        Normed = backend.Allocate(tokenCapacity, config.HiddenSize);
        Qkv = backend.Allocate(tokenCapacity, config.QueryDim + (2 * config.KvDim));
        Attention = backend.Allocate(tokenCapacity, config.QueryDim);
        GateUp = backend.Allocate(tokenCapacity, 2 * config.IntermediateSize);
        Mlp = backend.Allocate(tokenCapacity, config.IntermediateSize);
        LastHidden = backend.Allocate(logitCapacity, config.HiddenSize);
        Logits = backend.Allocate(logitCapacity, config.VocabSize);
    }

    public int TokenCapacity { get; }

    public int LogitCapacity { get; }

    /// <summary>[T, hidden]: a sublayer's output before it is added to the residual stream.</summary>
    public Activation Hidden { get; }

    /// <summary>[T, hidden]: the residual stream.</summary>
    public Activation Residual { get; }

    /// <summary>[T, hidden]: the normalised residual fed to the next sublayer.</summary>
    public Activation Normed { get; }

    /// <summary>[T, q + 2·kv]: queries, keys, values side by side.</summary>
    public Activation Qkv { get; }

    /// <summary>[T, q]: attention output before o_proj.</summary>
    public Activation Attention { get; }

    /// <summary>[T, 2·inter]: gate then up projections.</summary>
    public Activation GateUp { get; }

    /// <summary>[T, inter]: silu(gate) · up.</summary>
    public Activation Mlp { get; }

    /// <summary>[L, hidden]: final-normed rows whose logits are computed.</summary>
    public Activation LastHidden { get; }

    /// <summary>[L, vocab].</summary>
    public Activation Logits { get; }

    /// <summary>Sets the rows in use: <paramref name="tokens"/> for token buffers, <paramref name="logitRows"/> for logit buffers.</summary>
    public void Resize(int tokens, int logitRows)
    {
        foreach (var a in new[] { Hidden, Residual, Normed, Qkv, Attention, GateUp, Mlp })
        {
            a.Resize(tokens);
        }

        LastHidden.Resize(logitRows);
        Logits.Resize(logitRows);
    }

    public void Dispose()
    {
        foreach (var a in new[] { Hidden, Residual, Normed, Qkv, Attention, GateUp, Mlp, LastHidden, Logits })
        {
            a.Dispose();
        }
    }
}
