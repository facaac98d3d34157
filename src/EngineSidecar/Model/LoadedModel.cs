using Sluice.Engine.Compute;

namespace Sluice.Engine.Model;

/// <summary>Everything the engine needs from a loaded model: its name, shapes, tokenizer, chat template and runner.</summary>
/// <param name="Name">Model id served by the API (directory name or dummy preset unless overridden).</param>
/// <param name="ChatTemplate">Null when the model has no chat template; chat completions are then refused with 400.</param>
public sealed record LoadedModel(string Name, ModelInfo Info, ITokenizer Tokenizer, IChatTemplate? ChatTemplate, IModelRunner Runner) : IDisposable
{
    public void Dispose() => Runner.Dispose();
}
