using Sluice.Engine.Model;

namespace Sluice.Engine.Tests.Fakes;

/// <summary>Builds a <see cref="LoadedModel"/> from the fake runner, the byte tokenizer and the simple chat template.</summary>
public static class FakeModel
{
    public static LoadedModel Create(FakeModelRunner? runner = null, string name = "fake-model", bool withChatTemplate = true)
    {
        runner ??= new FakeModelRunner();
        return new LoadedModel(name, runner.Info, new ByteTokenizer(), withChatTemplate ? new SimpleChatTemplate() : null, runner);
    }
}
