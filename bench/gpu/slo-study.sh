#!/usr/bin/env bash
# S1 and S2 of the SLO-control study on one GPU (docs/slo-on-gpu.md): sluice-operator tune (profiling sweep + online tuner)
# against the served 8B bf16 dummy engine, each followed by static settings (both levers fixed) in the same engine process.
# Run from a folder holding bin.txz (the trimmed self-contained engine/ and operator/ publish) and bench/gpu/wait_ready.py; writes under $OUT.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${OUT:?}"; work=/tmp/study; mkdir -p "$work" && cd "$work"
tar -xJf "$here/bin.txz"
export SLUICE_KERNEL_CACHE=/tmp/sluice-kernels
echo study-admin-token > token
nvidia-smi --query-gpu=name,memory.total,clocks.max.sm --format=csv > "$out/nvidia-smi.csv"
IN=${IN:-352}   # random words; the dummy model's byte tokenizer makes ≈ 2048 prompt tokens of them
url=http://127.0.0.1:8765
./engine/sluice-engine serve --model dummy://llama-3-8b --device cuda --port 8765 --max-batch-size 32 \
    --kv-cache-memory-mb 40000 --admin-token-file token > serve.log 2>&1 &
python3 "$here/wait_ready.py" $url/ready 240 > start.json || { cp serve.log "$out/"; exit 1; }
curl -s $url/v1/completions -H 'content-type: application/json' -d '{"model":"llama-3-8b","prompt":"warm up","max_tokens":8}' > /dev/null
put() { curl -s -X PUT $url/admin/config -H "authorization: Bearer study-admin-token" -H 'content-type: application/json' -d "$1"; echo; }
static_runs() { # name, load, then "batch rate" pairs (rate "-" = unlimited): the same tune loop with both levers fixed
    local name=$1 load=$2; shift 2
    for s in "$@"; do
        set -- $s; local fr=""; [ "$2" != "-" ] && fr="--fixed-rate $2"
        ./operator/sluice-operator tune --engine $url --admin-token-file token --model llama-3-8b --ttft $TTFT --tpot $TPOT --percentile 95 \
            --workload $IN:128 --load $load --duration ${STATIC_SECONDS:-12}s --period 3s --window 12s --max-batch-size 32 \
            --fixed-batch-size $1 $fr --out $name-b$1-r$2 > $name-b$1-r$2.log 2>&1
    done
}
# S1: TPOT p95 < 20 ms under a backlog (40 users always waiting).
TTFT=60s TPOT=20ms
./operator/sluice-operator tune --engine $url --admin-token-file token --model llama-3-8b --ttft $TTFT --tpot $TPOT --percentile 95 \
    --workload $IN:128 --load backlog:40 --duration ${S1_SECONDS:-60}s --profile ${PROFILE:-25s} --period 5s --window 20s --max-batch-size 32 --out s1 2>&1 | tee s1.log
static_runs s1-static backlog:40 "14 -" "16 -" "20 -"
# S2: TTFT p95 < 1 s under Poisson arrivals above capacity (12 req/s offered).
TTFT=1s TPOT=1s
put '{"maxBatchSize":32,"maxRequestRate":null}'
./operator/sluice-operator tune --engine $url --admin-token-file token --model llama-3-8b --ttft $TTFT --tpot $TPOT --percentile 95 \
    --workload $IN:128 --load poisson:12 --duration ${S2_SECONDS:-60}s --profile ${PROFILE:-25s} --period 5s --window 20s --max-batch-size 32 --out s2 2>&1 | tee s2.log
batch=$(python3 -c "import json;print(json.load(open('s2/tune.json'))['final']['maxBatchSize'])" 2>/dev/null || echo 32)
static_runs s2-static poisson:12 "$batch 6" "$batch 8" "$batch 10"
kill %1 2>/dev/null; wait 2>/dev/null
cp s1/tune.svg "$out/s1.svg"; cp s2/tune.svg "$out/s2.svg" 2>/dev/null
tar -czf "$out/study.tgz" s1 s2 s1.log s2.log s1-static-* s2-static-* start.json serve.log 2>/dev/null
ls -la "$out"
