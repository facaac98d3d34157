// Decode attention on tensor cores (after prefill_attention.cu, whose load_kv_tile it shares): one CTA of 4 warps per
// (decode token, KV head, split of the token's visible positions, as in paged_attention). The group's query heads
// (at most 8) are the rows of the A operand, padded to 16; each tile of 64 positions goes through shared memory with
// all its loads in flight at once, and warp w scores positions 16w … 16w + 15 of it, keeping its own online softmax.
// The warps merge in shared memory at the end. Same parameters and output layout as paged_attention (headDim must be
// D): out / outBf16 with one split, else partial [tokens attended, numHeads, numSplits, D + 2] for attention_combine,
// whose max is in scaled-score units.

template <int D>
__device__ __forceinline__ void decode_attention_impl(
    const float* __restrict__ qkv, int ldQkv, int qOffset, const bf16* __restrict__ kCache, const bf16* __restrict__ vCache,
    const int* __restrict__ positions, const int* __restrict__ tokenSequence, const int* __restrict__ blockTables, int maxBlocks,
    int blockSize, int numKvHeads, int group, float scale, int window, int numSplits, const int* __restrict__ tokenList,
    float* __restrict__ out, bf16* __restrict__ outBf16, int ldOut, float* __restrict__ partial)
{
    constexpr int KP = D + 8, VP = PREFILL_KEYS + 8;
    constexpr int TILE_BYTES = (PREFILL_KEYS * KP + D * VP) * 2;
    constexpr int MERGE_BYTES = 4 * 8 * (D + 2) * 4;  // [warp][row][m, l, o[D]]
    __shared__ __align__(16) unsigned char smem[TILE_BYTES > MERGE_BYTES ? TILE_BYTES : MERGE_BYTES];
    bf16* ks = reinterpret_cast<bf16*>(smem);
    bf16* vt = ks + PREFILL_KEYS * KP;

    const int t = tokenList != nullptr ? tokenList[blockIdx.x] : blockIdx.x, kvh = blockIdx.y, split = blockIdx.z;
    const int lane = threadIdx.x & 31, warp = threadIdx.x >> 5;
    const int g = lane >> 2, c = 2 * (lane & 3);
    const int p = positions[t];
    const int first = (window > 0 && p - window + 1 > 0) ? p - window + 1 : 0;
    const int chunk = (p + 1 - first + numSplits - 1) / numSplits;
    const int start = first + split * chunk;
    const int end = start + chunk < p + 1 ? start + chunk : p + 1;  // exclusive
    const int* table = blockTables + (long long)tokenSequence[t] * maxBlocks;
    const int kvDim = numKvHeads * D;
    const int numHeads = numKvHeads * group;
    const float scaleLog2 = scale * 1.4426950408889634f;

    // Row g is query head kvh · group + g (rows g + 8 are padding: group ≤ 8).
    const bool live = g < group;
    const float* q = qkv + (long long)t * ldQkv + qOffset + (kvh * group + g) * D;
    unsigned int qa[D / 16][4];
#pragma unroll
    for (int kk = 0; kk < D / 16; kk++) {
        const int d = kk * 16 + c;
        qa[kk][0] = live ? pack_bf16x2(q[d], q[d + 1]) : 0u;
        qa[kk][1] = 0u;
        qa[kk][2] = live ? pack_bf16x2(q[d + 8], q[d + 9]) : 0u;
        qa[kk][3] = 0u;
    }

    float o[D / 8][4];
#pragma unroll
    for (int j = 0; j < D / 8; j++) o[j][0] = o[j][1] = o[j][2] = o[j][3] = 0.f;
    float m = NEG_INF, l = 0.f;

    for (int k0 = start; k0 < end; k0 += PREFILL_KEYS) {
        __syncthreads();  // every warp is done with the previous tile
        load_kv_tile<D>(ks, vt, k0, end - 1, table, blockSize, kCache, vCache, kvDim, kvh);
        __syncthreads();

        // s[n][e]: row g against position k0 + 16·warp + 8n + c + e (elements 2, 3 are the padding rows).
        float s[2][4];
#pragma unroll
        for (int n = 0; n < 2; n++) {
            s[n][0] = s[n][1] = s[n][2] = s[n][3] = 0.f;
            const bf16* krow = ks + (warp * 16 + n * 8 + g) * KP;
#pragma unroll
            for (int kk = 0; kk < D / 16; kk++) {
                const unsigned int b0 = *reinterpret_cast<const unsigned int*>(krow + kk * 16 + c);
                const unsigned int b1 = *reinterpret_cast<const unsigned int*>(krow + kk * 16 + c + 8);
                mma_bf16_16816(s[n], qa[kk], b0, b1);
            }
        }

        float tileMax = NEG_INF;
#pragma unroll
        for (int n = 0; n < 2; n++) {
#pragma unroll
            for (int e = 0; e < 2; e++) {
                if (k0 + warp * 16 + n * 8 + c + e >= end) s[n][e] = NEG_INF;
                tileMax = fmaxf(tileMax, s[n][e]);
                s[n][2 + e] = 0.f;
            }
        }
        tileMax = fmaxf(tileMax, __shfl_xor_sync(0xffffffffu, tileMax, 1));
        tileMax = fmaxf(tileMax, __shfl_xor_sync(0xffffffffu, tileMax, 2));
        const float mNew = fmaxf(m, tileMax);
        const float ref = mNew == NEG_INF ? 0.f : mNew * scaleLog2;  // a warp with no visible position yet keeps 0
        const float corr = exp2f(m * scaleLog2 - ref);
        m = mNew;
        l *= corr;
#pragma unroll
        for (int j = 0; j < D / 8; j++) {
            o[j][0] *= corr;
            o[j][1] *= corr;
        }
#pragma unroll
        for (int n = 0; n < 2; n++) {
            s[n][0] = exp2f(s[n][0] * scaleLog2 - ref);
            s[n][1] = exp2f(s[n][1] * scaleLog2 - ref);
            l += s[n][0] + s[n][1];
        }

        // o += P · V over this warp's 16 positions.
        const unsigned int pa[4] = {pack_bf16x2(s[0][0], s[0][1]), 0u, pack_bf16x2(s[1][0], s[1][1]), 0u};
#pragma unroll
        for (int j = 0; j < D / 8; j++) {
            const bf16* vrow = vt + (j * 8 + g) * VP + warp * 16;
            const unsigned int b0 = *reinterpret_cast<const unsigned int*>(vrow + c);
            const unsigned int b1 = *reinterpret_cast<const unsigned int*>(vrow + c + 8);
            mma_bf16_16816(o[j], pa, b0, b1);
        }
    }
    l += __shfl_xor_sync(0xffffffffu, l, 1);
    l += __shfl_xor_sync(0xffffffffu, l, 2);

    // Merge the warps: merged[warp][row] = (m, l, o[D]) in the tile memory, which no warp reads any more.
    __syncthreads();
    float* merged = reinterpret_cast<float*>(smem);
    if (live) {
        float* mine = merged + (warp * 8 + g) * (D + 2);
        if (c == 0) {
            mine[0] = m;
            mine[1] = l;
        }
#pragma unroll
        for (int j = 0; j < D / 8; j++) {
            mine[2 + j * 8 + c] = o[j][0];
            mine[2 + j * 8 + c + 1] = o[j][1];
        }
    }
    __syncthreads();

    for (int idx = threadIdx.x; idx < group * D; idx += blockDim.x) {
        const int r = idx / D, d = idx - r * D;
        float mAll = NEG_INF;
#pragma unroll
        for (int w = 0; w < 4; w++) mAll = fmaxf(mAll, merged[(w * 8 + r) * (D + 2)]);
        float sum = 0.f, value = 0.f;
#pragma unroll
        for (int w = 0; w < 4; w++) {
            const float* part = merged + (w * 8 + r) * (D + 2);
            const float f = part[0] == NEG_INF ? 0.f : exp2f((part[0] - mAll) * scaleLog2);
            sum += part[1] * f;
            value += part[2 + d] * f;
        }
        const int h = kvh * group + r;
        if (numSplits == 1) {
            const float result = sum > 0.f ? value / sum : 0.f;
            out[(long long)t * ldOut + h * D + d] = result;
            outBf16[(long long)t * ldOut + h * D + d] = f2bf(result);
        } else {
            float* pp = partial + (((long long)blockIdx.x * numHeads + h) * numSplits + split) * (D + 2);
            if (d == 0) {
                pp[0] = mAll * scale;
                pp[1] = sum;
            }
            pp[2 + d] = value;
        }
    }
}

#define DECODE_ATTENTION(D)                                                                                                \
    extern "C" __global__ void __launch_bounds__(128) decode_attention_d##D(                                               \
        const float* __restrict__ qkv, int ldQkv, int qOffset, const bf16* __restrict__ kCache,                            \
        const bf16* __restrict__ vCache, const int* __restrict__ positions, const int* __restrict__ tokenSequence,        \
        const int* __restrict__ blockTables, int maxBlocks, int blockSize, int numKvHeads, int headDim, int group,        \
        float scale, int window, int numSplits, const int* __restrict__ tokenList, float* __restrict__ out,               \
        bf16* __restrict__ outBf16, int ldOut, float* __restrict__ partial)                                               \
    {                                                                                                                     \
        decode_attention_impl<D>(qkv, ldQkv, qOffset, kCache, vCache, positions, tokenSequence, blockTables, maxBlocks,   \
            blockSize, numKvHeads, group, scale, window, numSplits, tokenList, out, outBf16, ldOut, partial);             \
    }

DECODE_ATTENTION(64)
DECODE_ATTENTION(128)
