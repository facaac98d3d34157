using Sluice.E2E.Infrastructure;

namespace Sluice.E2E.Shipping;

/// <summary>
/// The images' build stages, run for real by tools/docker/check-build-stage.sh from a directory holding only
/// what each Dockerfile COPYs (no container runtime exists here): restore, publish, the ENTRYPOINT binary in
/// the output, a non-root user.
/// </summary>
public sealed class DockerfileBuildStageTests
{
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromMinutes(12);

    private static string Script => Path.Combine(Tools.RepositoryRoot, "tools", "docker", "check-build-stage.sh");

    [Theory]
    [InlineData("operator.Dockerfile", "sluice-operator")]
    [InlineData("engine.Dockerfile", "sluice-engine")]
    public async Task Build_stage_publishes_the_entrypoint_binary_for_a_non_root_user(string dockerfile, string binary)
    {
        var work = Directory.CreateTempSubdirectory("sluice-docker-");
        try
        {
            var (code, stdout, stderr) = await Tools.RunAsync(Script,
                [Path.Combine(Tools.RepositoryRoot, "deploy", dockerfile), work.FullName], PublishTimeout);

            code.Should().Be(0, $"the build stage of {dockerfile} works: {stderr}{stdout}");
            var version = (await File.ReadAllTextAsync(Path.Combine(Tools.RepositoryRoot, "VERSION"))).Trim();
            stdout.Should().Contain($"ok: {binary} {version} runs as 65532:65532");
            File.Exists(Path.Combine(work.FullName, "root", "out", binary)).Should().BeTrue();
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_missing_copy_of_a_referenced_project_fails_the_check()
    {
        var work = Directory.CreateTempSubdirectory("sluice-docker-");
        try
        {
            var original = Path.Combine(Tools.RepositoryRoot, "deploy", "operator.Dockerfile");
            var broken = Path.Combine(work.FullName, "operator.Dockerfile");
            var lines = (await File.ReadAllLinesAsync(original)).Where(l => !l.Contains("src/Bench.Core/", StringComparison.Ordinal)).ToArray();
            lines.Length.Should().BeLessThan((await File.ReadAllLinesAsync(original)).Length, "the Dockerfile copies the library the operator references");
            await File.WriteAllLinesAsync(broken, lines);
            File.Copy(original + ".dockerignore", broken + ".dockerignore");

            var (code, _, stderr) = await Tools.RunAsync(Script, [broken, Path.Combine(work.FullName, "check")], PublishTimeout);

            code.Should().NotBe(0);
            stderr.Should().Contain("Bench.Core").And.Contain("RUN failed: dotnet publish");
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }
}
