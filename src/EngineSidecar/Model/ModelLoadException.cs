namespace Sluice.Engine.Model;

/// <summary>
/// A model could not be loaded: a missing or malformed file, a missing tensor, a wrong shape, an
/// unsupported dtype or architecture. The message names the file and, where there is one, the tensor.
/// </summary>
public sealed class ModelLoadException(string message, Exception? innerException = null) : Exception(message, innerException);
