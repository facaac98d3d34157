using Sluice.Engine.Compute.TensorParallel;
using Sluice.Engine.Model.Config;
using Sluice.Engine.Model.Dummy;
using Sluice.Engine.Model.Weights;

namespace Sluice.Engine.Tests.Compute.TensorParallel;

public sealed class TensorParallelLayoutTests
{
    private static readonly ModelConfig Tiny = DummyPresets.Get("dummy://tiny"); // 4 heads, 2 KV heads, inter 384, vocab 512

    public static TheoryData<ModelConfig, int, string?> Problems => new()
    {
        { Tiny, 1, null },
        { Tiny, 2, null },
        { Tiny, 4, null },
        { Tiny, 0, "--tensor-parallel-size 0: must be at least 1" },
        { Tiny, 3, "--tensor-parallel-size 3: num_attention_heads 4 is not divisible by 3" },
        { Tiny, 8, "--tensor-parallel-size 8: num_attention_heads 4 is not divisible by 8" },
        { Tiny with { NumHeads = 12, NumKvHeads = 6, HeadDim = 32 }, 4, "--tensor-parallel-size 4: num_key_value_heads 6 is not divisible by 4" },
        { Tiny with { NumHeads = 12, NumKvHeads = 3, HeadDim = 32 }, 4, "--tensor-parallel-size 4: num_key_value_heads 3 does not divide 4, so the ranks cannot each read one whole key/value head" },
        { Tiny with { IntermediateSize = 390 }, 4, "--tensor-parallel-size 4: intermediate_size 390 is not divisible by 4" },
        { Tiny with { VocabSize = 514 }, 4, "--tensor-parallel-size 4: vocab_size 514 is not divisible by 4" },
    };

    [Theory]
    [MemberData(nameof(Problems))]
    public void Shapes_that_do_not_split_are_named(ModelConfig model, int size, string? problem)
    {
        TensorParallelLayout.Problem(model, size).Should().Be(problem);
        var create = () => TensorParallelLayout.Create(model, size);
        if (problem is null)
        {
            create.Should().NotThrow();
        }
        else
        {
            create.Should().Throw<ArgumentException>().WithMessage(problem);
        }
    }

    [Fact]
    public void Fewer_kv_heads_than_ranks_give_each_rank_the_head_its_queries_read()
    {
        var model = Tiny with { NumHeads = 8, NumKvHeads = 2, HeadDim = 16 }; // query heads 0-3 read KV head 0, 4-7 head 1

        var layout = TensorParallelLayout.Create(model, 4);

        layout.RankShape.NumHeads.Should().Be(2);
        layout.RankShape.NumKvHeads.Should().Be(1);
        Enumerable.Range(0, 4).Select(layout.QueryHeadStart).Should().Equal(0, 2, 4, 6);
        Enumerable.Range(0, 4).Select(layout.KvHeadStart).Should().Equal(0, 0, 1, 1);
        Enumerable.Range(0, 4).Select(r => layout.QueryHeadStart(r) / (model.NumHeads / model.NumKvHeads))
            .Should().Equal(Enumerable.Range(0, 4).Select(layout.KvHeadStart));
    }

    [Fact]
    public void Fused_projections_split_each_part_and_row_parallel_weights_split_columns()
    {
        var phi = Tiny with { Family = ModelFamily.Phi3, NumHeads = 4, NumKvHeads = 4, HeadDim = 32, IntermediateSize = 384, VocabSize = 512 };
        var layout = TensorParallelLayout.Create(phi, 2);

        WeightShards.For(layout, 1, WeightNames.Layer(3, "self_attn.qkv_proj.weight")).Rows.Should()
            .Equal(new IndexRange(64, 64), new IndexRange(128 + 64, 64), new IndexRange(256 + 64, 64));
        WeightShards.For(layout, 1, WeightNames.Layer(0, "mlp.gate_up_proj.weight")).Rows.Should()
            .Equal(new IndexRange(192, 192), new IndexRange(384 + 192, 192));
        WeightShards.For(layout, 1, WeightNames.Layer(0, "self_attn.o_proj.weight")).Should().Be(new WeightShard(null, new IndexRange(64, 64)));
        WeightShards.For(layout, 1, WeightNames.Layer(0, "mlp.down_proj.weight")).Columns.Should().Be(new IndexRange(192, 192));
        WeightShards.For(layout, 1, WeightNames.Embedding).Rows.Should().Equal(new IndexRange(256, 256));
        WeightShards.For(layout, 1, WeightNames.Layer(0, "self_attn.o_proj.bias")).IsWhole.Should().BeTrue();
        WeightShards.For(layout, 1, WeightNames.FinalNorm).IsWhole.Should().BeTrue();
    }

    [Fact]
    public void Every_rank_shard_has_the_shape_of_the_rank_layout()
    {
        var layout = TensorParallelLayout.Create(Tiny with { QkvBias = true, OutputBias = true }, 4);
        var whole = WeightLayout.For(layout.Model);
        var rank = WeightLayout.For(layout.RankShape);

        foreach (var spec in rank.Tensors)
        {
            var full = whole[spec.Name].Shape;
            var shard = WeightShards.For(layout, 3, spec.Name);
            long[] shape = full.Length == 1
                ? [shard.RowCount((int)full[0])]
                : [shard.RowCount((int)full[0]), shard.ColumnCount((int)full[1])];
            shape.Should().Equal(spec.Shape, spec.Name);
        }
    }
}
