// fp8 e4m3 (OCP E4M3FN) storage of the paged KV cache: the codec every KV reader uses, and write_kv_fp8.
// Pure integer/float arithmetic (no fp8 hardware instructions), so it runs on any architecture and is bit-identical to
// the C# twin Fp8E4M3: round to nearest even, saturating to ±448, NaN kept.

typedef unsigned char fp8;

// e4m3 bits of x: round to nearest even, satfinite.
__device__ __forceinline__ fp8 e4m3_from_f32(float x)
{
    const unsigned int sign = (__float_as_uint(x) >> 24) & 0x80u;
    const float a = fabsf(x);
    if (a != a) return (fp8)(sign | 0x7fu);
    if (a >= 448.f) return (fp8)(sign | 0x7eu);
    if (a < 0.015625f) return (fp8)(sign | __float2uint_rn(a * 512.f));   // subnormals: m · 2^-9 (m = 8 is the smallest normal)
    const unsigned int bits = __float_as_uint(a);
    const int exponent = (int)(bits >> 23) - 127;
    unsigned int keep = (bits & 0x7fffffu) >> 20;
    const unsigned int rest = bits & 0xfffffu;
    if (rest > 0x80000u || (rest == 0x80000u && (keep & 1u))) keep++;
    unsigned int code = ((unsigned int)(exponent + 7) << 3) + keep;
    return (fp8)(sign | (code > 0x7eu ? 0x7eu : code));
}

// The value of e4m3 bits b (the low byte). 0x7f / 0xff (NaN) are never written (satfinite) and decode as 480.
__device__ __forceinline__ float e4m3_to_f32(unsigned int b)
{
    const unsigned int em = b & 0x7fu;
    const float magnitude = em < 8u ? (float)em * 0.001953125f : __uint_as_float((em << 20) + (120u << 23));
    return __uint_as_float(__float_as_uint(magnitude) | ((b & 0x80u) << 24));
}

// Like write_kv: each token's key and value columns into its slot, stored as e4m3(x / scale). grid: T.
extern "C" __global__ void write_kv_fp8(const float* __restrict__ qkv, int ldQkv, int kOffset, int vOffset,
    fp8* __restrict__ kCache, fp8* __restrict__ vCache, const int* __restrict__ slots, int kvDim, float kScale, float vScale)
{
    const int t = blockIdx.x;
    const long long slot = slots[t];
    if (slot < 0) return;
    const float* row = qkv + (long long)t * ldQkv;
    const float kInv = 1.f / kScale, vInv = 1.f / vScale;
    for (int e = threadIdx.x; e < kvDim; e += blockDim.x) {
        kCache[slot * kvDim + e] = e4m3_from_f32(row[kOffset + e] * kInv);
        vCache[slot * kvDim + e] = e4m3_from_f32(row[vOffset + e] * vInv);
    }
}
