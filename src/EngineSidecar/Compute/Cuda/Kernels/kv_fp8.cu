// fp8 e4m3 (OCP E4M3FN) storage of the paged KV cache: write_kv_fp8, and e4m3_to_f32 for the attention kernels.
// The codec is quant.cu's f2e4m3 / e4m32f (pure integer/float arithmetic, no fp8 hardware instructions, so any
// architecture), bit-identical to the C# twin Fp8E4M3: round to nearest even, saturating to ±448.

typedef unsigned char fp8;

// The value of e4m3 bits b (the low byte of b): quant.cu's one-multiply decode, exact for every finite code (the cache
// never holds the NaN codes: encoding saturates).
__device__ __forceinline__ float e4m3_to_f32(unsigned int b) { return e4m32f_fast(b & 0xffu); }

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
        kCache[slot * kvDim + e] = (fp8)f2e4m3(row[kOffset + e] * kInv);
        vCache[slot * kvDim + e] = (fp8)f2e4m3(row[vOffset + e] * vInv);
    }
}
