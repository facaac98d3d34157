// Causal attention of prefill chunks on tensor cores (mma.sync m16n8k16, bf16 inputs, fp32 accumulation), flash-
// attention style: one CTA of 4 warps per (tile of up to 64 consecutive tokens of one sequence, query head); each warp
// owns 16 query rows. Keys and values are read from the paged cache (the chunk's own rows are written before this
// runs) in tiles of 64 positions through shared memory; scores stay in registers with an online softmax, and the
// probabilities feed the P·V product straight from the score accumulators.
// tiles: [numTiles, 2] = (first token, tokens) of each tile; the tile's tokens have consecutive positions.
// Token at position p sees positions [first, p], first = p - window + 1 with a sliding window, else 0.
// Fragment layouts: see mma_bf16_16816 in common.cuh.
// fp8 caches (kv_fp8.cu) are widened to bf16 (exactly) as tiles are loaded; kScale is folded into the queries and
// vScale into the output (bf16 kernels get 1, 1).

#define PREFILL_ROWS 64
#define PREFILL_KEYS 64

// Copies positions k0 … k0 + 63 of KV head kvh into shared memory: keys row-major ks[position][KP], values transposed
// vt[dim][VP] (the B operand of P·V); positions past last are zero. Keys: 16-byte vectors, consecutive threads along a
// row. Values: consecutive threads down the positions, so the transposed stores land in distinct banks.
// 8 consecutive cache elements at p as 8 bf16 packed in a uint4 (element 0 in the low half of x).
__device__ __forceinline__ uint4 load8_bf16(const bf16* __restrict__ p) { return *reinterpret_cast<const uint4*>(p); }

__device__ __forceinline__ uint4 load8_bf16(const fp8* __restrict__ p)
{
    const uint2 w = *reinterpret_cast<const uint2*>(p);
    const unsigned int b[2] = {w.x, w.y};
    unsigned int out[4];
#pragma unroll
    for (int i = 0; i < 4; i++) {
        const unsigned int word = b[i / 2] >> (16 * (i % 2));
        out[i] = (unsigned int)f2bf(e4m3_to_f32(word & 0xffu)) | ((unsigned int)f2bf(e4m3_to_f32((word >> 8) & 0xffu)) << 16);
    }
    return make_uint4(out[0], out[1], out[2], out[3]);
}

template <int D, typename KV>
__device__ __forceinline__ void load_kv_tile(bf16* __restrict__ ks, bf16* __restrict__ vt, int k0, int last,
    const int* __restrict__ table, int blockSize, const KV* __restrict__ kCache, const KV* __restrict__ vCache, int kvDim, int kvh)
{
    constexpr int KP = D + 8, VP = PREFILL_KEYS + 8;
    for (int i = threadIdx.x; i < PREFILL_KEYS * (D / 8); i += blockDim.x) {
        const int kr = i / (D / 8), kc = (i % (D / 8)) * 8;
        const int j = k0 + kr;
        uint4 w = make_uint4(0u, 0u, 0u, 0u);
        if (j <= last) {
            const long long slot = (long long)table[j / blockSize] * blockSize + j % blockSize;
            w = load8_bf16(kCache + slot * kvDim + kvh * D + kc);
        }
        *reinterpret_cast<uint4*>(ks + kr * KP + kc) = w;

        const int vr = i % PREFILL_KEYS, vc = (i / PREFILL_KEYS) * 8;
        const int jv = k0 + vr;
        uint4 u = make_uint4(0u, 0u, 0u, 0u);
        if (jv <= last) {
            const long long slot = (long long)table[jv / blockSize] * blockSize + jv % blockSize;
            u = load8_bf16(vCache + slot * kvDim + kvh * D + vc);
        }
        const unsigned int words[4] = {u.x, u.y, u.z, u.w};
#pragma unroll
        for (int e = 0; e < 4; e++) {
            vt[(vc + 2 * e) * VP + vr] = (bf16)(words[e] & 0xffffu);
            vt[(vc + 2 * e + 1) * VP + vr] = (bf16)(words[e] >> 16);
        }
    }
}

template <int D, typename KV>
__device__ __forceinline__ void prefill_attention_impl(
    const float* __restrict__ qkv, int ldQkv, int qOffset, const KV* __restrict__ kCache, const KV* __restrict__ vCache,
    float kScale, float vScale,
    const int* __restrict__ positions, const int* __restrict__ tokenSequence, const int* __restrict__ blockTables, int maxBlocks,
    int blockSize, int numKvHeads, int group, float scale, int window, const int* __restrict__ tiles,
    float* __restrict__ out, bf16* __restrict__ outBf16, int ldOut)
{
    constexpr int KP = D + 8;               // key row pitch (bf16): fragment reads hit 32 distinct banks
    constexpr int VP = PREFILL_KEYS + 8;    // transposed value row pitch (bf16)
    __shared__ __align__(16) bf16 ks[PREFILL_KEYS * KP];
    __shared__ __align__(16) bf16 vt[D * VP];

    const int t0 = tiles[2 * blockIdx.x], rows = tiles[2 * blockIdx.x + 1];
    const int h = blockIdx.y, kvh = h / group;
    const int lane = threadIdx.x & 31, warp = threadIdx.x >> 5;
    const int g = lane >> 2, c = 2 * (lane & 3);
    const int p0 = positions[t0];
    const int* table = blockTables + (long long)tokenSequence[t0] * maxBlocks;
    const int kvDim = numKvHeads * D;
    const float scaleLog2 = scale * kScale * 1.4426950408889634f;

    // This warp's query rows r0 = warp·16 + g and r1 = r0 + 8 (rows past the tile's tokens are zero and never written).
    const int r0 = warp * 16 + g, r1 = r0 + 8;
    unsigned int qa[D / 16][4];
    {
        const float* q0 = qkv + (long long)(t0 + r0) * ldQkv + qOffset + h * D;
        const float* q1 = qkv + (long long)(t0 + r1) * ldQkv + qOffset + h * D;
#pragma unroll
        for (int kk = 0; kk < D / 16; kk++) {
            const int d = kk * 16 + c;
            qa[kk][0] = r0 < rows ? pack_bf16x2(q0[d], q0[d + 1]) : 0u;
            qa[kk][1] = r1 < rows ? pack_bf16x2(q1[d], q1[d + 1]) : 0u;
            qa[kk][2] = r0 < rows ? pack_bf16x2(q0[d + 8], q0[d + 9]) : 0u;
            qa[kk][3] = r1 < rows ? pack_bf16x2(q1[d + 8], q1[d + 9]) : 0u;
        }
    }
    const int qp0 = p0 + r0, qp1 = p0 + r1;
    const int first0 = window > 0 && qp0 - window + 1 > 0 ? qp0 - window + 1 : 0;
    const int first1 = window > 0 && qp1 - window + 1 > 0 ? qp1 - window + 1 : 0;

    float o[D / 8][4];
#pragma unroll
    for (int j = 0; j < D / 8; j++) o[j][0] = o[j][1] = o[j][2] = o[j][3] = 0.f;
    float m0 = NEG_INF, m1 = NEG_INF, l0 = 0.f, l1 = 0.f;

    const int last = p0 + rows - 1;
    const int kStart = window > 0 && p0 - window + 1 > 0 ? p0 - window + 1 : 0;
    for (int k0 = kStart; k0 <= last; k0 += PREFILL_KEYS) {
        __syncthreads();  // every warp is done with the previous tile
        load_kv_tile<D, KV>(ks, vt, k0, last, table, blockSize, kCache, vCache, kvDim, kvh);
        __syncthreads();

        // s[n][·]: scores of this warp's rows against keys k0 + 8n + c, + 1.
        float s[PREFILL_KEYS / 8][4];
#pragma unroll
        for (int n = 0; n < PREFILL_KEYS / 8; n++) {
            s[n][0] = s[n][1] = s[n][2] = s[n][3] = 0.f;
            const bf16* krow = ks + (n * 8 + g) * KP;
#pragma unroll
            for (int kk = 0; kk < D / 16; kk++) {
                const unsigned int b0 = *reinterpret_cast<const unsigned int*>(krow + kk * 16 + c);
                const unsigned int b1 = *reinterpret_cast<const unsigned int*>(krow + kk * 16 + c + 8);
                mma_bf16_16816(s[n], qa[kk], b0, b1);
            }
        }

        // Causal (and window) mask, then the online softmax of rows r0 (elements 0, 1) and r1 (elements 2, 3).
        float tileMax0 = NEG_INF, tileMax1 = NEG_INF;
#pragma unroll
        for (int n = 0; n < PREFILL_KEYS / 8; n++) {
#pragma unroll
            for (int e = 0; e < 2; e++) {
                const int key = k0 + n * 8 + c + e;
                if (key > qp0 || key < first0 || r0 >= rows) s[n][e] = NEG_INF;
                if (key > qp1 || key < first1 || r1 >= rows) s[n][2 + e] = NEG_INF;
                tileMax0 = fmaxf(tileMax0, s[n][e]);
                tileMax1 = fmaxf(tileMax1, s[n][2 + e]);
            }
        }
#pragma unroll
        for (int off = 1; off < 4; off <<= 1) {
            tileMax0 = fmaxf(tileMax0, __shfl_xor_sync(0xffffffffu, tileMax0, off));
            tileMax1 = fmaxf(tileMax1, __shfl_xor_sync(0xffffffffu, tileMax1, off));
        }
        const float mNew0 = fmaxf(m0, tileMax0), mNew1 = fmaxf(m1, tileMax1);
        // A row with no visible key yet keeps reference 0, so exp2(−inf − 0) = 0 instead of NaN.
        const float ref0 = mNew0 == NEG_INF ? 0.f : mNew0 * scaleLog2, ref1 = mNew1 == NEG_INF ? 0.f : mNew1 * scaleLog2;
        const float corr0 = exp2f(m0 * scaleLog2 - ref0), corr1 = exp2f(m1 * scaleLog2 - ref1);
        m0 = mNew0;
        m1 = mNew1;
        l0 *= corr0;
        l1 *= corr1;
#pragma unroll
        for (int j = 0; j < D / 8; j++) {
            o[j][0] *= corr0;
            o[j][1] *= corr0;
            o[j][2] *= corr1;
            o[j][3] *= corr1;
        }
#pragma unroll
        for (int n = 0; n < PREFILL_KEYS / 8; n++) {
            s[n][0] = exp2f(s[n][0] * scaleLog2 - ref0);
            s[n][1] = exp2f(s[n][1] * scaleLog2 - ref0);
            s[n][2] = exp2f(s[n][2] * scaleLog2 - ref1);
            s[n][3] = exp2f(s[n][3] * scaleLog2 - ref1);
            l0 += s[n][0] + s[n][1];
            l1 += s[n][2] + s[n][3];
        }

        // o += P · V: the score accumulators of key groups 2kk and 2kk + 1 are the A fragment of keys 16kk … 16kk + 15.
#pragma unroll
        for (int kk = 0; kk < PREFILL_KEYS / 16; kk++) {
            const unsigned int pa[4] = {
                pack_bf16x2(s[2 * kk][0], s[2 * kk][1]), pack_bf16x2(s[2 * kk][2], s[2 * kk][3]),
                pack_bf16x2(s[2 * kk + 1][0], s[2 * kk + 1][1]), pack_bf16x2(s[2 * kk + 1][2], s[2 * kk + 1][3])};
#pragma unroll
            for (int j = 0; j < D / 8; j++) {
                const bf16* vrow = vt + (j * 8 + g) * VP + kk * 16;
                const unsigned int b0 = *reinterpret_cast<const unsigned int*>(vrow + c);
                const unsigned int b1 = *reinterpret_cast<const unsigned int*>(vrow + c + 8);
                mma_bf16_16816(o[j], pa, b0, b1);
            }
        }
    }

#pragma unroll
    for (int off = 1; off < 4; off <<= 1) {
        l0 += __shfl_xor_sync(0xffffffffu, l0, off);
        l1 += __shfl_xor_sync(0xffffffffu, l1, off);
    }
    const float inv0 = l0 > 0.f ? vScale / l0 : 0.f, inv1 = l1 > 0.f ? vScale / l1 : 0.f;
#pragma unroll
    for (int j = 0; j < D / 8; j++) {
        const int d = h * D + j * 8 + c;
#pragma unroll
        for (int e = 0; e < 2; e++) {
            if (r0 < rows) {
                const long long at = (long long)(t0 + r0) * ldOut + d + e;
                out[at] = o[j][e] * inv0;
                outBf16[at] = f2bf(o[j][e] * inv0);
            }
            if (r1 < rows) {
                const long long at = (long long)(t0 + r1) * ldOut + d + e;
                out[at] = o[j][2 + e] * inv1;
                outBf16[at] = f2bf(o[j][2 + e] * inv1);
            }
        }
    }
}

#define PREFILL_ATTENTION_KERNEL(NAME, KV, D)                                                                             \
    extern "C" __global__ void __launch_bounds__(128) NAME(                                                               \
        const float* __restrict__ qkv, int ldQkv, int qOffset, const KV* __restrict__ kCache,                              \
        const KV* __restrict__ vCache, float kScale, float vScale, const int* __restrict__ positions,                      \
        const int* __restrict__ tokenSequence,                                                                            \
        const int* __restrict__ blockTables, int maxBlocks, int blockSize, int numKvHeads, int group, float scale,        \
        int window, const int* __restrict__ tiles, float* __restrict__ out, bf16* __restrict__ outBf16, int ldOut)        \
    {                                                                                                                     \
        prefill_attention_impl<D, KV>(qkv, ldQkv, qOffset, kCache, vCache, kScale, vScale, positions, tokenSequence,      \
            blockTables, maxBlocks, blockSize, numKvHeads, group, scale, window, tiles, out, outBf16, ldOut);              \
    }

#define PREFILL_ATTENTION(D)                                                                                               \
    PREFILL_ATTENTION_KERNEL(prefill_attention_d##D, bf16, D)                                                             \
    PREFILL_ATTENTION_KERNEL(prefill_attention_fp8_d##D, fp8, D)

PREFILL_ATTENTION(64)
PREFILL_ATTENTION(128)
