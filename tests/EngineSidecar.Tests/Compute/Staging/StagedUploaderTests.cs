using Sluice.Engine.Compute.Cuda;
using Sluice.Engine.Compute.Staging;
using Sluice.Engine.Model.Weights;

namespace Sluice.Engine.Tests.Compute.Staging;

public sealed class StagedUploaderTests
{
    [Theory]
    [InlineData(10, 4, 16, new[] { 4, 4, 2 })]
    [InlineData(8, 4, 16, new[] { 4, 4 })]
    [InlineData(7, 2, 5, new[] { 2, 2, 2, 1 })]
    [InlineData(1, 4, 4, new[] { 1 })]
    [InlineData(0, 2, 8, new int[0])]
    public void Plan_fills_each_buffer_with_whole_elements(long elements, int elementBytes, int bufferBytes, int[] expectedElements)
    {
        var chunks = StagingPlan.Chunks(elements, elementBytes, bufferBytes).ToList();

        chunks.Select(c => c.Elements).Should().Equal(expectedElements);
        chunks.All(c => c.Bytes == c.Elements * elementBytes && c.Bytes <= bufferBytes && c.SourceOffsetBytes == c.FirstElement * elementBytes).Should().BeTrue();
        chunks.Select(c => c.FirstElement).Should().Equal(expectedElements.Select((_, i) => expectedElements.Take(i).Sum(e => (long)e)));
    }

    [Fact]
    public void Plan_refuses_a_buffer_smaller_than_one_element() =>
        FluentActions.Invoking(() => StagingPlan.Chunks(4, 4, 3).ToList()).Should().Throw<ArgumentOutOfRangeException>();

    [Theory]
    [InlineData(WeightDtype.BF16)]
    [InlineData(WeightDtype.F16)]
    [InlineData(WeightDtype.F32)]
    public void Tensors_arrive_converted_to_bf16_through_a_ring_smaller_than_each_of_them(WeightDtype dtype)
    {
        var ring = new RecordingStagingRing(count: 2, bufferBytes: 64);
        var uploader = new StagedUploader(ring);
        var (firstValues, firstStored) = Tensor(dtype, 101, seed: 1);
        var (secondValues, secondStored) = Tensor(dtype, 37, seed: 2);
        ring.Device[1] = new ushort[101];
        ring.Device[2] = new ushort[37];
        var reads = new List<(long Offset, int Bytes)>();

        uploader.Upload(1, 101, dtype, Reader(firstStored, reads));
        uploader.Upload(2, 37, dtype, Reader(secondStored, reads));
        ring.Drain();

        ring.Device[1].Should().Equal(firstValues.Select(Bf16.FromSingle));
        ring.Device[2].Should().Equal(secondValues.Select(Bf16.FromSingle));
        var chunksPerBuffer = 64 / dtype.SizeBytes();
        var expectedChunks = ((101 + chunksPerBuffer - 1) / chunksPerBuffer) + ((37 + chunksPerBuffer - 1) / chunksPerBuffer);
        ring.Submitted.Should().HaveCount(expectedChunks).And.Equal(Enumerable.Range(0, expectedChunks).Select(i => i % 2), "buffers alternate, across tensors too");
        ring.Waits.Should().Be(expectedChunks - 2, "every chunk after the first two waits for the copy two chunks back");
        reads.Sum(r => r.Bytes).Should().Be((101 + 37) * dtype.SizeBytes());
        reads.Should().OnlyContain(r => r.Bytes <= 64);
    }

    [Fact]
    public void A_failing_read_stops_the_upload_with_its_exception()
    {
        var ring = new RecordingStagingRing(2, 16);
        ring.Device[1] = new ushort[100];
        var uploader = new StagedUploader(ring);
        var calls = 0;

        var act = () => uploader.Upload(1, 100, WeightDtype.BF16, (_, _) =>
        {
            if (++calls == 3)
            {
                throw new IOException("disk gone");
            }
        });

        act.Should().Throw<IOException>().WithMessage("disk gone");
        ring.Submitted.Should().HaveCount(2);
    }

    private static ChunkReader Reader(byte[] stored, List<(long Offset, int Bytes)> reads) => (offset, destination) =>
    {
        reads.Add((offset, destination.Length));
        stored.AsSpan((int)offset, destination.Length).CopyTo(destination);
    };

    // Random values exactly representable in the dtype, and their stored bytes.
    private static (float[] Values, byte[] Stored) Tensor(WeightDtype dtype, int elements, int seed)
    {
        var random = new Random(seed);
        var values = Enumerable.Range(0, elements).Select(_ => (float)((random.NextDouble() - 0.5) * 8)).ToArray();
        return dtype switch
        {
            WeightDtype.BF16 => (values.Select(Bf16.Round).ToArray(), values.SelectMany(v => BitConverter.GetBytes(Bf16.FromSingle(v))).ToArray()),
            WeightDtype.F16 => (values.Select(v => (float)(Half)v).ToArray(), values.SelectMany(v => BitConverter.GetBytes((Half)v)).ToArray()),
            _ => (values, values.SelectMany(BitConverter.GetBytes).ToArray()),
        };
    }
}
