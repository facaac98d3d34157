// Weight loading: dummy weights generated in place and stored weights converted to bf16 after upload.

// Word `index` of the dummy stream `key`: SplitMix64's output after index + 1 steps (twin: DummyRandom.Bits).
__device__ __forceinline__ unsigned long long dummy_bits(unsigned long long key, long long index)
{
    unsigned long long z = key + 0x9E3779B97F4A7C15ull * (unsigned long long)(index + 1);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

// p[i] = bf16(offset + amplitude * (2u - 1)), u = (dummy_bits(key, i) >> 40) * 2^-24, for i in [0, n); grid-stride, so the values
// do not depend on the launch shape. The multiply and the add are rounded separately (never fused), as on the CPU (DummyRandom.Value).
extern "C" __global__ void fill_dummy(bf16* __restrict__ p, long long n, unsigned long long key, float offset, float amplitude)
{
    for (long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x; i < n; i += (long long)gridDim.x * blockDim.x) {
        const float u = (float)(unsigned int)(dummy_bits(key, i) >> 40) * (1.0f / 16777216.0f);
        const float w = __fsub_rn(__fmul_rn(2.f, u), 1.f);
        p[i] = f2bf(__fadd_rn(offset, __fmul_rn(amplitude, w)));
    }
}

// IEEE half bits to float (exact, subnormals included; NaN stays NaN). Twin: the (float)Half conversion of Bf16.Convert.
__device__ __forceinline__ float half_bits_to_float(unsigned short h)
{
    float f;
    asm("cvt.f32.f16 %0, %1;" : "=f"(f) : "h"(h));
    return f;
}

// dst[i] = bf16 (round to nearest even) of src[i], src being n fp16 (srcBytes 2) or fp32 (srcBytes 4) elements; grid-stride.
// Twin: Bf16.Convert.
extern "C" __global__ void convert_to_bf16(bf16* __restrict__ dst, const void* __restrict__ src, long long n, int srcBytes)
{
    for (long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x; i < n; i += (long long)gridDim.x * blockDim.x) {
        const float f = srcBytes == 2 ? half_bits_to_float(((const unsigned short*)src)[i]) : ((const float*)src)[i];
        dst[i] = f2bf(f);
    }
}

// p[b] = byte b % 8 (little-endian) of dummy_bits(key, b / 8) for b in [0, n); with fp8 set, the e4m3 NaN codes 0x7F/0xFF
// become 0x7E/0xFE (±448). One thread per 8-byte word, grid-stride. Twin: DummyQuantizedWeights.Materialize.
extern "C" __global__ void fill_dummy_codes(unsigned char* __restrict__ p, long long n, unsigned long long key, int fp8)
{
    const long long words = (n + 7) / 8;
    for (long long w = (long long)blockIdx.x * blockDim.x + threadIdx.x; w < words; w += (long long)gridDim.x * blockDim.x) {
        const unsigned long long bits = dummy_bits(key, w);
        for (int b = 0; b < 8; b++) {
            const long long at = w * 8 + b;
            if (at < n) {
                unsigned char code = (unsigned char)(bits >> (8 * b));
                if (fp8 && (code & 0x7F) == 0x7F) code &= 0xFE;
                p[at] = code;
            }
        }
    }
}
