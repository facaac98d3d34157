namespace Sluice.Engine.Model.Config;

/// <summary>Rotary position embedding settings as read from config.json.</summary>
/// <param name="Theta">Base of the frequencies (rope_theta).</param>
/// <param name="PartialRotaryFactor">Fraction of each head's dimensions that rotate (1 = all).</param>
/// <param name="Factor">Scaling factor for Linear and Llama3.</param>
/// <param name="LowFreqFactor">Llama3: wavelengths above originalContext/lowFreqFactor are fully scaled.</param>
/// <param name="HighFreqFactor">Llama3: wavelengths below originalContext/highFreqFactor are unscaled.</param>
/// <param name="OriginalMaxPositions">Llama3: the context length the model was pretrained with.</param>
public sealed record RopeConfig(
    double Theta,
    double PartialRotaryFactor = 1.0,
    RopeScalingType Scaling = RopeScalingType.Default,
    double Factor = 1.0,
    double LowFreqFactor = 1.0,
    double HighFreqFactor = 4.0,
    int OriginalMaxPositions = 8192)
{
    /// <summary>Number of leading dimensions of a head that rotate (even).</summary>
    public int RotaryDim(int headDim) => (int)(headDim * PartialRotaryFactor) / 2 * 2;

    /// <summary>
    /// Inverse frequencies, one per rotated pair: [RotaryDim(headDim) / 2]. Matches transformers'
    /// computation (fp32 results) including llama3 and linear scaling.
    /// </summary>
    public float[] InverseFrequencies(int headDim)
    {
        var rotaryDim = RotaryDim(headDim);
        var invFreq = new float[rotaryDim / 2];
        for (var i = 0; i < invFreq.Length; i++)
        {
            var baseFreq = (float)(1.0 / Math.Pow(Theta, 2.0 * i / rotaryDim));
            invFreq[i] = Scaling switch
            {
                RopeScalingType.Linear => (float)(baseFreq / Factor),
                RopeScalingType.Llama3 => Llama3Scale(baseFreq),
                _ => baseFreq,
            };
        }

        return invFreq;
    }

    private float Llama3Scale(float invFreq)
    {
        var lowFreqWavelen = OriginalMaxPositions / LowFreqFactor;
        var highFreqWavelen = OriginalMaxPositions / HighFreqFactor;
        var wavelen = 2 * Math.PI / invFreq;
        if (wavelen < highFreqWavelen)
        {
            return invFreq;
        }

        if (wavelen > lowFreqWavelen)
        {
            return (float)(invFreq / Factor);
        }

        var smooth = ((OriginalMaxPositions / wavelen) - LowFreqFactor) / (HighFreqFactor - LowFreqFactor);
        return (float)(((1 - smooth) * invFreq / Factor) + (smooth * invFreq));
    }
}
