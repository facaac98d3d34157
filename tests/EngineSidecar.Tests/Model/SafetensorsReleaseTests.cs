using System.Runtime.InteropServices;
using Sluice.Engine.Model;
using Sluice.Engine.Model.Weights;

namespace Sluice.Engine.Tests.Model;

public sealed class SafetensorsReleaseTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sluice-release-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_released_tensor_leaves_resident_memory_and_stays_readable()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        const int bytes = 64 << 20;
        var data = new byte[bytes];
        new Random(1).NextBytes(data);
        SafetensorsTestWriter.Write(Path.Combine(_dir, "model.safetensors"), [("big", "BF16", [bytes / 2], data)]);
        using var source = SafetensorsWeightSource.Open(_dir);
        var view = source.Get("big", [bytes / 2]);
        var copy = new byte[bytes];

        Marshal.Copy(view.Data, copy, 0, bytes); // faults every page of the mapping in
        var touched = ResidentFileBytes();
        source.Release("big");
        var released = ResidentFileBytes();
        Marshal.Copy(view.Data, copy, 0, bytes);

        (touched - released).Should().BeGreaterThan(bytes * 3L / 4, "the tensor's pages left the resident set");
        copy.Should().Equal(data);
    }

    [Fact]
    public void Releasing_an_unknown_tensor_is_ignored()
    {
        SafetensorsTestWriter.Write(Path.Combine(_dir, "model.safetensors"), [("a", "F32", [1], new byte[4])]);
        using var source = SafetensorsWeightSource.Open(_dir);

        source.Invoking(s => s.Release("missing")).Should().NotThrow();
    }

    private static long ResidentFileBytes() => ProcessMemory.StatusBytes(File.ReadAllText("/proc/self/status"), "RssFile")!.Value;
}
