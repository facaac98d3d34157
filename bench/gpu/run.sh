#!/usr/bin/env bash
# GPU benchmark and self-test of the CUDA backend, in three phases:
#   bench/gpu/run.sh prepare [DIR]     here (needs the .NET SDK): publishes the engine self-contained into DIR
#                                      (default .carry/cuda) and copies these scripts beside it.
#   DIR/run.sh device OUTDIR           on the GPU machine (no .NET there), from the repository root: kernel and
#                                      golden self-test, ceilings (copy bandwidth, bf16 GEMM), start-to-ready,
#                                      batch-1 decode TPOT vs roofline, offline throughput, the served engine under
#                                      sluice-bench (10/50/100 closed-loop users), HF transformers baseline, and
#                                      the json_schema mask cost (bench-structured: decode tok/s masked vs free); step
#                                      "start" (not in the default STEPS): start-to-ready and peak host RSS (VmHWM) of
#                                      serve for dummy 8B and 70B bf16 (cold, then warm kernel cache), 70B fp8, and random 8B
#                                      checkpoints written there (START_CHECKPOINT_DTYPES, default "BF16 F16"), into
#                                      OUTDIR/start.json, start.log and checkpoint.log.
#                                      STEPS (default "selftest bench structured served hf"), BENCH_ARGS (extra bench-cuda
#                                      options), STRUCTURED_ARGS (extra bench-structured options, e.g. "--batch 128"),
#                                      SERVED_USERS (default 10,50,100) and SERVED_SECONDS (default 25) tune it; HF_MODE
#                                      (compiled: static cache + torch.compile, the default; eager) picks the HF baseline.
#   bench/gpu/run.sh report OUTDIR     here: writes bench/results/<gpu>-<date>.{json,md} from OUTDIR's JSON files.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
phase="${1:-}"

case "$phase" in
prepare)
    dir="${2:-.carry/cuda}"
    rm -rf "$dir/engine"
    mkdir -p "$dir"
    rm -rf "$dir/bench"
    for project in EngineSidecar:engine Bench:bench; do
        dotnet publish "src/${project%%:*}" -c Release -r linux-x64 --self-contained -p:PublishTrimmed=true \
            -p:SuppressTrimAnalysisWarnings=true -p:TreatWarningsAsErrors=false -o "$dir/${project##*:}" -nologo -v q
    done
    cp "$here/run.sh" "$here/hf_baseline.py" "$here/report.py" "$here/wait_ready.py" "$here/make_checkpoint.py" "$here/start_bench.py" "$dir/"
    git rev-parse --short HEAD >"$dir/COMMIT"
    echo "published to $dir ($(du -sh "$dir" | cut -f1))"
    ;;
device)
    out="${2:?usage: run.sh device OUTDIR}"
    mkdir -p "$out"
    export PYTHONUNBUFFERED=1 SLUICE_KERNEL_CACHE="${SLUICE_KERNEL_CACHE:-/tmp/sluice-kernels}"
    engine="$here/engine/sluice-engine"
    steps="${STEPS:-selftest bench structured served hf}"
    users="${SERVED_USERS:-10,50,100}"
    cp "$here/COMMIT" "$out/commit.txt" 2>/dev/null || true
    nvidia-smi --query-gpu=name,memory.total,clocks.sm,clocks.max.sm,clocks.mem,power.limit --format=csv >"$out/nvidia-smi.csv" || true
    status=0
    if [[ " $steps " == *" selftest "* ]]; then
        "$engine" selftest-cuda --fixtures tests/fixtures/models 2>&1 | tee "$out/selftest.log" || status=1
    fi
    if [[ " $steps " == *" bench "* ]]; then
        # shellcheck disable=SC2086
        "$engine" bench-cuda --model dummy://llama-3-8b --json "$out/engine.json" ${BENCH_ARGS:-} 2>&1 | tee "$out/bench.log" || status=1
    fi
    if [[ " $steps " == *" structured "* ]]; then
        # Decode tokens/s with a json_schema mask against unconstrained, same model, batch and lengths, fresh random prompts.
        # shellcheck disable=SC2086
        "$engine" bench-structured --model dummy://llama-3-8b --device cuda --json "$out/structured.json" ${STRUCTURED_ARGS:-} \
            2>&1 | tee "$out/structured.log" || status=1
    fi
    if [[ " $steps " == *" served "* ]]; then
        # The served engine under closed-loop load: ≈128 prompt tokens (22 random words with the dummy model's byte
        # tokenizer), exactly 128 output tokens (ignore_eos).
        "$here/engine/sluice-engine" serve --model dummy://llama-3-8b --device cuda --port 8765 --max-batch-size 128 \
            --kv-cache-memory-mb "${SERVED_KV_MB:-40000}" >"$out/serve.log" 2>&1 &
        serve_pid=$!
        if python3 "$here/wait_ready.py" http://127.0.0.1:8765/ready 180 >"$out/served-start.json"; then
            "$here/bench/sluice-bench" sweep --base-url http://127.0.0.1:8765 --model llama-3-8b --concurrency "$users" \
                --duration "${SERVED_SECONDS:-25}s" --input-len 22 --output-len 128 --warmup 2 \
                --output "$out/served.json" --plots-dir "$out/served-plots" 2>&1 | tee "$out/served.log" || status=1
        else
            status=1
        fi
        kill "$serve_pid" 2>/dev/null || true
        wait "$serve_pid" 2>/dev/null || true
    fi
    if [[ " $steps " == *" start "* ]]; then
        # A fresh kernel cache per model: its first case compiles (cold), the next loads the cubin (warm). 70B bf16 takes
        # 131 GiB of a 140 GiB H200: a 4 GiB KV cache (≈ 13,100 tokens) leaves room for workspace and CUDA graphs. The
        # checkpoints are read from the page cache (just written); a "-coldpages" case drops it first where root may.
        kernels=/tmp/sluice-start-kernels
        checkpoints="${START_CHECKPOINT_DIR:-/tmp/sluice-checkpoints}"
        rm -rf "$kernels"
        cases=("dummy-8b-cold|dummy://llama-3-8b|$kernels/8b|" "dummy-8b-warm|dummy://llama-3-8b|$kernels/8b|"
            "dummy-70b-cold|dummy://llama-3-70b|$kernels/70b|--kv-cache-memory-mb 4096"
            "dummy-70b-warm|dummy://llama-3-70b|$kernels/70b|--kv-cache-memory-mb 4096"
            "dummy-70b-fp8|dummy://llama-3-70b|$kernels/70b|--quantization fp8 --kv-cache-memory-mb 16384")
        for dtype in ${START_CHECKPOINT_DTYPES:-BF16 F16}; do
            python3 "$here/make_checkpoint.py" "$checkpoints/$dtype" --dtype "$dtype" 2>&1 | tee -a "$out/checkpoint.log" || status=1
            cases+=("ckpt-8b-$dtype|$checkpoints/$dtype|$kernels/8b|")
        done
        cases+=("ckpt-8b-${dtype:-BF16}-coldpages|$checkpoints/${dtype:-BF16}|$kernels/8b|")
        python3 "$here/start_bench.py" "$engine" "$out" "${cases[@]}" || status=1
        rm -rf "$checkpoints"
    fi
    if [[ " $steps " == *" hf "* ]]; then
        python3 "$here/hf_baseline.py" --json "$out/hf.json" --batches "1,$users" --mode "${HF_MODE:-compiled}" 2>&1 | tee "$out/hf.log" || status=1
    fi
    exit "$status"
    ;;
report)
    python3 "$here/report.py" "${2:?usage: run.sh report OUTDIR}" bench/results
    ;;
*)
    sed -n '2,10p' "$0"
    exit 2
    ;;
esac
