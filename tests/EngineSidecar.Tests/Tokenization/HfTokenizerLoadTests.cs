using System.Text.Json.Nodes;
using Sluice.Engine.Model.Tokenization;

namespace Sluice.Engine.Tests.Tokenization;

public class HfTokenizerLoadTests
{
    [Theory]
    [InlineData("llama3", "<|begin_of_text|>", new[] { "<|end_of_text|>", "<|eot_id|>" })]
    [InlineData("qwen2", null, new[] { "<|im_end|>", "<|endoftext|>" })]
    [InlineData("mistral", "<s>", new[] { "</s>" })]
    [InlineData("phi3", "<s>", new[] { "<|endoftext|>", "<|end|>" })]
    [InlineData("gpt2", "<|endoftext|>", new[] { "<|endoftext|>" })]
    public void Reads_bos_and_eos_from_the_model_directory(string fixture, string? bos, string[] eos)
    {
        var tokenizer = TokenizerFixtures.Tokenizer(fixture);
        tokenizer.BosTokenId.Should().Be(bos is null ? null : tokenizer.TokenToId(bos));
        tokenizer.EosTokenIds.Should().Equal(eos.Select(t => tokenizer.TokenToId(t)!.Value));
    }

    [Theory]
    [InlineData("model", """{"type": "WordPiece", "vocab": {}}""", "model type 'WordPiece' is not supported")]
    [InlineData("pre_tokenizer", """{"type": "Whitespace"}""", "pre_tokenizer type 'Whitespace' is not supported")]
    [InlineData("normalizer", """{"type": "BertNormalizer"}""", "normalizer type 'BertNormalizer' is not supported")]
    [InlineData("decoder", """{"type": "WordPiece"}""", "decoder type 'WordPiece' is not supported")]
    [InlineData("post_processor", """{"type": "TemplateProcessing", "single": [{"SpecialToken": {"id": "<x>", "type_id": 0}}], "special_tokens": {}}""", "special token '<x>' missing")]
    public void Unsupported_parts_are_named_in_the_error(string section, string json, string message)
    {
        var document = JsonNode.Parse(File.ReadAllText(Path.Combine(TokenizerFixtures.Directory("gpt2"), "tokenizer.json")))!;
        document[section] = JsonNode.Parse(json);
        var act = () => LoadFrom(document.ToJsonString());
        act.Should().Throw<TokenizerLoadException>().Which.Message.Should().Contain(message).And.Contain("tokenizer.json");
    }

    [Fact]
    public void A_merge_with_an_unknown_token_is_reported()
    {
        var document = JsonNode.Parse(File.ReadAllText(Path.Combine(TokenizerFixtures.Directory("gpt2"), "tokenizer.json")))!;
        document["model"]!["merges"]!.AsArray().Add("nosuch token");
        var act = () => LoadFrom(document.ToJsonString());
        act.Should().Throw<TokenizerLoadException>().Which.Message.Should().Contain("'nosuch token' uses a token missing from the vocabulary");
    }

    [Fact]
    public void Missing_and_malformed_files_are_reported()
    {
        var directory = Directory.CreateTempSubdirectory("sluice-tok-");
        try
        {
            var missing = () => HfTokenizer.Load(directory.FullName);
            missing.Should().Throw<TokenizerLoadException>().WithMessage("*tokenizer.json does not exist*");
            File.WriteAllText(Path.Combine(directory.FullName, "tokenizer.json"), "{ not json");
            var malformed = () => HfTokenizer.Load(directory.FullName);
            malformed.Should().Throw<TokenizerLoadException>().WithMessage("*is not valid JSON*");
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static HfTokenizer LoadFrom(string tokenizerJson)
    {
        var directory = Directory.CreateTempSubdirectory("sluice-tok-");
        try
        {
            File.WriteAllText(Path.Combine(directory.FullName, "tokenizer.json"), tokenizerJson);
            return HfTokenizer.Load(directory.FullName);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
