// Quantized weights on tensor cores for decode batches (5…64 token rows, one QM_BM tile): W4A16 (int4, group 128, zero points) and W8A16
// (int8 codes, per-row scales). A CTA computes a QM_BM × QM_BN tile of y over one range of K: the bf16 activations and the
// codes, dequantized to bf16 in registers as they arrive, pass through shared memory into mma.sync m16n8k16 (fp32
// accumulation); the next K tile is loaded into registers while the current one is multiplied. No bf16 copy of the weight
// exists in global memory. CPU twin: CpuQuantizedKernels (equal up to the bf16 rounding of x and of int4's (q - z) · s;
// int8 codes are exact in bf16 and their scale is applied to the fp32 sum). Uses qg_word/magic_u2f of quant.cu.

#define QM_BM 64
#define QM_BN 64
#define QM_BK 64
#define QM_LD (QM_BK + 8)  // shared row stride in bf16 (144 bytes): the fragment reads of a warp hit 32 distinct banks
#define QM_THREADS 128

// One thread's share of a K tile, as loaded: 4 × 8 activations, and int4: 32 codes of one row with their group's scale and
// offset (2^23 + zero point); int8: 2 × 16 codes.
struct QmRaw {
    uint4 a[4];
    uint4 b[2];
    float s, z;
};

template <bool INT4>
__device__ __forceinline__ void qm_load(QmRaw& raw, const bf16* __restrict__ x, int m, int k, const unsigned char* __restrict__ w,
    const float* __restrict__ scales, const unsigned char* __restrict__ zeros, int n, int mBase, int nBase, int k0)
{
    const int tid = threadIdx.x;
#pragma unroll
    for (int j = 0; j < 4; j++) {
        const int t = mBase + (tid >> 3) + 16 * j;
        raw.a[j] = t < m ? __ldg((const uint4*)(x + (long long)t * k + k0 + (tid & 7) * 8)) : make_uint4(0u, 0u, 0u, 0u);
    }
    if (INT4) {
        const int row = min(nBase + (tid >> 1), n - 1);
        raw.b[0] = __ldg((const uint4*)(w + (long long)row * (k >> 1) + (k0 >> 1) + (tid & 1) * 16));
        const long long g = (long long)row * (k >> 7) + (k0 >> 7);
        raw.s = __ldg(scales + g);
        raw.z = 8388608.f + (float)__ldg(zeros + g);
    } else {
#pragma unroll
        for (int j = 0; j < 2; j++) {
            const int row = min(nBase + (tid >> 2) + 32 * j, n - 1);
            raw.b[j] = __ldg((const uint4*)(w + (long long)row * k + k0 + (tid & 3) * 16));
        }
    }
}

__device__ __forceinline__ unsigned int qm_int8x2(unsigned int word, int i)
{
    return pack_bf16x2((float)(signed char)((word >> (16 * i)) & 0xFFu), (float)(signed char)((word >> (16 * i + 8)) & 0xFFu));
}

template <bool INT4>
__device__ __forceinline__ void qm_store(const QmRaw& raw, bf16* as, bf16* bs)
{
    const int tid = threadIdx.x;
#pragma unroll
    for (int j = 0; j < 4; j++) *(uint4*)(as + ((tid >> 3) + 16 * j) * QM_LD + (tid & 7) * 8) = raw.a[j];
    if (INT4) {
        bf16* row = bs + (tid >> 1) * QM_LD + (tid & 1) * 32;
#pragma unroll
        for (int j = 0; j < 4; j++) {
            const unsigned int word = qg_word(raw.b[0], j);
            unsigned int p[4];
#pragma unroll
            for (int i = 0; i < 4; i++) {
                p[i] = pack_bf16x2((magic_u2f((word >> (8 * i)) & 0xFu) - raw.z) * raw.s, (magic_u2f((word >> (8 * i + 4)) & 0xFu) - raw.z) * raw.s);
            }
            *(uint4*)(row + 8 * j) = make_uint4(p[0], p[1], p[2], p[3]);
        }
    } else {
#pragma unroll
        for (int j = 0; j < 2; j++) {
            bf16* row = bs + ((tid >> 2) + 32 * j) * QM_LD + (tid & 3) * 16;
            const uint4 q = raw.b[j];
            *(uint4*)row = make_uint4(qm_int8x2(q.x, 0), qm_int8x2(q.x, 1), qm_int8x2(q.y, 0), qm_int8x2(q.y, 1));
            *(uint4*)(row + 8) = make_uint4(qm_int8x2(q.z, 0), qm_int8x2(q.z, 1), qm_int8x2(q.w, 0), qm_int8x2(q.w, 1));
        }
    }
}

// acc[mt][nt] += the warp's 32 × 32 block of as · bsᵀ over one K tile (warp (wm, wn) of a 2 × 2 grid).
__device__ __forceinline__ void qm_compute(float (&acc)[2][4][4], const bf16* as, const bf16* bs, int wm, int wn, int lane)
{
    const int g = lane >> 2, c = 2 * (lane & 3);
#pragma unroll
    for (int kk = 0; kk < QM_BK; kk += 16) {
        unsigned int a[2][4];
#pragma unroll
        for (int mt = 0; mt < 2; mt++) {
            const bf16* r0 = as + (wm * 32 + mt * 16 + g) * QM_LD + kk + c;
            const bf16* r1 = r0 + 8 * QM_LD;
            a[mt][0] = *(const unsigned int*)r0;
            a[mt][1] = *(const unsigned int*)r1;
            a[mt][2] = *(const unsigned int*)(r0 + 8);
            a[mt][3] = *(const unsigned int*)(r1 + 8);
        }
#pragma unroll
        for (int nt = 0; nt < 4; nt++) {
            const bf16* br = bs + (wn * 32 + nt * 8 + g) * QM_LD + kk + c;
            const unsigned int b0 = *(const unsigned int*)br, b1 = *(const unsigned int*)(br + 8);
#pragma unroll
            for (int mt = 0; mt < 2; mt++) mma_bf16_16816(acc[mt][nt], a[mt], b0, b1);
        }
    }
}

// Over K columns [z · kPerSplit, min(K, (z + 1) · kPerSplit)) of split z = blockIdx.z (kPerSplit a multiple of 64, of 128 for int4):
// partial == null: y[t, n] = (int8 ? scales[n] : 1) · sum; else partial[z, t, n] = sum (fp32, [splits, M, N]) for
// qgemm_reduce. x: [M, K] bf16; w: int4 [N, K/8] words or int8 [N, K] bytes; K % 128 == 0 (int4) or K % 64 == 0 (int8).
// grid: (ceil(N / QM_BN), ceil(M / QM_BM), splits), QM_THREADS threads.
template <bool INT4>
__device__ __forceinline__ void qgemm_body(float* __restrict__ y, int ldy, float* __restrict__ partial, const bf16* __restrict__ x, int m, int k,
    const unsigned char* __restrict__ w, const float* __restrict__ scales, const unsigned char* __restrict__ zeros, int n, int kPerSplit)
{
    __shared__ __align__(16) bf16 as[QM_BM * QM_LD];
    __shared__ __align__(16) bf16 bs[QM_BN * QM_LD];
    const int warp = threadIdx.x >> 5, lane = threadIdx.x & 31, wm = warp >> 1, wn = warp & 1;
    const int mBase = blockIdx.y * QM_BM, nBase = blockIdx.x * QM_BN;
    const int kBegin = blockIdx.z * kPerSplit, kEnd = min(k, kBegin + kPerSplit);
    float acc[2][4][4];
#pragma unroll
    for (int mt = 0; mt < 2; mt++)
#pragma unroll
        for (int nt = 0; nt < 4; nt++) acc[mt][nt][0] = acc[mt][nt][1] = acc[mt][nt][2] = acc[mt][nt][3] = 0.f;
    QmRaw raw;
    if (kBegin < kEnd) qm_load<INT4>(raw, x, m, k, w, scales, zeros, n, mBase, nBase, kBegin);
    for (int k0 = kBegin; k0 < kEnd; k0 += QM_BK) {
        __syncthreads();  // every warp is done with the previous tile
        qm_store<INT4>(raw, as, bs);
        __syncthreads();
        if (k0 + QM_BK < kEnd) qm_load<INT4>(raw, x, m, k, w, scales, zeros, n, mBase, nBase, k0 + QM_BK);
        qm_compute(acc, as, bs, wm, wn, lane);
    }
    const int g = lane >> 2, c = 2 * (lane & 3);
#pragma unroll
    for (int mt = 0; mt < 2; mt++)
#pragma unroll
        for (int nt = 0; nt < 4; nt++)
#pragma unroll
            for (int e = 0; e < 4; e++) {
                const int t = mBase + wm * 32 + mt * 16 + g + (e >> 1) * 8, col = nBase + wn * 32 + nt * 8 + c + (e & 1);
                if (t >= m || col >= n) continue;
                if (partial) partial[((long long)blockIdx.z * m + t) * n + col] = acc[mt][nt][e];
                else y[(long long)t * ldy + col] = INT4 ? acc[mt][nt][e] : acc[mt][nt][e] * scales[col];
            }
}

extern "C" __global__ void __launch_bounds__(QM_THREADS) qgemm_int4(float* __restrict__ y, int ldy, float* __restrict__ partial,
    const bf16* __restrict__ x, int m, int k, const unsigned char* __restrict__ w, const float* __restrict__ scales,
    const unsigned char* __restrict__ zeros, int n, int kPerSplit)
{
    qgemm_body<true>(y, ldy, partial, x, m, k, w, scales, zeros, n, kPerSplit);
}

extern "C" __global__ void __launch_bounds__(QM_THREADS) qgemm_int8(float* __restrict__ y, int ldy, float* __restrict__ partial,
    const bf16* __restrict__ x, int m, int k, const unsigned char* __restrict__ w, const float* __restrict__ scales, int n, int kPerSplit)
{
    qgemm_body<false>(y, ldy, partial, x, m, k, w, scales, nullptr, n, kPerSplit);
}

// y[t, n] = (colScales ? colScales[n] : 1) · sum_s partial[s, t, n] for t < M (grid), n < N.
extern "C" __global__ void qgemm_reduce(float* __restrict__ y, int ldy, const float* __restrict__ partial, int splits, int m, int n,
    const float* __restrict__ colScales)
{
    const int t = blockIdx.x;
    for (int col = threadIdx.x; col < n; col += blockDim.x) {
        float v = 0.f;
        for (int s = 0; s < splits; s++) v += partial[((long long)s * m + t) * n + col];
        y[(long long)t * ldy + col] = colScales ? v * colScales[col] : v;
    }
}
