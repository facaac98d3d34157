namespace Sluice.Engine.Model.Config;

/// <summary>How rotary frequencies are adjusted for long contexts (HF <c>rope_type</c>).</summary>
public enum RopeScalingType
{
    /// <summary>Plain RoPE: inv_freq[i] = theta^(-2i/rotaryDim).</summary>
    Default,

    /// <summary>Every frequency divided by <see cref="RopeConfig.Factor"/>.</summary>
    Linear,

    /// <summary>Llama 3.1 scaling: low frequencies divided by the factor, a smooth ramp between low and high.</summary>
    Llama3,
}
