namespace Sluice.Engine.Model.Dummy;

/// <summary>
/// Rows of a generated quantized tensor taken from one dummy tensor: <see cref="Rows"/> rows whose codes are bytes
/// [0, rows · bytes per row) of the stream <see cref="Key"/> (<see cref="DummyRandom.FillBytes"/>).
/// </summary>
/// <param name="Name">The dummy tensor the rows come from (e.g. …q_proj.weight).</param>
public readonly record struct GeneratedCodes(string Name, ulong Key, int Rows);
