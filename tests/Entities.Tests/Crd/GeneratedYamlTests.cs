using Sluice.Entities.Resources;
using Sluice.Kubernetes.Crds;

namespace Sluice.Entities.Tests.Crd;

public class GeneratedYamlTests
{
    [Fact]
    public void Generation_is_deterministic()
    {
        var first = CrdGenerator.ToYaml(CrdGenerator.Generate(typeof(LLMDeployment)));
        var second = CrdGenerator.ToYaml(CrdGenerator.Generate(typeof(LLMDeployment)));

        second.Should().Be(first);
    }

    [Fact]
    public void Committed_crd_matches_the_entity_types()
    {
        var root = RepositoryRoot();
        var committed = File.ReadAllText(Path.Combine(root, "config", "crds", "sluice.dev_llmdeployments.yaml"));
        var generated = CrdGenerator.ToYaml(CrdGenerator.Generate(typeof(LLMDeployment)));

        committed.Should().EndWith(generated, "config/crds is generated; run `make crds` after changing src/Entities");
        File.ReadAllText(Path.Combine(root, "charts", "sluice", "crds", "sluice.dev_llmdeployments.yaml")).Should().Be(committed);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Operator.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Operator.sln not found above the test output directory");
    }
}
