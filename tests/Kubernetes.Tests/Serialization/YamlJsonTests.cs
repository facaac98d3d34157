using System.Text.Json.Nodes;
using Sluice.Kubernetes.Serialization;

namespace Sluice.Kubernetes.Tests.Serialization;

public class YamlJsonTests
{
    [Theory]
    [InlineData("""{"a":"true"}""")]
    [InlineData("""{"a":"123","b":123,"c":1.5,"d":"1.5","e":null,"f":false}""")]
    [InlineData("""{"a":"x: y","b":"- item","c":"","d":"#hash","e":"multi\nline"}""")]
    [InlineData("""{"list":[{"k":"v"},[1,2],"s"],"empty":{},"none":[]}""")]
    public void Json_round_trips_through_yaml(string json)
    {
        var node = JsonNode.Parse(json);

        var back = YamlJson.ParseDocuments(YamlJson.ToYaml(node)).Should().ContainSingle().Subject;

        JsonNode.DeepEquals(back, node).Should().BeTrue(YamlJson.ToYaml(node));
    }

    [Fact]
    public void Multi_document_manifests_are_split()
    {
        const string yaml = "---\na: 1\n---\n# only a comment\n---\nb: [x, 'y']\n";

        var docs = YamlJson.ParseDocuments(yaml);

        docs.Select(d => d.ToJsonString()).Should().Equal("""{"a":1}""", """{"b":["x","y"]}""");
    }
}
