using System.Text;
using System.Text.Json;
using Sluice.Engine.Grammar;

namespace Sluice.Engine.Tests.Grammar;

public class GrammarStepperTests
{
    private const string Person = """
        {"type":"object","properties":{"name":{"type":"string","maxLength":5},"age":{"type":"integer"},"tags":{"type":"array","items":{"enum":["a","b"]},"maxItems":2}},"required":["name"]}
        """;

    [Theory]
    [InlineData(Person, """{"name":"bo"}""")]
    [InlineData(Person, """{"name":"bo","age":-12}""")]
    [InlineData(Person, """{"name":"","tags":["a","b"]}""")]
    [InlineData(Person, """{"name":"日本\n\"é","age":0}""")]
    [InlineData("""{"type":"number"}""", "-0.5e+10")]
    [InlineData("""{"type":"number"}""", "7")]
    [InlineData("""{"type":["string","null"]}""", "null")]
    [InlineData("""{"enum":[1,12,"x",{"a":[1, 2]}]}""", "12")]
    [InlineData("""{"enum":[1,12,"x",{"a":[1, 2]}]}""", """{"a":[1,2]}""")]
    [InlineData("""{"const":true}""", "true")]
    [InlineData("""{"type":"array","items":{"type":"boolean"},"minItems":1,"maxItems":3}""", "[true,false,true]")]
    [InlineData("""{"anyOf":[{"type":"object","properties":{"x":{"type":"null"}},"required":["x"]},{"type":"integer"}]}""", """{"x":null}""")]
    [InlineData("""{"type":"object"}""", """{"k":[1,{"z":"\u0041"}],"m":false}""")]
    [InlineData("true", """[{"a":null},"s",-1.25E-3]""")]
    public void Documents_of_the_schema_are_accepted_whole(string schema, string document)
    {
        var state = Start(schema);
        GrammarStepper.TryFeed(state, Encoding.UTF8.GetBytes(document), out var end).Should().BeTrue();
        GrammarStepper.CanEnd(end).Should().BeTrue();
    }

    [Theory]
    [InlineData(Person, """{"age":1}""")] // name is required
    [InlineData(Person, """{"age":1,"name":"x"}""")] // declared order
    [InlineData(Person, """{"name":"toolong"}""")] // maxLength 5
    [InlineData(Person, """{"name":"x","tags":["a","b","a"]}""")] // maxItems 2
    [InlineData(Person, """{"name":"x","tags":["c"]}""")] // enum
    [InlineData(Person, """{"name":"x","age":1.5}""")] // integer
    [InlineData(Person, """{"name":"x","extra":1}""")] // undeclared property
    [InlineData(Person, """{ "name":"x"}""")] // compact: no whitespace
    [InlineData("""{"type":"number"}""", "01")]
    [InlineData("""{"type":"number"}""", "1.")]
    [InlineData("""{"type":"string"}""", "\"a\u0001\"")] // control character
    [InlineData("""{"type":"string"}""", "\"\\x\"")] // bad escape
    [InlineData("""{"type":"array","minItems":2}""", "[1]")]
    [InlineData("""{"type":"boolean"}""", "tru")]
    public void Documents_outside_the_schema_are_rejected_or_incomplete(string schema, string document)
    {
        var accepted = GrammarStepper.TryFeed(Start(schema), Encoding.UTF8.GetBytes(document), out var end);
        (accepted && GrammarStepper.CanEnd(end)).Should().BeFalse();
    }

    [Fact]
    public void Invalid_utf8_inside_a_string_is_rejected()
    {
        var state = Start("""{"type":"string"}""");
        GrammarStepper.TryFeed(state, [(byte)'"', 0xC3, 0x28], out _).Should().BeFalse(); // lead byte without continuation
        GrammarStepper.TryFeed(state, [(byte)'"', 0xED, 0xA0, 0x80], out _).Should().BeFalse(); // UTF-16 surrogate
        GrammarStepper.TryFeed(state, [(byte)'"', 0xC3, 0xA9, (byte)'"'], out var end).Should().BeTrue();
        GrammarStepper.CanEnd(end).Should().BeTrue();
    }

    [Fact]
    public void Nothing_may_follow_a_complete_document()
    {
        GrammarStepper.TryFeed(Start("""{"type":"integer"}"""), "12"u8, out var state).Should().BeTrue();
        GrammarStepper.TryFeed(state, (byte)'3', out _).Should().BeTrue();
        GrammarStepper.TryFeed(state, (byte)',', out _).Should().BeFalse();
        GrammarStepper.TryFeed(Start("""{"type":"object"}"""), "{}"u8, out var closed).Should().BeTrue();
        closed.Should().BeNull("null is the state of a complete document");
        GrammarStepper.TryFeed(closed, (byte)'}', out _).Should().BeFalse();
    }

    [Theory]
    [InlineData("""{"type":"string","pattern":"^a"}""", "pattern")]
    [InlineData("""{"type":"string","format":"date"}""", "format")]
    [InlineData("""{"$ref":"#/$defs/x"}""", "$ref")]
    [InlineData("""{"type":"integer","minimum":0}""", "minimum")]
    [InlineData("""{"type":"object","additionalProperties":{"type":"string"}}""", "additionalProperties")]
    [InlineData("""{"anyOf":[{"type":"string"},{"enum":["x"]}]}""", "anyOf")]
    [InlineData("""{"type":"object","properties":{},"required":["missing"]}""", "required")]
    [InlineData("""{"type":"uuid"}""", "type")]
    public void Keywords_outside_the_subset_are_named(string schema, string keyword)
    {
        var compile = () => JsonSchemaCompiler.Compile(JsonDocument.Parse(schema).RootElement);
        compile.Should().Throw<SchemaException>().Which.Keyword.Should().Be(keyword);
    }

    private static GrammarFrame Start(string schema) => GrammarFrame.Start(JsonSchemaCompiler.Compile(JsonDocument.Parse(schema).RootElement), null);
}
