namespace Sluice.Engine.Model.Dummy;

/// <summary>
/// How one dummy tensor is filled: element i = <see cref="Offset"/> + <see cref="Amplitude"/> · (2u − 1), u uniform in
/// [0, 1) from word i of the stream <see cref="Key"/> (see <see cref="DummyRandom"/>).
/// </summary>
/// <param name="Key">The tensor's stream key (<see cref="DummyRandom.StreamKey"/>).</param>
public readonly record struct DummyFill(ulong Key, float Offset, float Amplitude);
