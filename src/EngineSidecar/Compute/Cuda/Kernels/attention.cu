// Paged attention of fp32 queries over the bf16 KV cache, flash-decoding style: one CTA of 4 warps per (token, KV head,
// split of the token's visible positions: split s of n covers the s-th ceil(visible / n) positions). The CTA serves every query head of the KV head's group, so each
// key/value row is read once per group (GQA). Each warp keeps an online softmax over its positions; the
// warps are merged in shared memory; splits are merged by attention_combine when numSplits > 1.
// Works for decode (one token per sequence) and prefill chunks (causal: token at position p sees
// positions [first, p], first = p - window + 1 with a sliding window, else 0).
// Caches: [numBlocks * blockSize, numKvHeads * headDim]; slot of position j = table[j / blockSize] * blockSize + j % blockSize.
// partial: [T, numHeads, numSplits, headDim + 2] holding (max, sum, acc[headDim]) of each split.

#define ATTN_WARPS 4
#define ATTN_UNROLL 4

template <int GMAX, int DPL>
__device__ __forceinline__ void paged_attention_impl(
    const float* __restrict__ qkv, int ldQkv, int qOffset,
    const bf16* __restrict__ kCache, const bf16* __restrict__ vCache,
    const int* __restrict__ positions, const int* __restrict__ tokenSequence, const int* __restrict__ blockTables, int maxBlocks,
    int blockSize, int numKvHeads, int headDim, int group, float scale, int window, int numSplits,
    float* __restrict__ out, bf16* __restrict__ outBf16, int ldOut, float* __restrict__ partial)
{
    __shared__ float smMax[ATTN_WARPS][GMAX];
    __shared__ float smSum[ATTN_WARPS][GMAX];
    __shared__ float smAcc[ATTN_WARPS][GMAX][DPL * 32];

    const int t = blockIdx.x, kvh = blockIdx.y, split = blockIdx.z;
    const int lane = threadIdx.x & 31, warp = threadIdx.x >> 5;
    const int p = positions[t];
    const int first = (window > 0 && p - window + 1 > 0) ? p - window + 1 : 0;
    const int chunk = (p + 1 - first + numSplits - 1) / numSplits;
    const int start = first + split * chunk;
    const int end = start + chunk < p + 1 ? start + chunk : p + 1;
    const int* table = blockTables + (long long)tokenSequence[t] * maxBlocks;
    const int numHeads = numKvHeads * group;
    const int kvDim = numKvHeads * headDim;

    float q[GMAX][DPL], acc[GMAX][DPL], m[GMAX], l[GMAX];
#pragma unroll
    for (int g = 0; g < GMAX; g++) {
        const float* qh = qkv + (long long)t * ldQkv + qOffset + (kvh * group + g) * headDim;
#pragma unroll
        for (int i = 0; i < DPL; i++) {
            const int d = lane * DPL + i;
            q[g][i] = (g < group && d < headDim) ? qh[d] * scale : 0.f;
            acc[g][i] = 0.f;
        }
        m[g] = NEG_INF;
        l[g] = 0.f;
    }

    // Each warp takes ATTN_UNROLL consecutive positions per iteration: all their loads are issued before any use.
    for (int j0 = start + warp * ATTN_UNROLL; j0 < end; j0 += ATTN_WARPS * ATTN_UNROLL) {
        float k[ATTN_UNROLL][DPL], v[ATTN_UNROLL][DPL];
#pragma unroll
        for (int u = 0; u < ATTN_UNROLL; u++) {
            const int j = j0 + u < end ? j0 + u : j0;
            const long long slot = (long long)table[j / blockSize] * blockSize + (j % blockSize);
            const bf16* kp = kCache + slot * kvDim + kvh * headDim;
            const bf16* vp = vCache + slot * kvDim + kvh * headDim;
#pragma unroll
            for (int i = 0; i < DPL; i++) {
                const int d = lane * DPL + i;
                k[u][i] = d < headDim ? bf2f(kp[d]) : 0.f;
                v[u][i] = d < headDim ? bf2f(vp[d]) : 0.f;
            }
        }
#pragma unroll
        for (int g = 0; g < GMAX; g++) {
            if (g < group) {
                float s[ATTN_UNROLL];
                float mNew = m[g];
#pragma unroll
                for (int u = 0; u < ATTN_UNROLL; u++) {
                    float dot = 0.f;
#pragma unroll
                    for (int i = 0; i < DPL; i++) dot += q[g][i] * k[u][i];
                    dot = warp_sum(dot);
                    s[u] = j0 + u < end ? dot : NEG_INF;
                    mNew = fmaxf(mNew, s[u]);
                }
                const float correction = __expf(m[g] - mNew);
                l[g] *= correction;
#pragma unroll
                for (int i = 0; i < DPL; i++) acc[g][i] *= correction;
#pragma unroll
                for (int u = 0; u < ATTN_UNROLL; u++) {
                    const float e = __expf(s[u] - mNew);
                    l[g] += e;
#pragma unroll
                    for (int i = 0; i < DPL; i++) acc[g][i] += e * v[u][i];
                }
                m[g] = mNew;
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
        for (int w = 0; w < ATTN_WARPS; w++) mAll = fmaxf(mAll, smMax[w][g]);
        float sum = 0.f, value = 0.f;
#pragma unroll
        for (int w = 0; w < ATTN_WARPS; w++) {
            const float mw = smMax[w][g];
            const float f = mw == NEG_INF ? 0.f : __expf(mw - mAll);
            sum += smSum[w][g] * f;
            value += smAcc[w][g][d] * f;
        }
        const int h = kvh * group + g;
        if (numSplits == 1) {
            const float o = sum > 0.f ? value / sum : 0.f;
            out[(long long)t * ldOut + h * headDim + d] = o;
            outBf16[(long long)t * ldOut + h * headDim + d] = f2bf(o);
        } else {
            float* pp = partial + (((long long)t * numHeads + h) * numSplits + split) * (headDim + 2);
            if (d == 0) {
                pp[0] = mAll;
                pp[1] = sum;
            }
            pp[2 + d] = value;
        }
    }
}

#define PAGED_ATTENTION(GM, DP)                                                                                          \
    extern "C" __global__ void __launch_bounds__(ATTN_WARPS * 32) paged_attention_g##GM##_d##DP(                        \
        const float* __restrict__ qkv, int ldQkv, int qOffset, const bf16* __restrict__ kCache,                            \
        const bf16* __restrict__ vCache, const int* __restrict__ positions, const int* __restrict__ tokenSequence,        \
        const int* __restrict__ blockTables, int maxBlocks, int blockSize, int numKvHeads, int headDim, int group,        \
        float scale, int window, int numSplits, float* __restrict__ out, bf16* __restrict__ outBf16, int ldOut,             \
        float* __restrict__ partial)                                                                                      \
    {                                                                                                                     \
        paged_attention_impl<GM, DP>(qkv, ldQkv, qOffset, kCache, vCache, positions, tokenSequence, blockTables,          \
            maxBlocks, blockSize, numKvHeads, headDim, group, scale, window, numSplits, out, outBf16, ldOut, partial);    \
    }

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

// Merges the splits of paged attention: out[t, h] = Σ_s acc_s · e^(m_s − M) / Σ_s l_s · e^(m_s − M). grid: (T, numHeads).
extern "C" __global__ void attention_combine(const float* __restrict__ partial, int numSplits, int headDim,
    float* __restrict__ out, bf16* __restrict__ outBf16, int ldOut)
{
    const int t = blockIdx.x, h = blockIdx.y, numHeads = gridDim.y;
    const int stride = headDim + 2;
    const float* base = partial + ((long long)t * numHeads + h) * numSplits * stride;
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
