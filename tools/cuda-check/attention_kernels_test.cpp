// The decode attention kernels of attention.cu run by the CPU emulator (emulator.h) against a reference softmax attention
// over the paged KV cache: the engine's kernel for Llama-3's shape (4 query heads per KV head, head dim 128) with one split
// and with several (attention_combine), a sliding window, the fp8 (e4m3) cache with its scales (write_kv_fp8), and every
// launch variant. Prints one line per case and "N passed, M failed"; exits 1 on a failure.
// Build: clang++ -std=c++20 -O2 -pthread -DSLUICE_KERNEL_EMULATION -include emulator.h attention_kernels_test.cpp
#include <random>

#include "check.h"

#include "../../src/EngineSidecar/Compute/Cuda/Kernels/common.cuh"
#include "../../src/EngineSidecar/Compute/Cuda/Kernels/quant.cu"
#include "../../src/EngineSidecar/Compute/Cuda/Kernels/kv_fp8.cu"
#include "../../src/EngineSidecar/Compute/Cuda/Kernels/attention.cu"

namespace {
std::mt19937 rng(5);
constexpr int KvHeads = 2, Group = 4, Heads = KvHeads * Group, HeadDim = 128, KvDim = KvHeads * HeadDim, BlockSize = 16, MaxBlocks = 8;
constexpr int Ld = (Heads + 2 * KvHeads) * HeadDim;  // q, k, v of a token, as the fused projection writes them

float uniform() { return std::uniform_real_distribution<float>(-1.f, 1.f)(rng); }

// One decode step: sequence t at position contexts[t] − 1, its KV rows in shuffled blocks of a shared cache.
struct Step {
    std::vector<int> positions, sequences, tables;
    std::vector<float> qkv, keys, values;  // keys, values: [sequence][position][kvDim], the reference's copy
    std::vector<bf16> kCache, vCache;
    std::vector<int> slots;                // of every (sequence, position), for write_kv_fp8

    explicit Step(const std::vector<int>& contexts)
    {
        const int n = (int)contexts.size();
        std::vector<int> blocks(n * MaxBlocks);
        for (int i = 0; i < (int)blocks.size(); i++) blocks[i] = i;
        std::shuffle(blocks.begin(), blocks.end(), rng);
        tables = blocks;
        kCache.resize(blocks.size() * BlockSize * KvDim);
        vCache.resize(kCache.size());
        keys.resize((size_t)n * MaxBlocks * BlockSize * KvDim);
        values.resize(keys.size());
        for (int s = 0; s < n; s++) {
            positions.push_back(contexts[s] - 1);
            sequences.push_back(s);
            for (int j = 0; j < contexts[s]; j++) {
                const int slot = tables[s * MaxBlocks + j / BlockSize] * BlockSize + j % BlockSize;
                slots.push_back(slot);
                for (int e = 0; e < KvDim; e++) {
                    const size_t at = ((size_t)s * MaxBlocks * BlockSize + j) * KvDim + e;
                    kCache[(size_t)slot * KvDim + e] = f2bf(uniform());
                    vCache[(size_t)slot * KvDim + e] = f2bf(uniform());
                    keys[at] = bf2f(kCache[(size_t)slot * KvDim + e]);
                    values[at] = bf2f(vCache[(size_t)slot * KvDim + e]);
                }
            }
        }
        qkv.resize((size_t)n * Ld);
        for (auto& v : qkv) v = uniform();
    }

    // Softmax attention of token t's query head h over positions [first, p] of its sequence.
    std::vector<float> reference(float scale, int window) const
    {
        const int n = (int)positions.size();
        std::vector<float> out((size_t)n * Heads * HeadDim);
        for (int t = 0; t < n; t++)
            for (int h = 0; h < Heads; h++) {
                const int p = positions[t], first = window > 0 && p - window + 1 > 0 ? p - window + 1 : 0, kvh = h / Group;
                std::vector<double> scores;
                double top = -1e300;
                for (int j = first; j <= p; j++) {
                    double dot = 0;
                    for (int d = 0; d < HeadDim; d++)
                        dot += (double)qkv[(size_t)t * Ld + h * HeadDim + d] * keys[((size_t)t * MaxBlocks * BlockSize + j) * KvDim + kvh * HeadDim + d];
                    scores.push_back(dot * scale);
                    top = std::max(top, dot * scale);
                }
                double sum = 0;
                for (auto& s : scores) sum += (s = std::exp(s - top));
                for (int d = 0; d < HeadDim; d++) {
                    double value = 0;
                    for (int j = first; j <= p; j++)
                        value += scores[j - first] * values[((size_t)t * MaxBlocks * BlockSize + j) * KvDim + kvh * HeadDim + d];
                    out[((size_t)t * Heads + h) * HeadDim + d] = (float)(value / sum);
                }
            }
        return out;
    }
};

using Kernel = decltype(&paged_attention_g4_d4);

void report(const std::string& name, const std::vector<float>& actual, const std::vector<float>& expected, float tolerance)
{
    check::report(name, check::max_abs_error(actual, expected), tolerance, "max |error|");
}

// Runs a bf16 or fp8 kernel over the step with numSplits splits (merged by attention_combine) and returns out [T, heads · headDim].
template <typename KV, typename K>
std::vector<float> run(K kernel, unsigned int threads, const Step& step, const KV* kCache, const KV* vCache, float kScale, float vScale, float scale,
    int window, int splits)
{
    const int n = (int)step.positions.size();
    std::vector<float> out((size_t)n * Heads * HeadDim, NAN), partial((size_t)n * Heads * splits * (HeadDim + 2));
    std::vector<bf16> outBf16(out.size());
    emu::launch(kernel, dim3{(unsigned)n, KvHeads, (unsigned)splits}, dim3{threads}, (const float*)step.qkv.data(), Ld, 0, kCache, vCache, kScale, vScale,
        (const int*)step.positions.data(), (const int*)step.sequences.data(), (const int*)step.tables.data(), MaxBlocks, BlockSize, KvHeads, HeadDim,
        Group, scale, window, splits, (const int*)nullptr, out.data(), outBf16.data(), Heads * HeadDim, partial.data());
    if (splits > 1) {
        emu::launch(attention_combine, dim3{(unsigned)n, Heads}, dim3{128}, (const float*)partial.data(), splits, HeadDim, (const int*)nullptr,
            out.data(), outBf16.data(), Heads * HeadDim);
    }
    return out;
}
}  // namespace

int main()
{
    const Step step({1, 37, 100});
    const float scale = 1.f / std::sqrt((float)HeadDim);
    const auto exact = step.reference(scale, 0);
    for (int splits : {1, 3})
        report("paged_attention_g4_d4 contexts 1, 37, 100, splits=" + std::to_string(splits),
            run(paged_attention_g4_d4, 128, step, step.kCache.data(), step.vCache.data(), 1.f, 1.f, scale, 0, splits), exact, 2e-5f);
    report("paged_attention_g4_d4 sliding window 24, splits=2",
        run(paged_attention_g4_d4, 128, step, step.kCache.data(), step.vCache.data(), 1.f, 1.f, scale, 24, 2), step.reference(scale, 24), 2e-5f);
    const struct { Kernel kernel; unsigned int threads; const char* name; } variants[] = {
        {attention_variant_w4_u4_p0_r0_m1, 128, "attention_variant_w4_u4_p0_r0_m1"}, {attention_variant_w4_u4_p0_r1_m1, 128, "attention_variant_w4_u4_p0_r1_m1"},
        {attention_variant_w4_u4_p1_r1_m1, 128, "attention_variant_w4_u4_p1_r1_m1"}, {attention_variant_w4_u8_p0_r1_m1, 128, "attention_variant_w4_u8_p0_r1_m1"},
        {attention_variant_w2_u4_p0_r1_m1, 64, "attention_variant_w2_u4_p0_r1_m1"}, {attention_variant_w8_u4_p0_r1_m1, 256, "attention_variant_w8_u4_p0_r1_m1"},
        {attention_variant_w8_u2_p0_r1_m1, 256, "attention_variant_w8_u2_p0_r1_m1"},
    };
    for (const auto& v : variants)
        report(std::string(v.name) + " splits=2", run(v.kernel, v.threads, step, step.kCache.data(), step.vCache.data(), 1.f, 1.f, scale, 0, 2), exact, 2e-5f);

    // fp8 cache: write_kv_fp8 stores e4m3(x / scale) of the bf16 rows; the reference attends over the values it decodes.
    const float kScale = 0.01f, vScale = 0.02f;
    std::vector<fp8> k8(step.kCache.size()), v8(step.vCache.size());
    const int rows = (int)step.slots.size();
    std::vector<float> kvRows((size_t)rows * Ld, 0.f);
    std::vector<int> slotRows(rows);
    Step decoded = step;
    for (int i = 0, s = 0; s < (int)step.positions.size(); s++)
        for (int j = 0; j <= step.positions[s]; j++, i++) {
            slotRows[i] = step.slots[i];
            for (int e = 0; e < KvDim; e++) {
                const size_t at = ((size_t)s * MaxBlocks * BlockSize + j) * KvDim + e;
                kvRows[(size_t)i * Ld + Heads * HeadDim + e] = step.keys[at];
                kvRows[(size_t)i * Ld + Heads * HeadDim + KvDim + e] = step.values[at];
            }
        }
    emu::launch(write_kv_fp8, dim3{(unsigned)rows}, dim3{128}, (const float*)kvRows.data(), Ld, Heads * HeadDim, Heads * HeadDim + KvDim, k8.data(), v8.data(),
        (const int*)slotRows.data(), KvDim, kScale, vScale);
    for (int i = 0, s = 0; s < (int)step.positions.size(); s++)
        for (int j = 0; j <= step.positions[s]; j++, i++)
            for (int e = 0; e < KvDim; e++) {
                const size_t at = ((size_t)s * MaxBlocks * BlockSize + j) * KvDim + e;
                decoded.keys[at] = e4m3_to_f32(k8[(size_t)slotRows[i] * KvDim + e]) * kScale;
                decoded.values[at] = e4m3_to_f32(v8[(size_t)slotRows[i] * KvDim + e]) * vScale;
            }
    for (int splits : {1, 3})
        report("paged_attention_fp8_g4_d4 splits=" + std::to_string(splits),
            run(paged_attention_fp8_g4_d4, 128, step, (const fp8*)k8.data(), (const fp8*)v8.data(), kScale, vScale, scale, 0, splits),
            decoded.reference(scale, 0), 2e-5f);
    return check::summary();
}
