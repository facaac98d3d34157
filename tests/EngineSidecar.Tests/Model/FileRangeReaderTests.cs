using Sluice.Engine.Model;
using Sluice.Engine.Model.Weights;

namespace Sluice.Engine.Tests.Model;

public sealed class FileRangeReaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sluice-range-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData(0, 100)]
    [InlineData(12345, 1)]
    [InlineData(3, (3 * FileRangeReader.PieceBytes) + 77)] // several pieces read in parallel
    public void Reads_exactly_the_range(long offset, int length)
    {
        var bytes = Bytes((4 * FileRangeReader.PieceBytes) + 5);
        var path = Path.Combine(_dir, "f.bin");
        File.WriteAllBytes(path, bytes);
        using var reader = new FileRangeReader(path);
        var destination = new byte[length];

        reader.Read(offset, destination);

        destination.AsSpan().SequenceEqual(bytes.AsSpan((int)offset, length)).Should().BeTrue();
    }

    [Fact]
    public void A_range_past_the_end_is_a_load_error_naming_the_file()
    {
        var path = Path.Combine(_dir, "short.bin");
        File.WriteAllBytes(path, Bytes(1000));
        using var reader = new FileRangeReader(path);

        reader.Invoking(r => r.Read(900, new byte[200])).Should().Throw<ModelLoadException>()
            .WithMessage($"{path}: the file ends at byte 1000, 100 bytes short of the range read from 900");
    }

    [Fact]
    public void A_missing_file_is_a_load_error() =>
        FluentActions.Invoking(() => new FileRangeReader(Path.Combine(_dir, "none.bin"))).Should().Throw<ModelLoadException>().WithMessage("*cannot be opened*");

    [Fact]
    public void Safetensors_views_say_where_their_bytes_lie_in_the_file()
    {
        var path = Path.Combine(_dir, "model.safetensors");
        var a = Bytes(24);
        var b = Bytes(16).Reverse().ToArray();
        SafetensorsTestWriter.Write(path, [("a", "F32", [2, 3], a), ("b", "BF16", [8], b)]);
        using var file = SafetensorsFile.Open(path);
        using var reader = new FileRangeReader(path);

        foreach (var (name, shape, expected) in new[] { ("a", new long[] { 2, 3 }, a), ("b", [8], b) })
        {
            var view = file.Get(name, shape);
            var read = new byte[view.ByteLength];
            reader.Read(view.FileOffset, read);
            read.Should().Equal(expected);
        }
    }

    private static byte[] Bytes(int count)
    {
        var bytes = new byte[count];
        new Random(count).NextBytes(bytes);
        return bytes;
    }
}
