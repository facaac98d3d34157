#!/usr/bin/env bash
# S1, S2 and S3 of the SLO-control study on one GPU (docs/slo-on-gpu.md): sluice-operator tune (profiling sweep + online tuner)
# against the served 8B bf16 dummy engine; S1 and S2 each followed by static settings (both levers fixed, or the rate unlimited)
# in the same engine process; S3 drives two engines (sharing the GPU) round robin through a 3x load step and back.
# Run from a folder holding bin.txz (the trimmed self-contained engine/ and operator/ publish) and bench/gpu/wait_ready.py;
# writes under $OUT. About 9 minutes; SCENARIOS (default "s1 s2 s3") picks which run.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${OUT:?}"; work=/tmp/study; mkdir -p "$work" && cd "$work"
tar -xJf "$here/bin.txz"
export SLUICE_KERNEL_CACHE=/tmp/sluice-kernels
echo study-admin-token > token
nvidia-smi --query-gpu=name,memory.total,clocks.max.sm --format=csv > "$out/nvidia-smi.csv"
IN=${IN:-352}   # random words; the dummy model's byte tokenizer makes ≈ 2048 prompt tokens of them
url=http://127.0.0.1:8765 url2=http://127.0.0.1:8766
serve() { ./engine/sluice-engine serve --model dummy://llama-3-8b --device cuda --port $1 --max-batch-size 32 \
    --kv-cache-memory-mb ${KV_MB:-20000} --admin-token-file token > serve-$1.log 2>&1 & }
# One after the other: the second finds the first's compiled kernels in the cache.
serve 8765; python3 "$here/wait_ready.py" $url/ready 240 > start.json || { cp serve-*.log "$out/"; exit 1; }
serve 8766; python3 "$here/wait_ready.py" $url2/ready 240 > start2.json || { cp serve-*.log "$out/"; exit 1; }
for u in $url $url2; do
    curl -s $u/v1/completions -H 'content-type: application/json' -d '{"model":"llama-3-8b","prompt":"warm up","max_tokens":8}' > /dev/null
done
put() { curl -s -X PUT $1/admin/config -H "authorization: Bearer study-admin-token" -H 'content-type: application/json' -d "$2"; echo; }
reset() { for u in $url $url2; do put $u '{"maxBatchSize":32,"maxRequestRate":null}'; done; }
tune() { ./operator/sluice-operator tune --admin-token-file token --model llama-3-8b --ttft $TTFT --tpot $TPOT --percentile 95 \
    --workload $IN:128 --max-batch-size 32 "$@"; }
# Packs what has run so far, after every scenario, so a run cut short still returns its finished scenarios.
pack() { for s in s1 s2 s3; do cp $s/tune.svg "$out/$s.svg" 2>/dev/null; done
    tar -czf "$out/study.tgz" s1 s2 s3 s1.log s2.log s3.log s1-static-* s2-static-* start.json start2.json serve-*.log 2>/dev/null; }
static_runs() { # name, load, seconds, then "batch rate" pairs (rate "-" = the rate lever left unlimited, auto)
    local name=$1 load=$2 seconds=$3; shift 3
    for s in "$@"; do
        set -- $s; local fr=""; [ "$2" != "-" ] && fr="--fixed-rate $2"
        reset > /dev/null
        tune --engine $url --load $load --duration ${seconds}s --period 3s --window ${seconds}s \
            --fixed-batch-size $1 $fr --out $name-b$1-r$2 > $name-b$1-r$2.log 2>&1
    done
}
runs() { [[ " ${SCENARIOS:-s1 s2 s3} " == *" $1 "* ]]; }
# S1: TPOT p95 < 20 ms under a backlog (40 users always waiting); refused users wait Retry-After.
if runs s1; then
TTFT=60s TPOT=20ms
reset
tune --engine $url --load backlog:40 --duration ${S1_SECONDS:-60}s --profile ${PROFILE:-45s} --period 5s --window 20s --out s1 2>&1 | tee s1.log
static_runs s1-static backlog:40 12 "14 -" "16 -" "18 -" "20 -"
pack
fi
# S2: TTFT p95 < 1 s under Poisson arrivals above capacity (12 req/s offered).
if runs s2; then
TTFT=1s TPOT=1s
reset
tune --engine $url --load poisson:12 --duration ${S2_SECONDS:-60}s --profile ${PROFILE:-45s} --period 5s --window 20s --out s2 2>&1 | tee s2.log
batch=$(python3 -c "import json;print(json.load(open('s2/tune.json'))['final']['maxBatchSize'])" 2>/dev/null || echo 32)
static_runs s2-static poisson:12 20 "$batch 7" "$batch 8" "$batch 9"
pack
fi
# S3: TTFT p95 < 1 s, two engines behind a round robin, Poisson 5 req/s stepping to 15 req/s from 30 s to 60 s.
if runs s3; then
TTFT=1s TPOT=1s
reset
tune --engine $url --engine $url2 --load poisson:${S3_RATE:-5} --step 3x:30s:60s --duration ${S3_SECONDS:-90}s --profile ${S3_PROFILE:-30s} \
    --period 5s --window 20s --out s3 2>&1 | tee s3.log
fi
kill %1 %2 2>/dev/null; wait 2>/dev/null
pack
ls -la "$out"
