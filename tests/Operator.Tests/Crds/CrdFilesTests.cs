using Sluice.Operator.Crds;

namespace Sluice.Operator.Tests.Crds;

public class CrdFilesTests
{
    [Fact]
    public void Check_mode_reports_drift_and_write_mode_fixes_it()
    {
        var dir = Directory.CreateTempSubdirectory("sluice-crds-").FullName;
        try
        {
            CrdFiles.Sync([dir], check: true).Should().ContainSingle().Which.Should().EndWith("sluice.dev_llmdeployments.yaml");
            Directory.GetFiles(dir).Should().BeEmpty("check mode writes nothing");

            CrdFiles.Sync([dir], check: false).Should().ContainSingle();
            CrdFiles.Sync([dir], check: true).Should().BeEmpty();

            File.AppendAllText(Path.Combine(dir, "sluice.dev_llmdeployments.yaml"), "# edited by hand\n");
            CrdFiles.Sync([dir], check: true).Should().ContainSingle();
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
