// Shared by the emulator test programs (*_kernels_test.cpp): one PASS/FAIL line per case, counted, and the summary line
// KernelEmulationTests reads ("N passed, M failed"; exit code 1 on any failure).
#pragma once
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

namespace check {
inline int passed = 0, failed = 0;

// Counts and prints one case: its error against its tolerance (NaN fails).
inline void report(const std::string& name, float error, float tolerance, const char* what = "error")
{
    const bool ok = error <= tolerance;  // false for NaN
    (ok ? passed : failed)++;
    std::printf("%s  %s  %s=%.3g tol=%.3g\n", ok ? "PASS" : "FAIL", name.c_str(), what, error, tolerance);
}

// Largest |actual − expected|.
inline float max_abs_error(const std::vector<float>& actual, const std::vector<float>& expected)
{
    float worst = 0.f;
    for (size_t i = 0; i < expected.size(); i++) {
        const float e = std::fabs(actual[i] - expected[i]);
        worst = std::isnan(e) ? INFINITY : std::fmax(worst, e);
    }
    return worst;
}

// Largest |actual − expected| over the largest |expected|.
inline float max_scaled_error(const std::vector<float>& actual, const std::vector<float>& expected)
{
    float scale = 1e-6f;
    for (float e : expected) scale = std::fmax(scale, std::fabs(e));
    return max_abs_error(actual, expected) / scale;
}

// The summary line and the exit code.
inline int summary()
{
    std::printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
}  // namespace check
