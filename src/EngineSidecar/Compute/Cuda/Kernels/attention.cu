// Paged attention of fp32 queries over the bf16 or fp8 (e4m3, kv_fp8.cu) KV cache, flash-decoding style: one CTA of 4 warps per (token, KV head,
// split of the token's visible positions: split s of n covers the s-th ceil(visible / n) positions). The CTA serves every query head of the KV head's group, so each
// key/value row is read once per group (GQA). Each warp keeps an online softmax over its positions; the
// warps are merged in shared memory; splits are merged by attention_combine when numSplits > 1.
// Works for decode (one token per sequence) and prefill chunks (causal: token at position p sees
// positions [first, p], first = p - window + 1 with a sliding window, else 0).
// Caches: [numBlocks * blockSize, numKvHeads * headDim]; slot of position j = table[j / blockSize] * blockSize + j % blockSize.
// fp8 caches hold x / scale: kScale is folded into the queries, vScale into the output (bf16 kernels get 1, 1).
// partial: [T, numHeads, numSplits, headDim + 2] holding (max, sum, acc[headDim]) of each split.
// tokenList (optional): the CTAs' tokens, blockIdx.x indexing it (the decode tokens of a step whose prefill chunks run on
// prefill_attention); null = every token of the step, t = blockIdx.x.

// Launch configuration of a paged attention kernel: W warps per CTA, U positions per warp iteration (all their loads in
// flight together), PREFETCH loads the next iteration's rows before using the current ones, REDUCE_ALL sums all of an
// iteration's scores over the warp at once (warp_sum_all) instead of one warp_sum each.
template <int W_, int U_, bool PREFETCH_, bool REDUCE_ALL_>
struct AttnConfig {
    static constexpr int W = W_;
    static constexpr int U = U_;
    static constexpr bool PREFETCH = PREFETCH_;
    static constexpr bool REDUCE_ALL = REDUCE_ALL_;
};

// Loads DPL consecutive bf16 of a row (this lane's dims lane·DPL …) as floats; zeros past headDim. With vec (headDim a
// multiple of DPL, so every row start is DPL-aligned) one vector load per lane, else DPL scalar loads.
template <int DPL>
__device__ __forceinline__ void load_row(const bf16* __restrict__ row, int lane, int headDim, bool vec, float (&out)[DPL])
{
    const int d0 = lane * DPL;
    if (vec && d0 < headDim) {
        if constexpr (DPL == 8) {
            const uint4 w = *reinterpret_cast<const uint4*>(row + d0);
            const unsigned int words[4] = {w.x, w.y, w.z, w.w};
#pragma unroll
            for (int i = 0; i < 4; i++) {
                out[2 * i] = __uint_as_float(words[i] << 16);
                out[2 * i + 1] = __uint_as_float(words[i] & 0xffff0000u);
            }
        } else if constexpr (DPL == 4) {
            const uint2 w = *reinterpret_cast<const uint2*>(row + d0);
            out[0] = __uint_as_float(w.x << 16);
            out[1] = __uint_as_float(w.x & 0xffff0000u);
            out[2] = __uint_as_float(w.y << 16);
            out[3] = __uint_as_float(w.y & 0xffff0000u);
        } else if constexpr (DPL == 2) {
            const unsigned int w = *reinterpret_cast<const unsigned int*>(row + d0);
            out[0] = __uint_as_float(w << 16);
            out[1] = __uint_as_float(w & 0xffff0000u);
        } else {
            out[0] = bf2f(row[d0]);
        }
    } else {
#pragma unroll
        for (int i = 0; i < DPL; i++) out[i] = d0 + i < headDim ? bf2f(row[d0 + i]) : 0.f;
    }
}

// The fp8 twin of load_row: DPL consecutive e4m3 bytes (one vector load with vec) decoded to floats; zeros past headDim.
template <int DPL>
__device__ __forceinline__ void load_row(const fp8* __restrict__ row, int lane, int headDim, bool vec, float (&out)[DPL])
{
    const int d0 = lane * DPL;
    if (vec && d0 < headDim) {
        unsigned int words[DPL > 4 ? 2 : 1];
        if constexpr (DPL == 8) {
            const uint2 w = *reinterpret_cast<const uint2*>(row + d0);
            words[0] = w.x;
            words[1] = w.y;
        } else if constexpr (DPL == 4) {
            words[0] = *reinterpret_cast<const unsigned int*>(row + d0);
        } else if constexpr (DPL == 2) {
            words[0] = *reinterpret_cast<const unsigned short*>(row + d0);
        } else {
            words[0] = row[d0];
        }
#pragma unroll
        for (int i = 0; i < DPL; i++) out[i] = e4m3_to_f32(words[i / 4] >> (8 * (i % 4)));
    } else {
#pragma unroll
        for (int i = 0; i < DPL; i++) out[i] = d0 + i < headDim ? e4m3_to_f32(row[d0 + i]) : 0.f;
    }
}

// Keys and values of positions j0 … j0 + U − 1 (positions at or past end repeat j0; their scores are masked).
template <int U, int DPL, typename KV>
__device__ __forceinline__ void load_positions(float (&k)[U][DPL], float (&v)[U][DPL], int j0, int end,
    const int* __restrict__ table, int blockSize, const KV* __restrict__ kCache, const KV* __restrict__ vCache,
    int kvDim, int headOffset, int lane, int headDim, bool vec)
{
#pragma unroll
    for (int u = 0; u < U; u++) {
        const int j = j0 + u < end ? j0 + u : j0;
        const long long row = ((long long)table[j / blockSize] * blockSize + (j % blockSize)) * kvDim + headOffset;
        load_row<DPL>(kCache + row, lane, headDim, vec, k[u]);
        load_row<DPL>(vCache + row, lane, headDim, vec, v[u]);
    }
}

// Reduce-scatter step of warp_sum_all: a lane keeps HALF of its values and adds its partner's (lane ^ OFFSET) copy of them.
template <int N, int HALF, int OFFSET>
__device__ __forceinline__ void reduce_scatter(float (&v)[N], int lane)
{
    if constexpr (HALF > 0 && OFFSET > 0) {
        const bool upper = (lane & OFFSET) != 0;
#pragma unroll
        for (int i = 0; i < HALF; i++) {
            const float send = upper ? v[i] : v[i + HALF];
            const float keep = upper ? v[i + HALF] : v[i];
            v[i] = keep + __shfl_xor_sync(0xffffffffu, send, OFFSET);
        }
        reduce_scatter<N, HALF / 2, OFFSET / 2>(v, lane);
    }
}

__host__ __device__ constexpr int log2_exact(int n) { return n <= 1 ? 0 : 1 + log2_exact(n / 2); }

// Sums each of N values (N a power of two) over the warp; every lane gets all N sums, with about 2·N shuffles instead
// of 5·N. Reduce-scatter leaves lane L with the sum of value L >> (5 − log2 N) when N ≤ 32, or of values
// L·(N/32) + i in v[i] when N > 32; a broadcast follows.
template <int N>
__device__ __forceinline__ void warp_sum_all(float (&v)[N], int lane)
{
    reduce_scatter<N, N / 2, 16>(v, lane);
    if constexpr (N <= 32) {
        constexpr int shift = 5 - log2_exact(N);
        float mine = v[0];
#pragma unroll
        for (int o = (1 << shift) / 2; o > 0; o >>= 1) mine += __shfl_xor_sync(0xffffffffu, mine, o);
#pragma unroll
        for (int i = 0; i < N; i++) v[i] = __shfl_sync(0xffffffffu, mine, i << shift);
    } else {
        constexpr int per = N / 32;
        float mine[per];
#pragma unroll
        for (int i = 0; i < per; i++) mine[i] = v[i];
#pragma unroll
        for (int i = 0; i < N; i++) v[i] = __shfl_sync(0xffffffffu, mine[i % per], i / per);
    }
}

template <int GMAX, int DPL, typename C, typename KV>
__device__ __forceinline__ void paged_attention_impl(
    const float* __restrict__ qkv, int ldQkv, int qOffset,
    const KV* __restrict__ kCache, const KV* __restrict__ vCache, float kScale, float vScale,
    const int* __restrict__ positions, const int* __restrict__ tokenSequence, const int* __restrict__ blockTables, int maxBlocks,
    int blockSize, int numKvHeads, int headDim, int group, float scale, int window, int numSplits,
    const int* __restrict__ tokenList, float* __restrict__ out, bf16* __restrict__ outBf16, int ldOut, float* __restrict__ partial)
{
    constexpr int W = C::W, U = C::U;
    __shared__ float smMax[W][GMAX];
    __shared__ float smSum[W][GMAX];
    __shared__ float smAcc[W][GMAX][DPL * 32];

    const int t = tokenList != nullptr ? tokenList[blockIdx.x] : blockIdx.x, kvh = blockIdx.y, split = blockIdx.z;
    const int lane = threadIdx.x & 31, warp = threadIdx.x >> 5;
    const int p = positions[t];
    const int first = (window > 0 && p - window + 1 > 0) ? p - window + 1 : 0;
    const int chunk = (p + 1 - first + numSplits - 1) / numSplits;
    const int start = first + split * chunk;
    const int end = start + chunk < p + 1 ? start + chunk : p + 1;
    const int* table = blockTables + (long long)tokenSequence[t] * maxBlocks;
    const int numHeads = numKvHeads * group;
    const int kvDim = numKvHeads * headDim;
    const bool vec = headDim % DPL == 0;

    float q[GMAX][DPL], acc[GMAX][DPL], m[GMAX], l[GMAX];
#pragma unroll
    for (int g = 0; g < GMAX; g++) {
        const float* qh = qkv + (long long)t * ldQkv + qOffset + (kvh * group + g) * headDim;
#pragma unroll
        for (int i = 0; i < DPL; i++) {
            const int d = lane * DPL + i;
            q[g][i] = (g < group && d < headDim) ? qh[d] * (scale * kScale) : 0.f;
            acc[g][i] = 0.f;
        }
        m[g] = NEG_INF;
        l[g] = 0.f;
    }

    // Each warp takes U consecutive positions per iteration, all their loads issued before any use.
    float k[U][DPL], v[U][DPL];
    int j0 = start + warp * U;
    if (C::PREFETCH && j0 < end) load_positions<U, DPL>(k, v, j0, end, table, blockSize, kCache, vCache, kvDim, kvh * headDim, lane, headDim, vec);
    for (; j0 < end; j0 += W * U) {
        float kNext[C::PREFETCH ? U : 1][DPL], vNext[C::PREFETCH ? U : 1][DPL];
        if constexpr (C::PREFETCH) {
            if (j0 + W * U < end) {
                load_positions<U, DPL>(kNext, vNext, j0 + W * U, end, table, blockSize, kCache, vCache, kvDim, kvh * headDim, lane, headDim, vec);
            }
        } else {
            load_positions<U, DPL>(k, v, j0, end, table, blockSize, kCache, vCache, kvDim, kvh * headDim, lane, headDim, vec);
        }

        // s[g · U + u] = q_g · k_u, summed over the warp.
        float s[GMAX * U];
#pragma unroll
        for (int g = 0; g < GMAX; g++) {
#pragma unroll
            for (int u = 0; u < U; u++) {
                float dot = 0.f;
#pragma unroll
                for (int i = 0; i < DPL; i++) dot += q[g][i] * k[u][i];
                s[g * U + u] = dot;
            }
        }
        if constexpr (C::REDUCE_ALL) {
            warp_sum_all<GMAX * U>(s, lane);
        } else {
#pragma unroll
            for (int i = 0; i < GMAX * U; i++) s[i] = warp_sum(s[i]);
        }

#pragma unroll
        for (int g = 0; g < GMAX; g++) {
            if (g < group) {
                float mNew = m[g];
#pragma unroll
                for (int u = 0; u < U; u++) {
                    if (j0 + u >= end) s[g * U + u] = NEG_INF;
                    mNew = fmaxf(mNew, s[g * U + u]);
                }
                const float correction = __expf(m[g] - mNew);
                l[g] *= correction;
#pragma unroll
                for (int i = 0; i < DPL; i++) acc[g][i] *= correction;
#pragma unroll
                for (int u = 0; u < U; u++) {
                    const float e = __expf(s[g * U + u] - mNew);
                    l[g] += e;
#pragma unroll
                    for (int i = 0; i < DPL; i++) acc[g][i] += e * v[u][i];
                }
                m[g] = mNew;
            }
        }

        if constexpr (C::PREFETCH) {
#pragma unroll
            for (int u = 0; u < U; u++) {
#pragma unroll
                for (int i = 0; i < DPL; i++) {
                    k[u][i] = kNext[u][i];
                    v[u][i] = vNext[u][i];
                }
            }
        }
    }

#pragma unroll
    for (int g = 0; g < GMAX; g++) {
        if (lane == 0) {
            smMax[warp][g] = m[g];
            smSum[warp][g] = l[g];
        }
#pragma unroll
        for (int i = 0; i < DPL; i++) smAcc[warp][g][lane * DPL + i] = acc[g][i];
    }
    __syncthreads();

    for (int idx = threadIdx.x; idx < group * headDim; idx += blockDim.x) {
        const int g = idx / headDim, d = idx - g * headDim;
        float mAll = NEG_INF;
#pragma unroll
        for (int w = 0; w < W; w++) mAll = fmaxf(mAll, smMax[w][g]);
        float sum = 0.f, value = 0.f;
#pragma unroll
        for (int w = 0; w < W; w++) {
            const float mw = smMax[w][g];
            const float f = mw == NEG_INF ? 0.f : __expf(mw - mAll);
            sum += smSum[w][g] * f;
            value += smAcc[w][g][d] * f;
        }
        value *= vScale;
        const int h = kvh * group + g;
        if (numSplits == 1) {
            const float o = sum > 0.f ? value / sum : 0.f;
            out[(long long)t * ldOut + h * headDim + d] = o;
            outBf16[(long long)t * ldOut + h * headDim + d] = f2bf(o);
        } else {
            float* pp = partial + (((long long)blockIdx.x * numHeads + h) * numSplits + split) * (headDim + 2);
            if (d == 0) {
                pp[0] = mAll;
                pp[1] = sum;
            }
            pp[2 + d] = value;
        }
    }
}

#define PAGED_ATTENTION_KERNEL(NAME, KV, GM, DP, W, U, P, R, MIN_CTAS)                                                 \
    extern "C" __global__ void __launch_bounds__(W * 32, MIN_CTAS) NAME(                                            \
        const float* __restrict__ qkv, int ldQkv, int qOffset, const KV* __restrict__ kCache,                              \
        const KV* __restrict__ vCache, float kScale, float vScale,                                                        \
        const int* __restrict__ positions, const int* __restrict__ tokenSequence,                                        \
        const int* __restrict__ blockTables, int maxBlocks, int blockSize, int numKvHeads, int headDim, int group,        \
        float scale, int window, int numSplits, const int* __restrict__ tokenList, float* __restrict__ out,               \
        bf16* __restrict__ outBf16, int ldOut, float* __restrict__ partial)                                               \
    {                                                                                                                     \
        paged_attention_impl<GM, DP, AttnConfig<W, U, P, R>, KV>(qkv, ldQkv, qOffset, kCache, vCache, kScale, vScale,  \
            positions, tokenSequence, blockTables,                                                                        \
            maxBlocks, blockSize, numKvHeads, headDim, group, scale, window, numSplits, tokenList, out, outBf16, ldOut, partial); \
    }

// The kernels the engine launches: 4 warps (CudaAttention.Threads = 128), 4 positions per iteration (8 for fp8 caches,
// whose rows are half the bytes: the same bytes in flight per warp), no prefetch,
// all-at-once reduction, and registers capped so that 8 CTAs (4 for larger groups × head dims) fit per multiprocessor:
// decode is latency-bound, and resident warps beat registers (bench-cuda's attention variants on an H100: 68 µs at
// 64 registers and 8 CTAs vs 87 µs at 109 registers and 4 CTAs per Llama-3-8B layer at batch 100).
#define ATTENTION_MIN_CTAS(GM, DP) ((GM) * (DP) <= 16 ? 8 : ((GM) * (DP) <= 32 ? 4 : 1))
#define PAGED_ATTENTION(GM, DP)                                                                                          \
    PAGED_ATTENTION_KERNEL(paged_attention_g##GM##_d##DP, bf16, GM, DP, 4, 4, false, true, ATTENTION_MIN_CTAS(GM, DP))    \
    PAGED_ATTENTION_KERNEL(paged_attention_fp8_g##GM##_d##DP, fp8, GM, DP, 4, 8, false, true, ATTENTION_MIN_CTAS(GM, DP))

PAGED_ATTENTION(1, 1)
PAGED_ATTENTION(1, 2)
PAGED_ATTENTION(1, 4)
PAGED_ATTENTION(1, 8)
PAGED_ATTENTION(2, 1)
PAGED_ATTENTION(2, 2)
PAGED_ATTENTION(2, 4)
PAGED_ATTENTION(2, 8)
PAGED_ATTENTION(4, 1)
PAGED_ATTENTION(4, 2)
PAGED_ATTENTION(4, 4)
PAGED_ATTENTION(4, 8)
PAGED_ATTENTION(8, 1)
PAGED_ATTENTION(8, 2)
PAGED_ATTENTION(8, 4)
PAGED_ATTENTION(8, 8)
PAGED_ATTENTION(16, 1)
PAGED_ATTENTION(16, 2)
PAGED_ATTENTION(16, 4)

// Alternative configurations of the Llama-3 shape (4 query heads per KV head, head dim 128), timed against each other
// by `bench-cuda` (CudaAttention.Variants) to choose DefaultAttn. Suffix: warps, positions per iteration, prefetch,
// all-at-once reduction, minimum resident CTAs requested from the register allocator.
#define ATTENTION_VARIANT(W, U, P, R, M) PAGED_ATTENTION_KERNEL(attention_variant_w##W##_u##U##_p##P##_r##R##_m##M, bf16, 4, 4, W, U, P, R, M)

ATTENTION_VARIANT(4, 4, 0, 0, 1)
ATTENTION_VARIANT(4, 4, 0, 1, 1)
ATTENTION_VARIANT(4, 4, 1, 1, 1)
ATTENTION_VARIANT(4, 8, 0, 1, 1)
ATTENTION_VARIANT(2, 4, 0, 1, 1)
ATTENTION_VARIANT(8, 4, 0, 1, 1)
ATTENTION_VARIANT(8, 2, 0, 1, 1)

// Merges the splits of paged attention: out[t, h] = Σ_s acc_s · e^(m_s − M) / Σ_s l_s · e^(m_s − M). grid: (tokens
// attended, numHeads); t = tokenList[blockIdx.x] when a token list is given, else blockIdx.x.
extern "C" __global__ void attention_combine(const float* __restrict__ partial, int numSplits, int headDim,
    const int* __restrict__ tokenList, float* __restrict__ out, bf16* __restrict__ outBf16, int ldOut)
{
    const int t = tokenList != nullptr ? tokenList[blockIdx.x] : blockIdx.x, h = blockIdx.y, numHeads = gridDim.y;
    const int stride = headDim + 2;
    const float* base = partial + ((long long)blockIdx.x * numHeads + h) * numSplits * stride;
    float mAll = NEG_INF;
    for (int s = 0; s < numSplits; s++) mAll = fmaxf(mAll, base[s * stride]);
    for (int d = threadIdx.x; d < headDim; d += blockDim.x) {
        float sum = 0.f, value = 0.f;
        for (int s = 0; s < numSplits; s++) {
            const float ms = base[s * stride];
            const float f = ms == NEG_INF ? 0.f : __expf(ms - mAll);
            sum += base[s * stride + 1] * f;
            value += base[s * stride + 2 + d] * f;
        }
        const float o = sum > 0.f ? value / sum : 0.f;
        out[(long long)t * ldOut + h * headDim + d] = o;
        outBf16[(long long)t * ldOut + h * headDim + d] = f2bf(o);
    }
}
