// Quantized linear layers (layouts: Model/Quantization/QuantizedTensor.cs). Each kernel's CPU twin is
// Compute/Cpu/CpuQuantizedKernels.cs / CpuQuantizedMatrix.cs; fp8 e4m3 encoding matches Fp8E4M3.cs bit for bit.
// Decode (M <= 4 token rows): GEMV kernels dequantize in registers, a CTA per QG_ROWS output rows.
// Decode batches of up to 64 rows: quant_gemm.cu (int8/int4 on tensor cores, dequantized tile by tile). Prefill-sized M: dequant_*
// write bf16 weights into a scratch buffer for the bf16 cuBLASLt GEMM (int8 codes are exact in bf16, their scales applied
// afterwards by scale_output); fp8 goes to cuBLASLt's fp8 GEMM.

#define QG_THREADS 128
#define QG_ROWS 4

__device__ __forceinline__ float e4m32f(unsigned int c)
{
    const unsigned int e = (c >> 3) & 0xFu, m = c & 7u;
    float v = e == 0u ? (float)m * 0.001953125f : __uint_as_float(((e + 120u) << 23) | (m << 20));
    if ((c & 0x7Fu) == 0x7Fu) v = __int_as_float(0x7fc00000);
    return (c & 0x80u) ? -v : v;
}

// Fast decode for the GEMV inner loops: the 7 magnitude bits placed as fp32 exponent/mantissa (an fp32 denormal for
// e4m3 subnormals), scaled by 2^120. Exact for every finite code; the NaN codes 0x7F/0xFF decode to +-480 here (the
// engine never produces them: encoding saturates).
__device__ __forceinline__ float e4m32f_fast(unsigned int c)
{
    return __uint_as_float(((c & 0x7Fu) << 20) | ((c & 0x80u) << 24)) * 1.329227995784916e36f;
}

// Small unsigned integer (< 2^23) to fp32 without I2F: the magic-number trick; subtract 8388608 (2^23) afterwards.
__device__ __forceinline__ float magic_u2f(unsigned int v) { return __uint_as_float(0x4B000000u | v); }

// Nearest e4m3 code, ties to even, saturating at +-448; NaN -> 0x7F.
__device__ __forceinline__ unsigned int f2e4m3(float f)
{
    const unsigned int u = __float_as_uint(f);
    const unsigned int sign = (u >> 24) & 0x80u, mag = u & 0x7fffffffu;
    if (mag > 0x7f800000u) return sign | 0x7Fu;
    const float a = __uint_as_float(mag);
    if (a >= 448.f) return sign | 0x7Eu;
    if (a < 0.015625f) return sign | (unsigned int)rintf(a * 512.f);
    int e = (int)((mag >> 23) & 0xFFu) - 127;
    unsigned int r = (mag & 0x7FFFFFu) >> 20;
    const unsigned int rest = mag & 0xFFFFFu;
    if (rest > 0x80000u || (rest == 0x80000u && (r & 1u))) r++;
    if (r == 8u) { r = 0u; e++; }
    return sign | ((unsigned int)(e + 7) << 3) | r;
}

__device__ float block_max(float v)
{
    __shared__ float partial[32];
    for (int o = 16; o > 0; o >>= 1) v = fmaxf(v, __shfl_xor_sync(0xffffffffu, v, o));
    const int warp = threadIdx.x >> 5, lane = threadIdx.x & 31;
    if (lane == 0) partial[warp] = v;
    __syncthreads();
    float total = lane < (int)(blockDim.x >> 5) ? partial[lane] : 0.f;
    for (int o = 16; o > 0; o >>= 1) total = fmaxf(total, __shfl_xor_sync(0xffffffffu, total, o));
    __syncthreads();
    return total;
}

// Per-token fp8 quantization: scale[t] = staticScale > 0 ? staticScale : (max|x[t]| / 448, 1 for a zero row);
// codes[t, k] = e4m3(x[t, k] / scale[t]); values[t, k] = the code's value (fp32; values may be null). x, codes, values:
// [T, cols]. grid: T.
extern "C" __global__ void quantize_fp8_rows(unsigned char* __restrict__ codes, float* __restrict__ values, float* __restrict__ scales,
    const float* __restrict__ x, int cols, float staticScale)
{
    const long long row = (long long)blockIdx.x * cols;
    float amax = 0.f;
    for (int i = threadIdx.x; i < cols; i += blockDim.x) amax = fmaxf(amax, fabsf(x[row + i]));
    amax = block_max(amax);
    const float scale = staticScale > 0.f ? staticScale : (amax > 0.f ? __fdiv_rn(amax, 448.f) : 1.f);
    if (threadIdx.x == 0) scales[blockIdx.x] = scale;
    for (int i = threadIdx.x; i < cols; i += blockDim.x) {
        const unsigned int c = f2e4m3(__fdiv_rn(x[row + i], scale));
        codes[row + i] = (unsigned char)c;
        if (values) values[row + i] = e4m32f(c);
    }
}

// out[t, c] = x[t, perm[c]] (act-order columns). x, out: [T, cols]. grid: T.
extern "C" __global__ void permute_cols(float* __restrict__ out, const float* __restrict__ x, const int* __restrict__ perm, int cols)
{
    const long long row = (long long)blockIdx.x * cols;
    for (int i = threadIdx.x; i < cols; i += blockDim.x) out[row + i] = x[row + perm[i]];
}

// y[t, n] *= (rowScales ? rowScales[t] : 1) * colScales[n] for t < M, n < N; y has leading dimension ldy. grid: M.
extern "C" __global__ void scale_output(float* __restrict__ y, int ldy, const float* __restrict__ rowScales, const float* __restrict__ colScales, int n)
{
    const float r = rowScales ? rowScales[blockIdx.x] : 1.f;
    float* row = y + (long long)blockIdx.x * ldy;
    for (int i = threadIdx.x; i < n; i += blockDim.x) row[i] = row[i] * (r * colScales[i]);
}

// Weight codes as bf16 for the cuBLASLt path: fp8 -> its e4m3 value, int8 -> the integer (both exact). w: [count] bytes.
extern "C" __global__ void dequant_codes_bf16(bf16* __restrict__ out, const unsigned char* __restrict__ w, long long count, int fp8)
{
    for (long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x; i < count; i += (long long)gridDim.x * blockDim.x) {
        const unsigned int c = w[i];
        out[i] = f2bf(fp8 ? e4m32f(c) : (float)(signed char)c);
    }
}

// Int4 weights as bf16((q - z) * s): out [N, K]. w: [N, K/8] words; scales, zeros: [N, K/128]. grid-stride over words.
extern "C" __global__ void dequant_int4_bf16(bf16* __restrict__ out, const unsigned int* __restrict__ w, const float* __restrict__ scales,
    const unsigned char* __restrict__ zeros, int n, int k)
{
    const long long words = (long long)n * (k >> 3);
    const int groups = k >> 7;
    for (long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x; i < words; i += (long long)gridDim.x * blockDim.x) {
        const long long row = i / (k >> 3);
        const int col = (int)(i - row * (k >> 3)) * 8;
        const long long g = row * groups + (col >> 7);
        const float s = scales[g], z = (float)zeros[g];
        const unsigned int word = w[i];
        unsigned int packed[4];
#pragma unroll
        for (int j = 0; j < 4; j++) {
            packed[j] = pack_bf16x2(((float)((word >> (8 * j)) & 0xFu) - z) * s, ((float)((word >> (8 * j + 4)) & 0xFu) - z) * s);
        }
        *(uint4*)(out + row * k + col) = make_uint4(packed[0], packed[1], packed[2], packed[3]);
    }
}

// GEMV layout: a CTA of QG_THREADS threads owns QG_ROWS output rows and splits K among all its threads: thread i takes the
// i-th, (i + QG_THREADS)-th, ... 16-byte vector of each row's codes, so a CTA's weight loads are contiguous and the x values a
// thread reads serve QG_ROWS rows. Partial sums meet in shared memory. MT (1, 2 or 4) is the token count rounded up;
// t < m guards the rest. Scales: y[t, n] *= (xScales ? xScales[t] : 1) * (colScales ? colScales[n] : 1).
template <int MT>
__device__ __forceinline__ void qg_store(float (&acc)[QG_ROWS][MT], float* __restrict__ y, int ldy, int row0, int n, int m,
    const float* __restrict__ xScales, const float* __restrict__ colScales)
{
    __shared__ float part[QG_THREADS / 32][QG_ROWS * MT];
    const int warp = threadIdx.x >> 5, lane = threadIdx.x & 31;
#pragma unroll
    for (int r = 0; r < QG_ROWS; r++)
#pragma unroll
        for (int t = 0; t < MT; t++) {
            const float v = warp_sum(acc[r][t]);
            if (lane == 0) part[warp][r * MT + t] = v;
        }
    __syncthreads();
    if (threadIdx.x < QG_ROWS * MT) {
        const int r = threadIdx.x / MT, t = threadIdx.x - r * MT, row = row0 + r;
        float total = 0.f;
#pragma unroll
        for (int w = 0; w < QG_THREADS / 32; w++) total += part[w][threadIdx.x];
        if (t < m && row < n) {
            const float s = (xScales ? xScales[t] : 1.f) * (colScales ? colScales[row] : 1.f);
            y[(long long)t * ldy + row] = total * s;
        }
    }
}

// acc[r][t] += sum_j x[t, col + j] * wv[r][j], j < C (4 or 8 columns, 16-byte aligned in x).
template <int MT, int C>
__device__ __forceinline__ void qg_fma(float (&acc)[QG_ROWS][MT], const float (&wv)[QG_ROWS][C], const float* __restrict__ x, int k, int col, int m)
{
#pragma unroll
    for (int t = 0; t < MT; t++) {
        if (t < m) {
            const float4* xp = (const float4*)(x + (long long)t * k + col);
#pragma unroll
            for (int v = 0; v < C / 4; v++) {
                const float4 a = __ldg(xp + v);
#pragma unroll
                for (int r = 0; r < QG_ROWS; r++)
                    acc[r][t] += a.x * wv[r][4 * v] + a.y * wv[r][4 * v + 1] + a.z * wv[r][4 * v + 2] + a.w * wv[r][4 * v + 3];
            }
        }
    }
}

__device__ __forceinline__ unsigned int qg_word(const uint4& q, int j) { return j == 0 ? q.x : j == 1 ? q.y : j == 2 ? q.z : q.w; }

// y[t, n] = s * sum_k x[t, k] * code(w[n, k]) for t < m <= MT: int8 codes (fp8 = 0) or e4m3 codes (fp8 = 1, x already
// quantized; s = xScales[t] * scales[n]), else s = scales[n]. w: [N, K] bytes; x: [M, K] fp32; y: [M, ldy].
// grid: ceil(N / QG_ROWS), QG_THREADS threads.
template <int MT>
__device__ __forceinline__ void qgemv_8bit_body(float* __restrict__ y, int ldy, const float* __restrict__ x, const float* __restrict__ xScales,
    int m, int k, const unsigned char* __restrict__ w, const float* __restrict__ scales, int n, int fp8)
{
    const int row0 = blockIdx.x * QG_ROWS;
    float acc[QG_ROWS][MT];
#pragma unroll
    for (int r = 0; r < QG_ROWS; r++)
#pragma unroll
        for (int t = 0; t < MT; t++) acc[r][t] = 0.f;
    const int chunks = (k & 15) == 0 ? k >> 4 : 0;  // 16 codes per vector
    int c = threadIdx.x;
    uint4 q[QG_ROWS];
#pragma unroll
    for (int r = 0; r < QG_ROWS; r++)
        if (c < chunks) q[r] = __ldg((const uint4*)(w + (long long)min(row0 + r, n - 1) * k) + c);
    while (c < chunks) {
        const int next = c + QG_THREADS;
        uint4 qn[QG_ROWS];
#pragma unroll
        for (int r = 0; r < QG_ROWS; r++)
            if (next < chunks) qn[r] = __ldg((const uint4*)(w + (long long)min(row0 + r, n - 1) * k) + next);
#pragma unroll
        for (int j = 0; j < 4; j++) {
            float wv[QG_ROWS][4];
#pragma unroll
            for (int r = 0; r < QG_ROWS; r++) {
                const unsigned int word = qg_word(q[r], j);
#pragma unroll
                for (int i = 0; i < 4; i++) {
                    const unsigned int code = (word >> (8 * i)) & 0xFFu;
                    wv[r][i] = fp8 ? e4m32f_fast(code) : magic_u2f(code ^ 0x80u) - 8388736.f;
                }
            }
            qg_fma<MT, 4>(acc, wv, x, k, c * 16 + j * 4, m);
        }
#pragma unroll
        for (int r = 0; r < QG_ROWS; r++) q[r] = qn[r];
        c = next;
    }
    for (int kk = chunks * 16 + threadIdx.x; kk < k; kk += QG_THREADS) {
#pragma unroll
        for (int r = 0; r < QG_ROWS; r++) {
            const unsigned int code = w[(long long)min(row0 + r, n - 1) * k + kk];
            const float wv = fp8 ? e4m32f(code) : (float)(signed char)code;
#pragma unroll
            for (int t = 0; t < MT; t++) if (t < m) acc[r][t] += x[(long long)t * k + kk] * wv;
        }
    }
    qg_store<MT>(acc, y, ldy, row0, n, m, fp8 ? xScales : nullptr, scales);
}

// y[t, n] = sum_k x[t, k] * (q[n, k] - z[n, k/128]) * s[n, k/128] for t < m <= MT (x in the weight's column order).
// w: [N, K/8] words; x: [M, K]; y: [M, ldy]. K % 128 == 0. grid: ceil(N / QG_ROWS), QG_THREADS threads.
template <int MT>
__device__ __forceinline__ void qgemv_int4_body(float* __restrict__ y, int ldy, const float* __restrict__ x, int m, int k,
    const unsigned int* __restrict__ w, const float* __restrict__ scales, const unsigned char* __restrict__ zeros, int n)
{
    const int row0 = blockIdx.x * QG_ROWS;
    const int words = k >> 3, groups = k >> 7, chunks = k >> 5;  // a vector: 4 words, 32 columns, a quarter of a group
    float acc[QG_ROWS][MT];
#pragma unroll
    for (int r = 0; r < QG_ROWS; r++)
#pragma unroll
        for (int t = 0; t < MT; t++) acc[r][t] = 0.f;
    int c = threadIdx.x;
    uint4 q[QG_ROWS];
#pragma unroll
    for (int r = 0; r < QG_ROWS; r++)
        if (c < chunks) q[r] = __ldg((const uint4*)(w + (long long)min(row0 + r, n - 1) * words) + c);
    while (c < chunks) {
        const int next = c + QG_THREADS;
        uint4 qn[QG_ROWS];
        float s[QG_ROWS], offset[QG_ROWS];
#pragma unroll
        for (int r = 0; r < QG_ROWS; r++) {
            const int row = min(row0 + r, n - 1);
            if (next < chunks) qn[r] = __ldg((const uint4*)(w + (long long)row * words) + next);
            const long long g = (long long)row * groups + (c >> 2);
            s[r] = __ldg(scales + g);
            offset[r] = 8388608.f + (float)__ldg(zeros + g);
        }
#pragma unroll
        for (int j = 0; j < 4; j++) {
            float wv[QG_ROWS][8];
#pragma unroll
            for (int r = 0; r < QG_ROWS; r++) {
                const unsigned int word = qg_word(q[r], j);
#pragma unroll
                for (int i = 0; i < 8; i++) wv[r][i] = (magic_u2f((word >> (4 * i)) & 0xFu) - offset[r]) * s[r];
            }
            qg_fma<MT, 8>(acc, wv, x, k, c * 32 + j * 8, m);
        }
#pragma unroll
        for (int r = 0; r < QG_ROWS; r++) q[r] = qn[r];
        c = next;
    }
    qg_store<MT>(acc, y, ldy, row0, n, m, nullptr, nullptr);
}

#define QG_KERNELS(MT)                                                                                                              \
    extern "C" __global__ void __launch_bounds__(QG_THREADS) qgemv_8bit_m##MT(float* __restrict__ y, int ldy, const float* __restrict__ x, \
        const float* __restrict__ xScales, int m, int k, const unsigned char* __restrict__ w, const float* __restrict__ scales, int n, int fp8) \
    {                                                                                                                               \
        qgemv_8bit_body<MT>(y, ldy, x, xScales, m, k, w, scales, n, fp8);                                                           \
    }                                                                                                                               \
    extern "C" __global__ void __launch_bounds__(QG_THREADS) qgemv_int4_m##MT(float* __restrict__ y, int ldy, const float* __restrict__ x, \
        int m, int k, const unsigned int* __restrict__ w, const float* __restrict__ scales, const unsigned char* __restrict__ zeros, int n) \
    {                                                                                                                               \
        qgemv_int4_body<MT>(y, ldy, x, m, k, w, scales, zeros, n);                                                                  \
    }
QG_KERNELS(1)
QG_KERNELS(2)
QG_KERNELS(4)
