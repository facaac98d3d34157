using Sluice.Entities.Model;

namespace Sluice.Entities.Tests.Model;

public class ModelSourceTests
{
    [Theory]
    [InlineData("hf://meta-llama/Meta-Llama-3-8B-Instruct", ModelSourceKind.HuggingFace, "meta-llama/Meta-Llama-3-8B-Instruct", "", "Meta-Llama-3-8B-Instruct")]
    [InlineData("pvc://models/llama/8b", ModelSourceKind.Pvc, "models", "llama/8b", "8b")]
    [InlineData("pvc://weights", ModelSourceKind.Pvc, "weights", "", "weights")]
    [InlineData("dummy://tiny", ModelSourceKind.Dummy, "tiny", "", "tiny")]
    [InlineData("dummy://llama-3-8b", ModelSourceKind.Dummy, "llama-3-8b", "", "llama-3-8b")]
    public void Parses_each_scheme(string text, ModelSourceKind kind, string location, string path, string shortName)
    {
        var source = ModelSource.Parse(text);

        source.Should().Be(new ModelSource(kind, location, path));
        source.ShortName.Should().Be(shortName);
    }

    [Theory]
    [InlineData("")]
    [InlineData("s3://bucket/x")]
    [InlineData("hf://no-org")]
    [InlineData("hf://org/name/extra")]
    [InlineData("pvc://Upper/path")]
    [InlineData("dummy://")]
    [InlineData("dummy://tiny; rm -rf /")]
    public void Rejects_anything_else_with_a_clear_error(string text)
    {
        ModelSource.TryParse(text, out _).Should().BeFalse();
        var parse = () => ModelSource.Parse(text);
        parse.Should().Throw<FormatException>().WithMessage("*hf://org/name*");
    }
}
