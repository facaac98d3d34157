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
    [InlineData("s3://models/llama/8b", ModelSourceKind.S3, "models", "llama/8b", "8b")]
    [InlineData("s3://my.bucket", ModelSourceKind.S3, "my.bucket", "", "my.bucket")]
    [InlineData("oci://registry.local:5000/models/llama-3-8b:v1", ModelSourceKind.Oci, "registry.local:5000/models/llama-3-8b", ":v1", "llama-3-8b")]
    [InlineData("oci://ghcr.io/acme/tiny", ModelSourceKind.Oci, "ghcr.io/acme/tiny", "", "tiny")]
    public void Parses_each_scheme(string text, ModelSourceKind kind, string location, string path, string shortName)
    {
        var source = ModelSource.Parse(text);

        source.Should().Be(new ModelSource(kind, location, path));
        source.ShortName.Should().Be(shortName);
    }

    [Theory]
    [InlineData("")]
    [InlineData("s3://UPPER/x")]
    [InlineData("s3://b/a//b")]
    [InlineData("oci://r.io/Upper:tag")]
    [InlineData("oci://r.io/m@sha256:short")]
    [InlineData("oci://no-repository")]
    [InlineData("ftp://host/file")]
    [InlineData("hf://no-org")]
    [InlineData("hf://org/name/extra")]
    [InlineData("pvc://Upper/path")]
    [InlineData("dummy://")]
    [InlineData("dummy://tiny; rm -rf /")]
    public void Rejects_anything_else_with_a_clear_error(string text)
    {
        ModelSource.TryParse(text, out _).Should().BeFalse();
        var parse = () => ModelSource.Parse(text);
        parse.Should().Throw<FormatException>().WithMessage("*hf://org/name, s3://bucket/prefix, oci://registry/repository:tag*");
    }

    [Fact]
    public void Parses_an_oci_digest_reference()
    {
        var digest = "@sha256:" + new string('0', 64);
        var source = ModelSource.Parse("oci://r.io/acme/m" + digest);
        source.Should().Be(new ModelSource(ModelSourceKind.Oci, "r.io/acme/m", digest));
        source.IsDownloaded.Should().BeTrue();
        ModelSource.Parse("pvc://c").IsDownloaded.Should().BeFalse();
    }
}
