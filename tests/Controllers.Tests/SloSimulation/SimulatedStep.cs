namespace Sluice.Controllers.Tests.SloSimulation;

/// <summary>One engine step as planned: the chunk of tokens each scheduled request computes, how many are decodes, and the prefill tokens.</summary>
internal sealed record SimulatedStep(IReadOnlyList<(SimulatedRequest Request, int Tokens)> Chunks, int DecodeSequences, int PrefillTokens);
