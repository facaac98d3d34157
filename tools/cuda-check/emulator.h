// Runs the engine's CUDA kernels on the CPU, for tests on machines without a GPU: the kernel sources compile as host C++
// (clang++ -std=c++20 -DSLUICE_KERNEL_EMULATION -include emulator.h) and every CUDA thread of a CTA runs as a host
// thread. CTAs run one after another, so `__shared__` variables become function statics shared by the CTA's threads;
// __syncthreads is a barrier over the CTA, warp shuffles and mma.sync are barriers over the warp with an exchange buffer.
// Numerics follow the PTX definitions the kernels rely on (mma m16n8k16 bf16 → fp32 with fp32 accumulation, round-to-
// nearest-even intrinsics), not the GPU's accumulation order, so results agree with a GPU to summation order. Written by
// hand: no CUDA emulator or toolkit restores from the package registries this project builds from. Kernels that use
// inline PTX call helpers from common.cuh, which provides an emulated body under SLUICE_KERNEL_EMULATION.
// Used by the test programs tools/cuda-check/*_kernels_test.cpp (run by tests/EngineSidecar.Tests/Cuda/KernelEmulationTests.cs).
#pragma once
#include <barrier>
#include <cmath>
#include <cstring>
#include <functional>
#include <memory>
#include <thread>
#include <vector>

#define __device__
#define __global__
#define __host__
#define __shared__ static
#define __forceinline__ inline
#define __launch_bounds__(...)
#define __restrict__
#define __align__(n) __attribute__((aligned(n)))

struct dim3 { unsigned int x = 1, y = 1, z = 1; };
struct alignas(16) uint4 { unsigned int x, y, z, w; };
struct alignas(8) uint2 { unsigned int x, y; };
struct alignas(16) float4 { float x, y, z, w; };
struct alignas(8) float2 { float x, y; };
inline uint4 make_uint4(unsigned int x, unsigned int y, unsigned int z, unsigned int w) { return {x, y, z, w}; }
inline uint2 make_uint2(unsigned int x, unsigned int y) { return {x, y}; }
inline float4 make_float4(float x, float y, float z, float w) { return {x, y, z, w}; }
inline float2 make_float2(float x, float y) { return {x, y}; }

namespace emu {
// One CTA's shared state: its barrier and, per warp, a barrier and an exchange buffer.
struct Cta {
    explicit Cta(unsigned int threads) : block(threads)
    {
        for (unsigned int w = 0; w < (threads + 31) / 32; w++) warps.push_back(std::make_unique<Warp>());
    }
    struct Warp {
        std::barrier<> sync{32};
        unsigned int words[32][16];
    };
    std::barrier<> block;
    std::vector<std::unique_ptr<Warp>> warps;
};
inline thread_local Cta* cta = nullptr;
inline thread_local unsigned int linearThread = 0;
inline Cta::Warp& warp() { return *cta->warps[linearThread / 32]; }
inline unsigned int lane() { return linearThread % 32; }
}  // namespace emu

inline thread_local dim3 threadIdx, blockIdx, blockDim, gridDim;

template <typename T> inline T __ldg(const T* p) { return *p; }
inline float __uint_as_float(unsigned int v) { float f; std::memcpy(&f, &v, 4); return f; }
inline unsigned int __float_as_uint(float f) { unsigned int v; std::memcpy(&v, &f, 4); return v; }
inline float __int_as_float(int v) { float f; std::memcpy(&f, &v, 4); return f; }
inline int __float_as_int(float f) { int v; std::memcpy(&v, &f, 4); return v; }
inline float __fdiv_rn(float a, float b) { return a / b; }
inline float __expf(float x) { return std::exp(x); }
inline float __logf(float x) { return std::log(x); }
inline float fabsf(float x) { return std::fabs(x); }
inline float fmaxf(float a, float b) { return std::fmax(a, b); }
inline float fminf(float a, float b) { return std::fmin(a, b); }
inline float rintf(float x) { return std::nearbyint(x); }
inline int min(int a, int b) { return a < b ? a : b; }
inline int max(int a, int b) { return a > b ? a : b; }
inline long long min(long long a, long long b) { return a < b ? a : b; }
inline long long max(long long a, long long b) { return a > b ? a : b; }

inline void __syncthreads() { emu::cta->block.arrive_and_wait(); }
inline void __syncwarp(unsigned int = 0xffffffffu) { emu::warp().sync.arrive_and_wait(); }

// Every lane of the warp takes part (the kernels shuffle with the full mask only).
template <typename T> inline T __shfl_xor_sync(unsigned int, T value, int mask, int = 32)
{
    static_assert(sizeof(T) == 4, "32-bit shuffles only");
    auto& w = emu::warp();
    std::memcpy(&w.words[emu::lane()][0], &value, 4);
    w.sync.arrive_and_wait();
    T result;
    std::memcpy(&result, &w.words[emu::lane() ^ (unsigned int)mask][0], 4);
    w.sync.arrive_and_wait();
    return result;
}

// Lane srcLane's value (the kernels read within the full warp).
template <typename T> inline T __shfl_sync(unsigned int, T value, int srcLane, int width = 32)
{
    static_assert(sizeof(T) == 4, "32-bit shuffles only");
    auto& w = emu::warp();
    std::memcpy(&w.words[emu::lane()][0], &value, 4);
    w.sync.arrive_and_wait();
    T result;
    const unsigned int base = emu::lane() / (unsigned int)width * (unsigned int)width;
    std::memcpy(&result, &w.words[base + (unsigned int)srcLane % (unsigned int)width][0], 4);
    w.sync.arrive_and_wait();
    return result;
}

namespace emu {
inline float bf16(unsigned int half) { return __uint_as_float(half << 16); }

// mma.sync.aligned.m16n8k16.row.col.f32.bf16.bf16.f32 with the fragment layouts of common.cuh; d += A · B.
inline void mma_bf16_16816(float (&d)[4], const unsigned int (&a)[4], unsigned int b0, unsigned int b1)
{
    auto& w = warp();
    const unsigned int l = lane();
    for (int i = 0; i < 4; i++) w.words[l][i] = a[i];
    w.words[l][4] = b0;
    w.words[l][5] = b1;
    w.sync.arrive_and_wait();
    auto aAt = [&](int row, int k) {  // lane 4 · (row % 8) + (k % 8) / 2 holds it, register by row / 8 and k / 8
        const unsigned int owner = 4 * (row % 8) + (k % 8) / 2, reg = (row / 8) + 2 * (k / 8);
        return bf16((w.words[owner][reg] >> (16 * (k % 2))) & 0xFFFFu);
    };
    auto bAt = [&](int k, int n) {
        const unsigned int owner = 4 * n + (k % 8) / 2, reg = 4 + k / 8;
        return bf16((w.words[owner][reg] >> (16 * (k % 2))) & 0xFFFFu);
    };
    const int g = (int)l / 4, c = 2 * ((int)l % 4);
    float out[4];
    for (int e = 0; e < 4; e++) {
        const int row = g + (e / 2) * 8, col = c + (e % 2);
        float sum = d[e];
        for (int k = 0; k < 16; k++) sum += aAt(row, k) * bAt(k, col);
        out[e] = sum;
    }
    w.sync.arrive_and_wait();
    for (int e = 0; e < 4; e++) d[e] = out[e];
}

// Runs kernel(args...) over grid × block threads, one CTA at a time.
template <typename... Params, typename... Args>
void launch(void (*kernel)(Params...), dim3 grid, dim3 block, Args... args)
{
    const unsigned int threads = block.x * block.y * block.z;
    for (unsigned int bz = 0; bz < grid.z; bz++)
        for (unsigned int by = 0; by < grid.y; by++)
            for (unsigned int bx = 0; bx < grid.x; bx++) {
                Cta state(threads);
                std::vector<std::thread> pool;
                for (unsigned int t = 0; t < threads; t++) {
                    pool.emplace_back([&, t] {
                        cta = &state;
                        linearThread = t;
                        threadIdx = {t % block.x, (t / block.x) % block.y, t / (block.x * block.y)};
                        blockIdx = {bx, by, bz};
                        blockDim = block;
                        gridDim = grid;
                        kernel(args...);
                        // An ended thread no longer holds up the barriers, as on the GPU.
                        warp().sync.arrive_and_drop();
                        state.block.arrive_and_drop();
                    });
                }
                for (auto& th : pool) th.join();
            }
}
}  // namespace emu
