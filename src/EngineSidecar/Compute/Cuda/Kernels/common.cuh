// Shared helpers of every kernel file: bf16 storage as raw 16-bit words, fp32 arithmetic, reductions.
// Prepended to the .cu sources before NVRTC compiles them (no system headers are included).

typedef unsigned short bf16;

#define NEG_INF (__int_as_float(0xff800000))

__device__ __forceinline__ float bf2f(bf16 x) { return __uint_as_float(((unsigned int)x) << 16); }

// Round to nearest even; NaN stays NaN.
__device__ __forceinline__ bf16 f2bf(float f)
{
    unsigned int u = __float_as_uint(f);
    if ((u & 0x7f800000u) == 0x7f800000u && (u & 0x007fffffu) != 0u) {
        return (bf16)((u >> 16) | 0x40u);
    }
    u += 0x7fffu + ((u >> 16) & 1u);
    return (bf16)(u >> 16);
}

__device__ __forceinline__ float warp_sum(float v)
{
    for (int o = 16; o > 0; o >>= 1) v += __shfl_xor_sync(0xffffffffu, v, o);
    return v;
}

// Sum over the CTA (blockDim.x a multiple of 32, at most 1024); every thread gets the total.
__device__ float block_sum(float v)
{
    __shared__ float partial[32];
    v = warp_sum(v);
    const int warp = threadIdx.x >> 5, lane = threadIdx.x & 31;
    if (lane == 0) partial[warp] = v;
    __syncthreads();
    const int numWarps = blockDim.x >> 5;
    float total = lane < numWarps ? partial[lane] : 0.f;
    total = warp_sum(total);
    __syncthreads();
    return total;
}

// Tensor-core helpers. Fragment layouts of mma.m16n8k16 .bf16 (PTX ISA), g = lane / 4, c = 2 · (lane % 4):
//   A (16×16, row-major): a0 = (g, c..c+1), a1 = (g+8, c..c+1), a2 = (g, c+8..c+9), a3 = (g+8, c+8..c+9);
//   B (16×8, k × n): b0 = (k = c..c+1, n = g), b1 = (k = c+8..c+9, n = g);
//   C (16×8): c0, c1 = (g, c..c+1), c2, c3 = (g+8, c..c+1).
__device__ __forceinline__ unsigned int pack_bf16x2(float lo, float hi)
{
    return (unsigned int)f2bf(lo) | ((unsigned int)f2bf(hi) << 16);
}

// d += A · B on tensor cores (under SLUICE_KERNEL_EMULATION the CPU emulator of tools/cuda-check runs it instead).
__device__ __forceinline__ void mma_bf16_16816(float (&d)[4], const unsigned int (&a)[4], unsigned int b0, unsigned int b1)
{
#ifdef SLUICE_KERNEL_EMULATION
    emu::mma_bf16_16816(d, a, b0, b1);
#else
    asm volatile(
        "mma.sync.aligned.m16n8k16.row.col.f32.bf16.bf16.f32 {%0, %1, %2, %3}, {%4, %5, %6, %7}, {%8, %9}, {%0, %1, %2, %3};\n"
        : "+f"(d[0]), "+f"(d[1]), "+f"(d[2]), "+f"(d[3])
        : "r"(a[0]), "r"(a[1]), "r"(a[2]), "r"(a[3]), "r"(b0), "r"(b1));
#endif
}
