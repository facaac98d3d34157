using System.Xml.Linq;
using Sluice.E2E.Infrastructure;

namespace Sluice.E2E.Shipping;

/// <summary>
/// What `make publish` builds: the three self-contained binaries. The operator and the engine are published by
/// <see cref="DockerfileBuildStageTests"/> exactly as their images are; sluice-bench here.
/// </summary>
public sealed class PublishGraphTests
{
    [Fact]
    public void No_project_references_an_executable()
    {
        var projects = Directory.GetFiles(Path.Combine(Tools.RepositoryRoot, "src"), "*.csproj", SearchOption.AllDirectories);
        var executables = projects.Where(p => XDocument.Load(p).Descendants("OutputType").Any(e => e.Value == "Exe"))
            .Select(Path.GetFullPath).ToHashSet();
        executables.Should().HaveCount(3, "sluice-operator, sluice-engine and sluice-bench");

        var offending = from project in projects
                        from reference in XDocument.Load(project).Descendants("ProjectReference")
                        let target = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(project)!, reference.Attribute("Include")!.Value))
                        where executables.Contains(target)
                        select $"{Path.GetFileName(project)} -> {Path.GetFileName(target)}";
        offending.Should().BeEmpty("publishing a project that references an executable collides on apphost and deps.json (NETSDK1152)");
    }

    [Fact]
    public async Task Bench_publishes_self_contained_and_prints_the_product_version()
    {
        var output = Directory.CreateTempSubdirectory("sluice-publish-");
        try
        {
            await Tools.RunCheckedAsync("dotnet",
                ["publish", "src/Bench", "-c", "Release", "-r", "linux-x64", "--self-contained", "-o", output.FullName, "-nologo"],
                TimeSpan.FromMinutes(10));

            var printed = await Tools.RunCheckedAsync(Path.Combine(output.FullName, "sluice-bench"), ["--version"], TimeSpan.FromSeconds(30));
            var version = (await File.ReadAllTextAsync(Path.Combine(Tools.RepositoryRoot, "VERSION"))).Trim();
            printed.Trim().Should().StartWith(version);
        }
        finally
        {
            output.Delete(recursive: true);
        }
    }
}
