namespace Sluice.Engine.Compute.Staging;

/// <summary>
/// One piece of a tensor on its way to the device: <see cref="Bytes"/> stored bytes starting <see cref="SourceOffsetBytes"/>
/// into the tensor, holding elements [<see cref="FirstElement"/>, <see cref="FirstElement"/> + <see cref="Elements"/>).
/// </summary>
public readonly record struct StagingChunk(long SourceOffsetBytes, int Bytes, long FirstElement, int Elements);
