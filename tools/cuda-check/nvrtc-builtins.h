// Declarations of what NVRTC provides built in (vector types, intrinsics, math functions, execution-space attributes), so
// that clang can check the engine's kernel program (Compute/Cuda/Runtime/KernelSources.Program) as CUDA device code on a
// machine without a GPU or the CUDA toolkit: the package registries this project builds from serve no CUDA headers and no
// NVRTC, so this file is written by hand. It declares, never defines: clang checks syntax, types and overloads
// (-fsyntax-only); inline PTX is not assembled, so `asm` text is checked only on a GPU (selftest-cuda). A kernel that
// uses a built-in missing here fails the check with "undeclared identifier": add its declaration.
// Used by tests/EngineSidecar.Tests/Cuda/KernelProgramSyntaxTests.cs (emulator.h is the CPU emulator, a separate check).
#pragma once
#define __device__ __attribute__((device))
#define __global__ __attribute__((global))
#define __host__ __attribute__((host))
#define __shared__ __attribute__((shared))
#define __constant__ __attribute__((constant))
#define __forceinline__ __inline__ __attribute__((always_inline))
#define __launch_bounds__(...) __attribute__((launch_bounds(__VA_ARGS__)))
#define __align__(n) __attribute__((aligned(n)))
#include "__clang_cuda_builtin_vars.h"
struct __attribute__((aligned(16))) uint4 { unsigned int x, y, z, w; };
struct __attribute__((aligned(8))) uint2 { unsigned int x, y; };
struct __attribute__((aligned(16))) float4 { float x, y, z, w; };
struct __attribute__((aligned(8))) float2 { float x, y; };
struct __attribute__((aligned(16))) int4 { int x, y, z, w; };
struct __attribute__((aligned(8))) int2 { int x, y; };
__device__ uint4 make_uint4(unsigned int, unsigned int, unsigned int, unsigned int);
__device__ uint2 make_uint2(unsigned int, unsigned int);
__device__ float4 make_float4(float, float, float, float);
__device__ float2 make_float2(float, float);
template <typename T> __device__ T __ldg(const T*);
__device__ float __uint_as_float(unsigned int);
__device__ unsigned int __float_as_uint(float);
__device__ float __int_as_float(int);
__device__ int __float_as_int(float);
__device__ unsigned int __shfl_xor_sync(unsigned int, unsigned int, int, int = 32);
__device__ float __shfl_xor_sync(unsigned int, float, int, int = 32);
__device__ int __shfl_xor_sync(unsigned int, int, int, int = 32);
__device__ float __shfl_sync(unsigned int, float, int, int = 32);
__device__ int __shfl_sync(unsigned int, int, int, int = 32);
__device__ unsigned int __shfl_sync(unsigned int, unsigned int, int, int = 32);
__device__ unsigned int __ballot_sync(unsigned int, int);
__device__ void __syncthreads();
__device__ void __syncwarp(unsigned int = 0xffffffffu);
__device__ int __syncthreads_or(int);
__device__ float fminf(float, float);
__device__ float fmaxf(float, float);
__device__ float fabsf(float);
__device__ float rintf(float);
__device__ float sqrtf(float);
__device__ float rsqrtf(float);
__device__ float expf(float);
__device__ float __expf(float);
__device__ float logf(float);
__device__ float __logf(float);
__device__ float powf(float, float);
__device__ float sinf(float);
__device__ float cosf(float);
__device__ void sincosf(float, float*, float*);
__device__ float tanhf(float);
__device__ float floorf(float);
__device__ float ceilf(float);
__device__ float truncf(float);
__device__ float roundf(float);
__device__ float fmaf(float, float, float);
__device__ float __fdiv_rn(float, float);
__device__ float __frcp_rn(float);
__device__ float __fmul_rn(float, float);
__device__ float __fadd_rn(float, float);
__device__ float __fsqrt_rn(float);
__device__ float __int2float_rn(int);
__device__ int __float2int_rn(float);
__device__ int __float2int_rd(float);
__device__ int min(int, int);
__device__ int max(int, int);
__device__ unsigned int min(unsigned int, unsigned int);
__device__ unsigned int max(unsigned int, unsigned int);
__device__ long long min(long long, long long);
__device__ long long max(long long, long long);
__device__ int atomicAdd(int*, int);
__device__ unsigned int atomicAdd(unsigned int*, unsigned int);
__device__ float atomicAdd(float*, float);
__device__ unsigned long long atomicAdd(unsigned long long*, unsigned long long);
__device__ int atomicMax(int*, int);
__device__ unsigned int atomicCAS(unsigned int*, unsigned int, unsigned int);
__device__ int __popc(unsigned int);
__device__ int __clz(int);
__device__ int __ffs(int);
__device__ unsigned long long clock64();
__device__ void __threadfence();
__device__ bool isinf(float);
__device__ bool isnan(float);
__device__ float __fsub_rn(float, float);
__device__ float exp2f(float);
__device__ float __exp2f(float);
__device__ float log2f(float);
