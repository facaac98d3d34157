#!/usr/bin/env python3
"""Combines a device run's engine.json and hf.json into bench/results/<gpu>-<date>.{json,md}."""
import datetime
import json
import pathlib
import re
import sys


def load(path: pathlib.Path) -> dict:
    return json.loads(path.read_text()) if path.exists() else {}


def main() -> None:
    run, results = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
    engine, hf = load(run / "engine.json"), load(run / "hf.json")
    selftest = (run / "selftest.log").read_text().strip().splitlines()[-1] if (run / "selftest.log").exists() else "not run"
    gpu = engine.get("gpu") or hf.get("gpu") or "unknown GPU"
    date = datetime.date.today().isoformat()
    slug = re.sub(r"[^a-z0-9]+", "-", gpu.lower()).strip("-")
    commit = (run / "commit.txt").read_text().strip() if (run / "commit.txt").exists() else "unknown"
    combined = {"gpu": gpu, "date": date, "commit": commit, "selftest": selftest, "sluice": engine, "transformers": hf}
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
    lines = [f"# CUDA backend benchmark: {gpu}, {date}", "",
             f"Model: dummy://llama-3-8b (random weights, bf16). Engine commit {commit}. Self-test: {selftest}.", "",
             "Offline runs drive `IModelRunner` directly in static waves (no HTTP server); tokens are chosen on the GPU.", "",
             "| measure | sluice | HF transformers |", "| --- | ---: | ---: |"]
    lines += [f"| {a} | {b} | {c} |" for a, b, c in rows]
    (results / f"{slug}-{date}.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
