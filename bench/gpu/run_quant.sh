#!/usr/bin/env bash
# Quantization benchmarks of the engine (issue 16's acceptance list), for a combined GPU run:
#   bench/gpu/run_quant.sh prepare [DIR]   here: bench/gpu/run.sh prepare DIR, plus the quantization scripts.
#   DIR/run_quant.sh device OUTDIR         on the GPU machine, from the repository root. STEPS (default
#                                          "kernels quality tpot served8b servedkv served70b") picks:
#     kernels    one linear layer per format (bf16, fp8, int8, int4; int8/int4 on both the tensor-core GEMM and the
#                dequantize-then-bf16 path) on Llama-3-8B/70B layer shapes at 1…512 tokens, against the copy ceiling of the
#                same run (kernels.json).
#     quality    teacher-forced argmax agreement and perplexity of fp8 / int8 (online) and int4-awq / int4-gptq (Python-made
#                exports of the whole demo model) against the engine's bf16 run, 4 × 256 positions of sequences sampled
#                from the bf16 demo model (quality.json, quality.md).
#     tpot       batch-1 decode TPOT and batch 1/64/100 128/128 throughput of dummy llama-3-8b with each of TPOT_QUANTS
#                (default "none fp8 int8 int4-awq") (tpot-<q>.json).
#     served8b   the served engine, dummy llama-3-8b with each of SERVED8B (default "none fp8"), 100 closed-loop users,
#                ~128/128 (served8b-<q>.json).
#     servedkv   dummy llama-3-8b bf16 weights with --kv-cache-dtype fp8, same load (served8b-none-kvfp8.json); every
#                served run also records the engine's sluice_kv_cache_capacity_tokens (<name>.capacity.txt).
#     served70b  dummy llama-3-70b with each of SERVED70B (default "int4-awq fp8") on one GPU, same load (served70b-<q>.json).
#   Every run of a step uses fresh random prompts (sluice-bench seeds by time unless --seed is given).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
case "${1:-}" in
prepare)
    dir="${2:-.carry/cuda}"
    "$here/run.sh" prepare "$dir"
    cp "$here/run_quant.sh" "$here/quant_quality.py" "$(cd "$here/../.." && pwd)/tools/golden/make_quant_fixtures.py" "$dir/"
    ;;
device)
    out="${2:?usage: run_quant.sh device OUTDIR}"
    mkdir -p "$out"
    export SLUICE_KERNEL_CACHE="${SLUICE_KERNEL_CACHE:-/tmp/sluice-kernels}"
    engine="$here/engine/sluice-engine"
    steps="${STEPS:-kernels quality tpot served8b servedkv served70b}"
    status=0
    if [[ " $steps " == *" kernels "* ]]; then
        "$engine" bench-cuda --model dummy://llama-3-8b --quant-kernels --batches "" --offline "" --json "$out/kernels.json" >"$out/kernels.log" 2>&1 || status=1
    fi
    if [[ " $steps " == *" quality "* ]]; then
        work="$(mktemp -d)"
        python3 "$here/make_quant_fixtures.py" models/demo "$work/fx" --export-full "$work/full" >"$out/quality-prepare.log" 2>&1 || status=1
        for q in none fp8 int8; do
            "$engine" score --model models/demo --quantization "$q" --device cuda --tokens "$work/full/tokens.json" --output "$work/$q.json" || status=1
        done
        for f in awq gptq; do
            "$engine" score --model "$work/full/demo-$f" --device cuda --tokens "$work/full/tokens.json" --output "$work/$f.json" || status=1
        done
        python3 "$here/quant_quality.py" "$out/quality.json" "$out/quality.md" "$work/none.json" "$work/fp8.json" "$work/int8.json" \
            "$work/awq.json" "$work/gptq.json" || status=1
    fi
    if [[ " $steps " == *" tpot "* ]]; then
        for q in ${TPOT_QUANTS:-none fp8 int8 int4-awq}; do
            "$engine" bench-cuda --model dummy://llama-3-8b --quantization "$q" --batches 1,64,100 --offline "" \
                --json "$out/tpot-$q.json" >"$out/tpot-$q.log" 2>&1 || status=1
        done
    fi
    serve() { # preset quantization port outfile [kv-cache-dtype]
        "$engine" serve --model "dummy://$1" --quantization "$2" --kv-cache-dtype "${5:-auto}" --device cuda --port "$3" \
            --max-batch-size 128 >"$out/$4.serve.log" 2>&1 &
        local pid=$!
        if python3 "$here/wait_ready.py" "http://127.0.0.1:$3/ready" 600 >/dev/null; then
            python3 -c 'import sys, urllib.request; print(next(l for l in urllib.request.urlopen(sys.argv[1]).read().decode().splitlines() if l.startswith("sluice_kv_cache_capacity_tokens")))' \
                "http://127.0.0.1:$3/metrics" >"$out/$4.capacity.txt" 2>&1 || status=1
            "$here/bench/sluice-bench" sweep --base-url "http://127.0.0.1:$3" --model "$1" --concurrency 100 --duration "${SERVED_SECONDS:-25}s" \
                --input-len 22 --output-len 128 --warmup 2 --output "$out/$4.json" >"$out/$4.log" 2>&1 || status=1
        else
            status=1
        fi
        kill "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    }
    if [[ " $steps " == *" served8b "* ]]; then
        port=8771
        for q in ${SERVED8B:-none fp8}; do
            serve llama-3-8b "$q" "$port" "served8b-$q"
            port=$((port + 10))
        done
    fi
    if [[ " $steps " == *" servedkv "* ]]; then
        serve llama-3-8b none 8775 served8b-none-kvfp8 fp8
    fi
    if [[ " $steps " == *" served70b "* ]]; then
        port=8773
        for q in ${SERVED70B:-int4-awq fp8}; do
            serve llama-3-70b "$q" "$port" "served70b-$q"
            port=$((port + 10))
        done
    fi
    exit "$status"
    ;;
*)
    sed -n '2,17p' "$0"
    exit 2
    ;;
esac
