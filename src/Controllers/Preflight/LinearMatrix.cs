namespace Sluice.Controllers.Preflight;

/// <summary>One linear weight matrix, <c>[OutFeatures, InFeatures]</c> as stored by Hugging Face checkpoints.</summary>
public sealed record LinearMatrix(int OutFeatures, int InFeatures);
