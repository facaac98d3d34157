using System.Text;
using Sluice.Engine.Cli;

namespace Sluice.Engine.Tests.Cli;

public sealed class TerminationMessageTests
{
    [Fact]
    public void The_reason_is_written_when_the_directory_exists()
    {
        var path = Path.Combine(Path.GetTempPath(), $"sluice-termination-{Guid.NewGuid():N}");
        try
        {
            TerminationMessage.TryWrite(path, "bad checkpoint").Should().BeTrue();

            File.ReadAllText(path).Should().Be("bad checkpoint");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_missing_directory_or_no_path_is_skipped_without_throwing()
    {
        TerminationMessage.TryWrite("/nonexistent-dir-for-sluice/termination-log", "x").Should().BeFalse();
        TerminationMessage.TryWrite(null, "x").Should().BeFalse();
    }

    [Fact]
    public void Long_reasons_are_cut_to_4_KiB_on_a_character_boundary()
    {
        var reason = new string('a', 4095) + "é" + new string('b', 100);

        var bytes = TerminationMessage.Truncate(reason);

        bytes.Length.Should().Be(4095);
        Encoding.UTF8.GetString(bytes).Should().Be(new string('a', 4095));
    }
}
