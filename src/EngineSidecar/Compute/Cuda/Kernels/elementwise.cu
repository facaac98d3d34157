// Elementwise and row-wise kernels of the forward pass. Activations are fp32; weights and the KV cache are bf16
// (raw 16-bit words); GEMM operands are cast to bf16 by cast_bf16.
// Compiled by NVRTC after common.cuh; one CTA per token row unless noted.

// out[t, :] = table[ids[t], :] widened to fp32. table: bf16 [rows, cols]; out: [T, cols]. grid: T.
extern "C" __global__ void embedding_gather(float* __restrict__ out, const bf16* __restrict__ table, const int* __restrict__ ids, int cols)
{
    const bf16* src = table + (long long)ids[blockIdx.x] * cols;
    float* dst = out + (long long)blockIdx.x * cols;
    for (int i = threadIdx.x; i < cols; i += blockDim.x) dst[i] = bf2f(src[i]);
}

// out[r, :] = in[rows[r], :]. in: [T, cols]; out: [R, cols]. grid: R.
extern "C" __global__ void gather_rows(float* __restrict__ out, const float* __restrict__ in, const int* __restrict__ rows, int cols)
{
    const float* src = in + (long long)rows[blockIdx.x] * cols;
    float* dst = out + (long long)blockIdx.x * cols;
    for (int i = threadIdx.x; i < cols; i += blockDim.x) dst[i] = src[i];
}

// out[i] = bf16(in[i]) for i < n: the bf16 operand of a GEMM. grid-stride.
extern "C" __global__ void cast_bf16(bf16* __restrict__ out, const float* __restrict__ in, long long n)
{
    for (long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x; i < n; i += (long long)gridDim.x * blockDim.x) out[i] = f2bf(in[i]);
}

// out[t] = in[t] / sqrt(mean(in[t]^2) + eps) * w, also as bf16 into outBf16 (the next GEMM's operand). in, out: [T, cols]; w: [cols]. grid: T.
extern "C" __global__ void rms_norm(float* __restrict__ out, bf16* __restrict__ outBf16, const float* __restrict__ in, const bf16* __restrict__ w, float eps, int cols)
{
    const long long row = (long long)blockIdx.x * cols;
    float ss = 0.f;
    for (int i = threadIdx.x; i < cols; i += blockDim.x) {
        const float v = in[row + i];
        ss += v * v;
    }
    const float scale = rsqrtf(block_sum(ss) / (float)cols + eps);
    for (int i = threadIdx.x; i < cols; i += blockDim.x) {
        const float o = in[row + i] * scale * bf2f(w[i]);
        out[row + i] = o;
        outBf16[row + i] = f2bf(o);
    }
}

// residual[t] += in[t]; out[t] = rms_norm(residual[t]) * w, also as bf16 into outBf16. grid: T.
extern "C" __global__ void add_rms_norm(float* __restrict__ out, bf16* __restrict__ outBf16, const float* __restrict__ in, float* __restrict__ residual,
    const bf16* __restrict__ w, float eps, int cols)
{
    const long long row = (long long)blockIdx.x * cols;
    float ss = 0.f;
    for (int i = threadIdx.x; i < cols; i += blockDim.x) {
        const float v = residual[row + i] + in[row + i];
        residual[row + i] = v;
        ss += v * v;
    }
    const float scale = rsqrtf(block_sum(ss) / (float)cols + eps);
    for (int i = threadIdx.x; i < cols; i += blockDim.x) {
        const float o = residual[row + i] * scale * bf2f(w[i]);
        out[row + i] = o;
        outBf16[row + i] = f2bf(o);
    }
}

// y[t, off + n] += bias[n] for n < count. y: [T, ldy]. grid: T.
extern "C" __global__ void add_bias(float* __restrict__ y, const bf16* __restrict__ bias, int ldy, int offset, int count)
{
    float* row = y + (long long)blockIdx.x * ldy + offset;
    for (int i = threadIdx.x; i < count; i += blockDim.x) row[i] += bf2f(bias[i]);
}

// Rotate-half RoPE in place on numHeads heads from column offset of x [T, ldx]:
// (x[i], x[i + half]) turns by positions[t] * invFreq[i] for i < rotaryDim / 2. grid: T.
extern "C" __global__ void rope(float* __restrict__ x, int ldx, int offset, int numHeads, int headDim, int rotaryDim,
    const float* __restrict__ invFreq, const int* __restrict__ positions)
{
    const int t = blockIdx.x;
    const int half = rotaryDim >> 1;
    const float position = (float)positions[t];
    float* row = x + (long long)t * ldx + offset;
    for (int idx = threadIdx.x; idx < numHeads * half; idx += blockDim.x) {
        const int h = idx / half, i = idx - h * half;
        float s, c;
        sincosf(invFreq[i] * position, &s, &c);
        float* head = row + h * headDim;
        const float x1 = head[i], x2 = head[i + half];
        head[i] = x1 * c - x2 * s;
        head[i + half] = x2 * c + x1 * s;
    }
}

// kCache[slots[t], :] = bf16(qkv[t, kOff : kOff + kvDim]); same for values. Caches: [slots, kvDim]. A negative slot is skipped. grid: T.
extern "C" __global__ void write_kv(const float* __restrict__ qkv, int ldQkv, int kOffset, int vOffset,
    bf16* __restrict__ kCache, bf16* __restrict__ vCache, const int* __restrict__ slots, int kvDim)
{
    const int t = blockIdx.x;
    const long long slot = slots[t];
    if (slot < 0) return;
    const float* row = qkv + (long long)t * ldQkv;
    for (int e = threadIdx.x; e < kvDim; e += blockDim.x) {
        kCache[slot * kvDim + e] = f2bf(row[kOffset + e]);
        vCache[slot * kvDim + e] = f2bf(row[vOffset + e]);
    }
}

// out[t, i] = silu(gateUp[t, i]) * gateUp[t, inter + i], also as bf16 into outBf16. gateUp: [T, 2 * inter]; out: [T, inter]. grid: (T, chunks).
extern "C" __global__ void silu_and_mul(float* __restrict__ out, bf16* __restrict__ outBf16, const float* __restrict__ gateUp, int inter)
{
    const long long t = blockIdx.x;
    const float* g = gateUp + t * 2 * inter;
    const float* u = g + inter;
    float* o = out + t * inter;
    bf16* ob = outBf16 + t * inter;
    for (int i = blockIdx.y * blockDim.x + threadIdx.x; i < inter; i += gridDim.y * blockDim.x) {
        const float gv = g[i];
        const float value = gv / (1.f + __expf(-gv)) * u[i];
        o[i] = value;
        ob[i] = f2bf(value);
    }
}
