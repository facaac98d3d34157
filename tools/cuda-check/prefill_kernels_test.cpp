// The prefill attention kernels of prefill_attention.cu (tensor cores, 64-token tiles) run by the CPU emulator (emulator.h)
// against causal softmax attention over the paged KV cache: two sequences' chunks (one from position 0 spanning two tiles,
// one continuing a cached context), head dims 64 and 128, a sliding window, and the fp8 cache with its scales.
// The kernel rounds queries, keys, values and probabilities to bf16 for the products (fp32 sums), so the tolerance is a
// bf16 one. Prints one line per case and "N passed, M failed"; exits 1 on a failure.
// Build: clang++ -std=c++20 -O2 -pthread -DSLUICE_KERNEL_EMULATION -include emulator.h prefill_kernels_test.cpp
#include <random>

#include "check.h"

#include "../../src/EngineSidecar/Compute/Cuda/Kernels/common.cuh"
#include "../../src/EngineSidecar/Compute/Cuda/Kernels/quant.cu"
#include "../../src/EngineSidecar/Compute/Cuda/Kernels/kv_fp8.cu"
#include "../../src/EngineSidecar/Compute/Cuda/Kernels/prefill_attention.cu"

namespace {
std::mt19937 rng(3);
constexpr int KvHeads = 2, Group = 2, Heads = KvHeads * Group, BlockSize = 16, MaxBlocks = 8;

float uniform() { return std::uniform_real_distribution<float>(-1.f, 1.f)(rng); }

// Chunks (sequence, first position, tokens) of one step; every sequence's cache holds positions 0 … its last.
struct Prefill {
    int headDim, ld, kvDim;
    std::vector<int> positions, sequences, tables, tiles;
    std::vector<float> qkv, keys, values;  // keys, values: [sequence][position][kvDim] as the cache holds them
    std::vector<bf16> kCache, vCache;
    std::vector<fp8> k8, v8;

    Prefill(int dim, const std::vector<std::array<int, 3>>& chunks, float kScale, float vScale)
        : headDim(dim), ld((Heads + 2 * KvHeads) * dim), kvDim(KvHeads * dim)
    {
        const int sequencesCount = 2;
        std::vector<int> blocks(sequencesCount * MaxBlocks);
        for (int i = 0; i < (int)blocks.size(); i++) blocks[i] = i;
        std::shuffle(blocks.begin(), blocks.end(), rng);
        tables = blocks;
        const size_t slots = blocks.size() * BlockSize;
        kCache.resize(slots * kvDim);
        vCache.resize(kCache.size());
        k8.resize(kCache.size());
        v8.resize(kCache.size());
        keys.resize((size_t)sequencesCount * MaxBlocks * BlockSize * kvDim);
        values.resize(keys.size());
        for (int s = 0; s < sequencesCount; s++)
            for (int j = 0; j < MaxBlocks * BlockSize; j++) {
                const size_t slot = (size_t)tables[s * MaxBlocks + j / BlockSize] * BlockSize + j % BlockSize;
                for (int e = 0; e < kvDim; e++) {
                    const size_t at = ((size_t)s * MaxBlocks * BlockSize + j) * kvDim + e;
                    const float k = uniform(), v = uniform();
                    kCache[slot * kvDim + e] = f2bf(k);
                    vCache[slot * kvDim + e] = f2bf(v);
                    k8[slot * kvDim + e] = (fp8)f2e4m3(k / kScale);
                    v8[slot * kvDim + e] = (fp8)f2e4m3(v / vScale);
                    keys[at] = kScale > 0 ? e4m3_to_f32(k8[slot * kvDim + e]) * kScale : bf2f(kCache[slot * kvDim + e]);
                    values[at] = vScale > 0 ? e4m3_to_f32(v8[slot * kvDim + e]) * vScale : bf2f(vCache[slot * kvDim + e]);
                }
            }
        for (const auto& [sequence, first, tokens] : chunks)
            for (int i = 0; i < tokens; i++) {
                if (i % PREFILL_ROWS == 0) {
                    tiles.push_back((int)positions.size());
                    tiles.push_back(std::min(PREFILL_ROWS, tokens - i));
                }
                positions.push_back(first + i);
                sequences.push_back(sequence);
            }
        qkv.resize(positions.size() * ld);
        for (auto& v : qkv) v = uniform();
    }

    std::vector<float> reference(float scale, int window) const
    {
        std::vector<float> out(positions.size() * Heads * headDim);
        for (size_t t = 0; t < positions.size(); t++)
            for (int h = 0; h < Heads; h++) {
                const int p = positions[t], s = sequences[t], first = window > 0 && p - window + 1 > 0 ? p - window + 1 : 0, kvh = h / Group;
                std::vector<double> scores;
                double top = -1e300;
                for (int j = first; j <= p; j++) {
                    double dot = 0;
                    for (int d = 0; d < headDim; d++)
                        dot += (double)qkv[t * ld + h * headDim + d] * keys[((size_t)s * MaxBlocks * BlockSize + j) * kvDim + kvh * headDim + d];
                    scores.push_back(dot * scale);
                    top = std::max(top, dot * scale);
                }
                double sum = 0;
                for (auto& x : scores) sum += (x = std::exp(x - top));
                for (int d = 0; d < headDim; d++) {
                    double value = 0;
                    for (int j = first; j <= p; j++) value += scores[j - first] * values[((size_t)s * MaxBlocks * BlockSize + j) * kvDim + kvh * headDim + d];
                    out[(t * Heads + h) * headDim + d] = (float)(value / sum);
                }
            }
        return out;
    }

    template <typename KV, typename K>
    std::vector<float> run(K kernel, const KV* kc, const KV* vc, float kScale, float vScale, float scale, int window) const
    {
        std::vector<float> out(positions.size() * Heads * headDim, NAN);
        std::vector<bf16> outBf16(out.size());
        emu::launch(kernel, dim3{(unsigned)(tiles.size() / 2), Heads}, dim3{128}, (const float*)qkv.data(), ld, 0, kc, vc, kScale, vScale,
            (const int*)positions.data(), (const int*)sequences.data(), (const int*)tables.data(), MaxBlocks, BlockSize, KvHeads, Group, scale, window,
            (const int*)tiles.data(), out.data(), outBf16.data(), Heads * headDim);
        return out;
    }
};

void report(const std::string& name, const std::vector<float>& actual, const std::vector<float>& expected, float tolerance)
{
    check::report(name, check::max_abs_error(actual, expected), tolerance, "max |error|");
}
}  // namespace

int main()
{
    // Sequence 0 from position 0 over two tiles (70 tokens), sequence 1 continuing a cached context (positions 30 … 49).
    const std::vector<std::array<int, 3>> chunks = {{0, 0, 70}, {1, 30, 20}};
    for (int dim : {64, 128}) {
        const Prefill step(dim, chunks, 0.f, 0.f);
        const float scale = 1.f / std::sqrt((float)dim);
        auto kernel = dim == 64 ? prefill_attention_d64 : prefill_attention_d128;
        report("prefill_attention_d" + std::to_string(dim), step.run(kernel, step.kCache.data(), step.vCache.data(), 1.f, 1.f, scale, 0),
            step.reference(scale, 0), 5e-3f);
        report("prefill_attention_d" + std::to_string(dim) + " sliding window 24",
            step.run(kernel, step.kCache.data(), step.vCache.data(), 1.f, 1.f, scale, 24), step.reference(scale, 24), 5e-3f);
    }
    const Prefill fp8Step(128, chunks, 0.01f, 0.02f);
    const float scale = 1.f / std::sqrt(128.f);
    report("prefill_attention_fp8_d128", fp8Step.run(prefill_attention_fp8_d128, (const fp8*)fp8Step.k8.data(), (const fp8*)fp8Step.v8.data(), 0.01f, 0.02f,
        scale, 0), fp8Step.reference(scale, 0), 5e-3f);
    return check::summary();
}
