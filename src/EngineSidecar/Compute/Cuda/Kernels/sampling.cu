// Token selection on the GPU: only the chosen ids leave the device.
// With temperature 0 a row's token is its argmax (lowest index on ties); otherwise Gumbel-max sampling:
// argmax_i(logit_i / temperature − log(−log(u_i))), u_i from a counter-based hash of (seed, i), which draws
// from softmax(logits / temperature).
// Constrained decoding: when maskRows is not null and maskRows[r] >= 0, row r only considers token ids whose bit is set in
// masks[maskRows[r] * maskWords ...] (bit i % 32 of word i / 32; ids past maskWords * 32 are excluded). The host guarantees
// at least one allowed id per masked row. The C# twin is TokenMasks.Allows plus the unmasked rule above.

__device__ __forceinline__ float hash_uniform(unsigned long long seed, long long i)
{
    unsigned long long z = seed + 0x9E3779B97F4A7C15ull * (unsigned long long)(i + 1);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    z ^= z >> 31;
    return ((float)(z >> 40) + 0.5f) * (1.0f / 16777216.0f);
}

// (value, index) wins when larger, or equal with a lower index.
__device__ __forceinline__ void arg_better(float& v, int& idx, float ov, int oi)
{
    if (ov > v || (ov == v && oi < idx)) {
        v = ov;
        idx = oi;
    }
}

// out[r] = selected token of logits row r ([R, vocab], ld = vocab). temperatures, seeds: [R]. maskRows: [R] or null;
// masks: [numMasks, maskWords]. grid: R; block: 1024.
extern "C" __global__ void sample_tokens(const float* __restrict__ logits, int vocab, const float* __restrict__ temperatures,
    const unsigned long long* __restrict__ seeds, int* __restrict__ out, const int* __restrict__ maskRows,
    const unsigned int* __restrict__ masks, int maskWords)
{
    __shared__ float smValue[32];
    __shared__ int smIndex[32];
    const int r = blockIdx.x;
    const float temperature = temperatures[r];
    const unsigned long long seed = seeds[r];
    const float* row = logits + (long long)r * vocab;
    const int maskIndex = maskRows != nullptr ? maskRows[r] : -1;
    const unsigned int* mask = maskIndex >= 0 ? masks + (long long)maskIndex * maskWords : nullptr;
    float best = NEG_INF;
    int bestIndex = 0x7fffffff;
    for (int i = threadIdx.x; i < vocab; i += blockDim.x) {
        if (mask != nullptr && ((i >> 5) >= maskWords || ((mask[i >> 5] >> (i & 31)) & 1u) == 0u)) continue;
        float v = row[i];
        if (temperature > 0.f) v = v / temperature - __logf(-__logf(hash_uniform(seed, i)));
        arg_better(best, bestIndex, v, i);
    }
    for (int o = 16; o > 0; o >>= 1) {
        const float ov = __shfl_xor_sync(0xffffffffu, best, o);
        const int oi = __shfl_xor_sync(0xffffffffu, bestIndex, o);
        arg_better(best, bestIndex, ov, oi);
    }
    const int warp = threadIdx.x >> 5, lane = threadIdx.x & 31;
    if (lane == 0) {
        smValue[warp] = best;
        smIndex[warp] = bestIndex;
    }
    __syncthreads();
    if (warp == 0) {
        const int numWarps = blockDim.x >> 5;
        best = lane < numWarps ? smValue[lane] : NEG_INF;
        bestIndex = lane < numWarps ? smIndex[lane] : 0x7fffffff;
        for (int o = 16; o > 0; o >>= 1) {
            const float ov = __shfl_xor_sync(0xffffffffu, best, o);
            const int oi = __shfl_xor_sync(0xffffffffu, bestIndex, o);
            arg_better(best, bestIndex, ov, oi);
        }
        if (lane == 0) out[r] = bestIndex == 0x7fffffff ? 0 : bestIndex;
    }
}
