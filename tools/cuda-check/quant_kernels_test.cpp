// The quantized-matmul kernels of quant.cu and quant_gemm.cu run by the CPU emulator (emulator.h) against a reference
// computed here from the layouts' definitions (Model/Quantization/QuantizedTensor.cs): the fp8/int8 and int4 GEMV at 1, 2
// and 4 rows (vector and scalar-tail paths), the int8 and int4 tensor-core GEMM with and without K splits (qgemm_reduce),
// the int4 dequantization for the bf16 GEMM (exact), and the fp8 per-token quantization's round trip. Prints one line per case and "N passed, M failed"; exits 1 on a failure.
// Build: clang++ -std=c++20 -O2 -pthread -DSLUICE_KERNEL_EMULATION -include emulator.h quant_kernels_test.cpp
#include <random>

#include "check.h"

#include "../../src/EngineSidecar/Compute/Cuda/Kernels/common.cuh"
#include "../../src/EngineSidecar/Compute/Cuda/Kernels/quant.cu"
#include "../../src/EngineSidecar/Compute/Cuda/Kernels/quant_gemm.cu"

namespace {
std::mt19937 rng(7);

float uniform(float lo, float hi) { return std::uniform_real_distribution<float>(lo, hi)(rng); }

float bf16_round(float f) { return bf2f(f2bf(f)); }

// Largest |a − b| over the largest |b|, against a tolerance.
void expect_close(const std::string& name, const std::vector<float>& actual, const std::vector<float>& expected, float tolerance)
{
    check::report(name, check::max_scaled_error(actual, expected), tolerance);
}

// e4m3 value of a code (finite codes only), from the format's definition.
float e4m3_value(unsigned int c)
{
    const int e = (int)((c >> 3) & 0xF), m = (int)(c & 7);
    const float v = e == 0 ? std::ldexp((float)m, -9) : std::ldexp(1.f + m / 8.f, e - 7);
    return (c & 0x80) ? -v : v;
}

void gemv_case(int m, int k, int n, bool fp8)
{
    std::vector<float> x((size_t)m * k), scales(n), xScales(m), y((size_t)m * n, NAN), expected((size_t)m * n);
    std::vector<unsigned char> w((size_t)n * k);
    for (auto& v : x) v = uniform(-1.f, 1.f);
    for (auto& s : scales) s = uniform(0.5f, 1.5f) / 64.f;
    for (auto& s : xScales) s = uniform(0.5f, 1.5f);
    for (auto& c : w) {
        c = (unsigned char)(rng() & 0xFF);
        if (fp8 && (c & 0x7F) == 0x7F) c ^= 1;  // no NaN codes
    }
    for (int t = 0; t < m; t++)
        for (int r = 0; r < n; r++) {
            double sum = 0;
            for (int kk = 0; kk < k; kk++) {
                const unsigned int c = w[(size_t)r * k + kk];
                sum += (double)x[(size_t)t * k + kk] * (fp8 ? e4m3_value(c) : (float)(signed char)c);
            }
            expected[(size_t)t * n + r] = (float)(sum * scales[r] * (fp8 ? xScales[t] : 1.f));
        }
    const int rows = m == 1 ? 1 : m == 2 ? 2 : 4;
    auto kernel = rows == 1 ? qgemv_8bit_m1 : rows == 2 ? qgemv_8bit_m2 : qgemv_8bit_m4;
    emu::launch(kernel, dim3{(unsigned)((n + QG_ROWS - 1) / QG_ROWS)}, dim3{QG_THREADS}, y.data(), n, (const float*)x.data(),
        (const float*)(fp8 ? xScales.data() : nullptr), m, k, (const unsigned char*)w.data(), (const float*)scales.data(), n, fp8 ? 1 : 0);
    expect_close("qgemv_8bit_m" + std::to_string(rows) + (fp8 ? " fp8" : " int8") + " M=" + std::to_string(m) + " K=" + std::to_string(k) +
        " N=" + std::to_string(n), y, expected, 1e-5f);
}

void gemm_int8_case(int m, int k, int n, int splits)
{
    std::vector<bf16> x((size_t)m * k);
    std::vector<float> scales(n), y((size_t)m * n, NAN), expected((size_t)m * n), partial((size_t)splits * m * n);
    std::vector<unsigned char> w((size_t)n * k);
    for (auto& v : x) v = f2bf(uniform(-1.f, 1.f));
    for (auto& s : scales) s = uniform(0.5f, 1.5f) / 128.f;
    for (auto& c : w) c = (unsigned char)(rng() & 0xFF);
    for (int t = 0; t < m; t++)
        for (int r = 0; r < n; r++) {
            double sum = 0;
            for (int kk = 0; kk < k; kk++) sum += (double)bf2f(x[(size_t)t * k + kk]) * (signed char)w[(size_t)r * k + kk];
            expected[(size_t)t * n + r] = (float)(sum * scales[r]);
        }
    const int perSplit = k / splits;
    emu::launch(qgemm_int8, dim3{(unsigned)((n + QM_BN - 1) / QM_BN), (unsigned)((m + QM_BM - 1) / QM_BM), (unsigned)splits}, dim3{QM_THREADS},
        y.data(), n, splits == 1 ? (float*)nullptr : partial.data(), (const bf16*)x.data(), m, k, (const unsigned char*)w.data(),
        (const float*)scales.data(), n, perSplit);
    if (splits > 1) {
        emu::launch(qgemm_reduce, dim3{(unsigned)m}, dim3{256}, y.data(), n, (const float*)partial.data(), splits, m, n, (const float*)scales.data());
    }
    expect_close("qgemm_int8 M=" + std::to_string(m) + " K=" + std::to_string(k) + " N=" + std::to_string(n) + " splits=" + std::to_string(splits),
        y, expected, 1e-5f);
}

// A random int4 weight [n, k]: words [n, k/8] (column 8j + i in bits 4i of word j), scales and zero points [n, k/128].
struct Int4Weight {
    int n, k;
    std::vector<unsigned int> words;
    std::vector<float> scales;
    std::vector<unsigned char> zeros;

    Int4Weight(int rows, int cols) : n(rows), k(cols), words((size_t)rows * cols / 8), scales((size_t)rows * (cols / 128)), zeros(scales.size())
    {
        for (auto& w : words) w = rng();
        for (auto& v : scales) v = uniform(0.5f, 1.5f) / 64.f;
        for (auto& z : zeros) z = (unsigned char)(rng() % 17);
    }

    float weight(int row, int col) const
    {
        const unsigned int q = (words[(size_t)row * (k / 8) + col / 8] >> (4 * (col % 8))) & 0xFu;
        const size_t g = (size_t)row * (k / 128) + col / 128;
        return ((float)q - zeros[g]) * scales[g];
    }
};

void gemv_int4_case(int m, const Int4Weight& w)
{
    std::vector<float> x((size_t)m * w.k), y((size_t)m * w.n, NAN), expected((size_t)m * w.n);
    for (auto& v : x) v = uniform(-1.f, 1.f);
    for (int t = 0; t < m; t++)
        for (int r = 0; r < w.n; r++) {
            double sum = 0;
            for (int c = 0; c < w.k; c++) sum += (double)x[(size_t)t * w.k + c] * w.weight(r, c);
            expected[(size_t)t * w.n + r] = (float)sum;
        }
    const int rows = m == 1 ? 1 : m == 2 ? 2 : 4;
    auto kernel = rows == 1 ? qgemv_int4_m1 : rows == 2 ? qgemv_int4_m2 : qgemv_int4_m4;
    emu::launch(kernel, dim3{(unsigned)((w.n + QG_ROWS - 1) / QG_ROWS)}, dim3{QG_THREADS}, y.data(), w.n, (const float*)x.data(), m, w.k,
        (const unsigned int*)w.words.data(), (const float*)w.scales.data(), (const unsigned char*)w.zeros.data(), w.n);
    expect_close("qgemv_int4_m" + std::to_string(rows) + " M=" + std::to_string(m) + " K=" + std::to_string(w.k) + " N=" + std::to_string(w.n), y, expected, 1e-5f);
}

// The tile GEMM dequantizes to bf16((q - z) · s) before the bf16 products: the reference rounds the same way.
void gemm_int4_case(int m, const Int4Weight& w, int splits)
{
    std::vector<bf16> x((size_t)m * w.k);
    std::vector<float> y((size_t)m * w.n, NAN), expected((size_t)m * w.n), partial((size_t)splits * m * w.n);
    for (auto& v : x) v = f2bf(uniform(-1.f, 1.f));
    for (int t = 0; t < m; t++)
        for (int r = 0; r < w.n; r++) {
            double sum = 0;
            for (int c = 0; c < w.k; c++) sum += (double)bf2f(x[(size_t)t * w.k + c]) * bf16_round(w.weight(r, c));
            expected[(size_t)t * w.n + r] = (float)sum;
        }
    emu::launch(qgemm_int4, dim3{(unsigned)((w.n + QM_BN - 1) / QM_BN), (unsigned)((m + QM_BM - 1) / QM_BM), (unsigned)splits}, dim3{QM_THREADS},
        y.data(), w.n, splits == 1 ? (float*)nullptr : partial.data(), (const bf16*)x.data(), m, w.k, (const unsigned char*)w.words.data(),
        (const float*)w.scales.data(), (const unsigned char*)w.zeros.data(), w.n, w.k / splits);
    if (splits > 1) {
        emu::launch(qgemm_reduce, dim3{(unsigned)m}, dim3{256}, y.data(), w.n, (const float*)partial.data(), splits, m, w.n, (const float*)nullptr);
    }
    expect_close("qgemm_int4 M=" + std::to_string(m) + " K=" + std::to_string(w.k) + " N=" + std::to_string(w.n) + " splits=" + std::to_string(splits),
        y, expected, 1e-5f);
}

void dequant_int4_case(const Int4Weight& w)
{
    std::vector<bf16> out((size_t)w.n * w.k, 0xFFFF);
    emu::launch(dequant_int4_bf16, dim3{4}, dim3{256}, out.data(), (const unsigned int*)w.words.data(), (const float*)w.scales.data(),
        (const unsigned char*)w.zeros.data(), w.n, w.k);
    std::vector<float> actual(out.size()), expected(out.size());
    for (int r = 0; r < w.n; r++)
        for (int c = 0; c < w.k; c++) {
            actual[(size_t)r * w.k + c] = bf2f(out[(size_t)r * w.k + c]);
            expected[(size_t)r * w.k + c] = bf16_round(w.weight(r, c));
        }
    expect_close("dequant_int4_bf16 K=" + std::to_string(w.k) + " N=" + std::to_string(w.n), actual, expected, 0.f);
}

void quantize_fp8_case(int m, int cols)
{
    std::vector<float> x((size_t)m * cols), values((size_t)m * cols), scales(m), expected((size_t)m * cols);
    std::vector<unsigned char> codes((size_t)m * cols);
    for (auto& v : x) v = uniform(-3.f, 3.f);
    emu::launch(quantize_fp8_rows, dim3{(unsigned)m}, dim3{256}, codes.data(), values.data(), scales.data(), (const float*)x.data(), cols, 0.f);
    std::vector<float> decoded((size_t)m * cols);
    for (size_t i = 0; i < codes.size(); i++) decoded[i] = e4m3_value(codes[i]) * scales[i / cols];
    // Round trip within half an e4m3 step (3 mantissa bits: 1/16 relative) of the row's largest magnitude.
    expect_close("quantize_fp8_rows M=" + std::to_string(m) + " cols=" + std::to_string(cols), decoded, x, 1.f / 16);
    for (size_t i = 0; i < codes.size(); i++) expected[i] = e4m3_value(codes[i]);
    expect_close("quantize_fp8_rows values = e4m3(codes)", values, expected, 0.f);
}
}  // namespace

int main()
{
    for (bool fp8 : {false, true}) {
        gemv_case(1, 512, 40, fp8);
        gemv_case(2, 1024, 37, fp8);
        gemv_case(3, 256, 9, fp8);
        gemv_case(4, 100, 12, fp8);  // K not a multiple of 16: the scalar tail
    }
    gemm_int8_case(9, 512, 72, 1);
    gemm_int8_case(40, 1024, 64, 2);
    const Int4Weight small(37, 256), wide(72, 1024);
    gemv_int4_case(1, small);
    gemv_int4_case(2, wide);
    gemv_int4_case(3, small);
    gemm_int4_case(9, small, 1);
    gemm_int4_case(40, wide, 2);
    dequant_int4_case(small);
    quantize_fp8_case(3, 700);
    return check::summary();
}
