#!/usr/bin/env python3
"""Teacher-forced quality of the engine's quantizations against its bf16 run (outputs of `sluice-engine score`).

For each score file after the first (the bf16 baseline): the share of positions whose argmax equals the baseline's,
and the perplexity of the scored targets (exp of the mean negative log-probability) next to the baseline's.
Usage: quant_quality.py out.json out.md baseline.json other.json ...
"""
import json
import math
import sys


def load(path):
    d = json.load(open(path))
    argmax = [a for row in d["argmax"] for a in row]
    lp = [v for row in d["target_logprob"] for v in row]
    return d, argmax, lp


def main():
    out_json, out_md, base_path, others = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
    base, base_argmax, base_lp = load(base_path)
    base_ppl = math.exp(-sum(base_lp) / len(base_lp))
    rows = {"positions": len(base_lp), "baseline": base["quantization"], "baseline_perplexity": base_ppl, "formats": {}}
    for path in others:
        d, argmax, lp = load(path)
        agree = sum(a == b for a, b in zip(argmax, base_argmax)) / len(base_argmax)
        ppl = math.exp(-sum(lp) / len(lp))
        rows["formats"][d["quantization"] + ":" + path.rsplit("/", 1)[-1]] = {
            "quantization": d["quantization"], "argmax_agreement": agree, "perplexity": ppl, "perplexity_ratio": ppl / base_ppl}
    json.dump(rows, open(out_json, "w"), indent=1)
    with open(out_md, "w") as md:
        md.write(f"| format | argmax agreement vs {rows['baseline']} | perplexity | vs baseline |\n|---|---|---|---|\n")
        md.write(f"| {rows['baseline']} | 1.000 | {base_ppl:.3f} | 1.000 |\n")
        for name, r in rows["formats"].items():
            md.write(f"| {name} | {r['argmax_agreement']:.3f} | {r['perplexity']:.3f} | {r['perplexity_ratio']:.3f} |\n")
        md.write(f"\n{rows['positions']} teacher-forced positions.\n")
    print(open(out_md).read())


if __name__ == "__main__":
    main()
