using Sluice.Engine.Compute.Cpu;
using Sluice.Engine.Compute.TensorParallel;
using Sluice.Engine.Model;
using Sluice.Engine.Model.Dummy;
using Sluice.Engine.Model.Quantization;

namespace Sluice.Engine.Tests.Compute.TensorParallel;

public sealed class QuantizedShardsTests
{
    [Fact]
    public void Int4_column_shards_dequantize_to_the_whole_tensors_columns()
    {
        var whole = DummyQuantizedWeights.Generate("w", QuantizedKind.Int4, 8, 384, seed: 2, "test");

        var shard = QuantizedShards.Slice(whole, new WeightShard(null, new IndexRange(128, 256)));

        shard.Cols.Should().Be(256);
        shard.Scales.Should().HaveCount(8 * 2);
        for (var row = 0; row < 8; row++)
        {
            Row(whole, row)[128..].Should().Equal(Row(shard, row));
        }
    }

    [Theory]
    [InlineData(QuantizedKind.Int8)]
    [InlineData(QuantizedKind.Fp8)]
    [InlineData(QuantizedKind.Int4)]
    public void Row_shards_carry_their_rows_scales_and_codes(QuantizedKind kind)
    {
        var generated = DummyQuantizedWeights.Generate("w", kind, 8, 128, seed: 3, "test");
        var whole = new QuantizedTensor // every row (int4: its one group) a scale of its own
        {
            Name = "w",
            Kind = kind,
            Rows = 8,
            Cols = 128,
            Data = generated.Data,
            Scales = [.. generated.Scales.Select((s, i) => s * (i + 1))],
            Zeros = generated.Zeros,
        };

        var shard = QuantizedShards.Slice(whole, new WeightShard([new IndexRange(6, 2), new IndexRange(1, 1)], null));

        shard.Rows.Should().Be(3);
        int[] rows = [6, 7, 1];
        for (var r = 0; r < rows.Length; r++)
        {
            Row(shard, r).Should().Equal(Row(whole, rows[r]));
            shard.Scales[r].Should().Be(whole.Scales[rows[r]], "one scale per row (int4: one group of 128 columns)");
        }
    }

    [Fact]
    public void Fp8_with_a_static_input_scale_splits_by_columns_keeping_each_rows_scale()
    {
        var generated = DummyQuantizedWeights.Generate("w", QuantizedKind.Fp8, 2, 8, seed: 4, "test");
        var whole = new QuantizedTensor { Name = "w", Kind = QuantizedKind.Fp8, Rows = 2, Cols = 8, Data = generated.Data, Scales = [0.5f, 2f], InputScale = 0.25f };

        var shard = QuantizedShards.Slice(whole, new WeightShard(null, new IndexRange(4, 4)));

        shard.Scales.Should().Equal(0.5f, 2f);
        shard.InputScale.Should().Be(0.25f);
        shard.Data.Should().Equal([.. whole.Data[4..8], .. whole.Data[12..16]]);
    }

    [Theory]
    [InlineData(QuantizedKind.Fp8, false, 0, "*fp8 with per-token activation scales*")]
    [InlineData(QuantizedKind.Int4, true, 0, "*act-order int4*")]
    [InlineData(QuantizedKind.Int4, false, 64, "*int4 groups of 128 columns would be cut*")]
    public void Column_cuts_that_would_change_the_product_are_refused(QuantizedKind kind, bool actOrder, int start, string message)
    {
        var t = DummyQuantizedWeights.Generate("layer.o_proj.weight", kind, 8, 256, seed: 1, "test");
        var whole = actOrder ? new QuantizedTensor
        {
            Name = t.Name,
            Kind = t.Kind,
            Rows = t.Rows,
            Cols = t.Cols,
            Data = t.Data,
            Scales = t.Scales,
            Zeros = t.Zeros,
            Permutation = [.. Enumerable.Range(0, 256).Reverse()],
        } : t;

        var act = () => QuantizedShards.Slice(whole, new WeightShard(null, new IndexRange(start, 128)));

        act.Should().Throw<ModelLoadException>().WithMessage("tensor 'layer.o_proj.weight': cannot split*" + message);
    }

    private static float[] Row(QuantizedTensor tensor, int row)
    {
        var values = new float[tensor.Cols];
        new CpuQuantizedMatrix(tensor).ReadRow(row, values);
        return values;
    }
}
