#!/usr/bin/env python3
"""Combines a device run's engine.json, structured.json (bench-structured), served.json (sluice-bench sweep), hf.json and
start.json (start_bench.py) into bench/results/<gpu>-<date>.{json,md}."""
import datetime
import json
import pathlib
import re
import sys


def load(path: pathlib.Path) -> dict:
    return json.loads(path.read_text()) if path.exists() else {}


def served_rows(served: dict, engine: dict, hf: dict) -> list:
    """One row per sweep point: throughput, latency percentiles, % of the bandwidth roofline at that batch, × HF."""
    rows = []
    bandwidth, weights, kv = (engine.get(k) for k in ("copy_bandwidth_bytes_per_second", "weight_bytes", "kv_bytes_per_token"))
    for run in served.get("runs", []):
        users, summary = run["spec"]["users"], run["summary"]
        ok = max(summary["okRequests"], 1)
        prompt, output = summary["inputTokens"] / ok, summary["outputTokens"] / ok
        row = {"users": users, "ok": summary["okRequests"], "failed": summary["failedRequests"],
               "inputTokensPerRequest": round(prompt, 1), "outputTokensPerRequest": round(output, 1),
               "outputTokensPerSecond": round(summary["outputTokenThroughputPerSecond"], 1),
               "ttftP50Ms": round(summary["ttft"]["p50"] * 1e3, 1), "ttftP95Ms": round(summary["ttft"]["p95"] * 1e3, 1),
               "tpotP50Ms": round(summary["tpot"]["p50"] * 1e3, 2), "tpotP95Ms": round(summary["tpot"]["p95"] * 1e3, 2)}
        if bandwidth and weights and kv:
            # A decode step reads every weight once plus each sequence's KV at its mean context (prompt + half the output).
            step_bytes = weights + users * (prompt + output / 2) * kv
            row["rooflineOutputTokensPerSecond"] = round(users * bandwidth / step_bytes)
            row["percentOfRoofline"] = round(100 * row["outputTokensPerSecond"] / row["rooflineOutputTokensPerSecond"], 1)
        baseline = hf.get(f"batch{users}_128x128_output_tokens_per_second")
        if baseline:
            row["hfOutputTokensPerSecond"] = round(baseline, 1)
            row["speedupVsHf"] = round(row["outputTokensPerSecond"] / baseline, 2)
        rows.append(row)
    return rows


def main() -> None:
    run, results = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
    engine, hf, served = load(run / "engine.json"), load(run / "hf.json"), load(run / "served.json")
    structured = load(run / "structured.json")
    start_cases = load(run / "start.json").get("cases", [])
    served_start = load(run / "served-start.json").get("startToReadySeconds")
    selftest = (run / "selftest.log").read_text().strip().splitlines()[-1] if (run / "selftest.log").exists() else "not run"
    gpu = engine.get("gpu") or hf.get("gpu") or "unknown GPU"
    date = datetime.date.today().isoformat()
    slug = re.sub(r"[^a-z0-9]+", "-", gpu.lower()).strip("-")
    commit = (run / "commit.txt").read_text().strip() if (run / "commit.txt").exists() else "unknown"
    served_table = served_rows(served, engine, hf)
    combined = {"gpu": gpu, "date": date, "commit": commit, "selftest": selftest, "sluice": engine, "structured": structured, "transformers": hf,
                "served": {"startToReadySeconds": served_start, "rows": served_table}, "start": start_cases}
    results.mkdir(parents=True, exist_ok=True)
    (results / f"{slug}-{date}.json").write_text(json.dumps(combined, indent=2) + "\n")

    def num(d: dict, key: str, scale: float = 1.0, fmt: str = "{:.1f}") -> str:
        v = d.get(key)
        return fmt.format(v * scale) if isinstance(v, (int, float)) else "–"

    rows = [
        ("copy bandwidth (TB/s, read+write)", num(engine, "copy_bandwidth_bytes_per_second", 1e-12, "{:.2f}"), ""),
        ("bf16 GEMM 8192³ (TFLOP/s)", num(engine, "gemm_bf16_flops_per_second", 1e-12, "{:.0f}"), ""),
        ("start to ready, dummy://llama-3-8b (s)", num(engine, "start_to_ready_seconds"), num(hf, "load_seconds")),
        ("batch-1 decode TPOT (ms)", num(engine, "decode_b1_tpot_median_seconds", 1e3, "{:.2f}"), num(hf, "decode_b1_tpot_seconds", 1e3, "{:.2f}")),
        ("batch-1 roofline TPOT (ms)", num(engine, "decode_b1_roofline_seconds", 1e3, "{:.2f}"), ""),
        ("batch-1 % of roofline", num(engine, "decode_b1_roofline_fraction", 100, "{:.0f}%"), ""),
    ]
    for key in sorted((k for k in engine if k.endswith("_128x128_output_tokens_per_second")), key=lambda k: int(k.split("_")[0][5:])):
        batch = key.split("_")[0]
        rows.append((f"{batch} 128/128 output tok/s", num(engine, key, 1, "{:.0f}"), num(hf, key, 1, "{:.0f}")))
        rows.append((f"{batch} 128/128 % of roofline", num(engine, key.replace("output_tokens_per_second", "roofline_fraction"), 100, "{:.0f}%"), ""))
    for key in sorted(k for k in engine if k.startswith("offline_") and k.endswith("_output_tokens_per_second")):
        name = key[len("offline_"):-len("_output_tokens_per_second")]
        rows.append((f"offline {name} (batch {engine.get(key.replace('output_tokens_per_second', 'batch'), '?')}) output tok/s",
                     num(engine, key, 1, "{:.0f}"), ""))
        rows.append((f"offline {name} total tok/s", num(engine, key.replace("output", "total"), 1, "{:.0f}"), ""))
    if structured:
        batch = structured.get("batch", "?")
        rows.append((f"batch {batch} decode tok/s, unconstrained", num(structured, "unconstrained_decode_tokens_per_second", 1, "{:.0f}"), ""))
        rows.append((f"batch {batch} decode tok/s, json_schema mask", num(structured, "constrained_decode_tokens_per_second", 1, "{:.0f}"), ""))
        rows.append(("mask cost (1 − masked/free)", num(structured, "mask_cost_fraction", 100, "{:.1f}%"), ""))
    lines = [f"# CUDA backend benchmark: {gpu}, {date}", "",
             f"Model: dummy://llama-3-8b (random weights, bf16). Engine commit {commit}. Self-test: {selftest}.", "",
             "Offline runs drive `IModelRunner` directly in static waves (no HTTP server); tokens are chosen on the GPU.", "",
             "| measure | sluice | HF transformers |", "| --- | ---: | ---: |"]
    lines += [f"| {a} | {b} | {c} |" for a, b, c in rows]
    if served_table:
        lines += ["", "## Served engine under load", "",
                  f"`sluice-engine serve --device cuda` (start to ready {served_start} s) under `sluice-bench sweep` closed-loop users, "
                  "≈128 prompt / exactly 128 output tokens; roofline = (weights + KV read per decode step) / the copy bandwidth "
                  "above; HF transformers `generate()` at the same batch sizes in the same run.", "",
                  "| users | ok/failed | prompt tok/req | output tok/s | TTFT p50 / p95 (ms) | TPOT p50 / p95 (ms) | % of roofline | HF tok/s | × HF |",
                  "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
        for r in served_table:
            lines.append(f"| {r['users']} | {r['ok']}/{r['failed']} | {r['inputTokensPerRequest']} | {r['outputTokensPerSecond']:,.0f} | "
                         f"{r['ttftP50Ms']} / {r['ttftP95Ms']} | {r['tpotP50Ms']} / {r['tpotP95Ms']} | "
                         f"{r.get('percentOfRoofline', '–')}% | {r.get('hfOutputTokensPerSecond', '–')} | {r.get('speedupVsHf', '–')}× |")
    if start_cases:
        lines += ["", "## Start to ready", "",
                  "`sluice-engine serve` from process start to the first `/ready` 200, and the peak host RSS (VmHWM) at that moment; "
                  "weight load time from the engine's closing load line.", "",
                  "| case | model | kernel cache | start to ready (s) | weights loaded (s) | peak host RSS (GiB) |",
                  "| --- | --- | --- | ---: | ---: | ---: |"]
        for c in start_cases:
            lines.append(f"| {c['case']} | {c['model']} {c.get('args', '')} | {c.get('kernelCache', '–')} | {c.get('startToReadySeconds', c.get('error', 'not ready'))} | "
                         f"{c.get('weightLoadSeconds', '–')} | {c.get('peakRssGiB', '–')} |")
    (results / f"{slug}-{date}.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
