#!/usr/bin/env python3
"""Writes tiny quantized checkpoints in real on-disk formats, made from models/demo, with golden logits.

From the demo model (llama, hidden 384, bf16) it keeps 1 decoder layer, the first 256 vocabulary rows and the first 512
intermediate channels (to keep the files small), and quantizes the decoder linear layers (q/k/v/o/gate/up/down) into:

  quant-awq    AutoAWQ GEMM: qweight I32 [in, out/8] with nibble order [0,2,4,6,1,3,5,7], qzeros I32 [in/128, out/8]
               (same packing), scales F16 [in/128, out]; asymmetric round-to-nearest per group of 128.
  quant-gptq   GPTQ v1 (checkpoint_format "gptq", desc_act true): qweight I32 [in/8, out] packed along the input,
               qzeros I32 [in/128, out/8] storing zero - 1, scales F16 [in/128, out], g_idx I32 [in] from a random
               act-order permutation (group of column k = g_idx[k]).
  quant-fp8    compressed-tensors float-quantized: weight F8_E4M3 [out, in], weight_scale BF16 [out, 1] (channel),
               dynamic per-token fp8 activations.
  quant-int8   compressed-tensors pack-quantized W8A16: weight_packed I32 [out, in/4] (value + 128 in byte lanes,
               low first), weight_scale BF16 [out, 1], weight_shape I64 [2].

golden.json of each holds, for three random prompts, the fp32 logits of the last position and the greedy continuation
(8 tokens) of a reference that runs transformers' Llama in fp32 with every quantized linear replaced by plain torch
matmuls on the dequantized weights (fp8: activations quantized per token to e4m3 first, as the engine does).

With --export-full DIR it also writes AWQ and GPTQ exports of the whole demo model (DIR/demo-awq, DIR/demo-gptq) and
DIR/tokens.json: 4 sequences of 288 tokens sampled (temperature 1, distinct seeds) from the bf16 demo model, for
teacher-forced quality runs of the engine (sluice-engine score; bench/gpu/quant_quality.py compares the results).

With --quality it also measures, on the full 6-layer demo model, teacher-forced agreement with the bf16 argmax and the
perplexity of the reference dequantizer of each format over 512 positions of random token sequences (reference only).

Usage: python3 tools/golden/make_quant_fixtures.py [demo_dir] [output_dir] [--quality out.json] [--export-full DIR]
"""
import json
import os
import sys

import torch
from safetensors.torch import load_file, save_file
from transformers import LlamaConfig, LlamaForCausalLM

SEED = 20261202
GROUP = 128
AWQ_ORDER = [0, 2, 4, 6, 1, 3, 5, 7]
LINEARS = ["self_attn.q_proj", "self_attn.k_proj", "self_attn.v_proj", "self_attn.o_proj", "mlp.gate_proj", "mlp.up_proj", "mlp.down_proj"]
NEW_TOKENS = 8


def to_i32(x):
    x = x.to(torch.int64) & 0xFFFFFFFF
    return torch.where(x >= 2 ** 31, x - 2 ** 32, x).to(torch.int32)


def pack_cols(values, order):
    """values [R, C] (0..15) -> [R, C/8] int32, nibble i of word j = values[:, 8j + order[i]]."""
    out = torch.zeros(values.shape[0], values.shape[1] // 8, dtype=torch.int64)
    for i in range(8):
        out |= values[:, order[i]::8].to(torch.int64) << (4 * i)
    return to_i32(out)


def int4_quantize(w, groups_of):
    """Asymmetric RTN. w [N, K]; groups_of [K] group id per column. Returns q [N, K], scale [N, G] (fp16-rounded), zero [N, G]."""
    n, k = w.shape
    g = k // GROUP
    scale = torch.zeros(n, g)
    zero = torch.zeros(n, g)
    for gi in range(g):
        cols = (groups_of == gi).nonzero().flatten()
        wg = w[:, cols]
        mn = wg.amin(1).clamp(max=0)
        mx = wg.amax(1).clamp(min=0)
        s = ((mx - mn) / 15).clamp(min=1e-6).half().float()
        scale[:, gi] = s
        zero[:, gi] = torch.round(-mn / s).clamp(1, 15)
    sc = scale[:, groups_of]
    zc = zero[:, groups_of]
    q = torch.clamp(torch.round(w / sc) + zc, 0, 15)
    return q.to(torch.int64), scale, zero.to(torch.int64)


def e4m3(x):
    return x.clamp(-448, 448).to(torch.float8_e4m3fn)


class RefLinear(torch.nn.Module):
    """y = x W^T from dequantized weights; fp8 also quantizes x per token (s = max|x| / 448)."""

    def __init__(self, weight, fp8_scale=None):
        super().__init__()
        self.register_buffer("weight", weight)  # fp32 [N, K]: dequantized, or e4m3 values when fp8_scale is set
        self.register_buffer("fp8_scale", fp8_scale)

    def forward(self, x):
        if self.fp8_scale is None:
            return x @ self.weight.T
        amax = x.abs().amax(-1, keepdim=True)
        s = torch.where(amax > 0, amax / 448.0, torch.ones_like(amax))
        xq = e4m3(x / s).float()
        return (xq @ self.weight.T) * s * self.fp8_scale


def quantize(fmt, sd, layers, gen):
    """Returns (tensors to save, {linear name: RefLinear}, quantization_config)."""
    out = {}
    refs = {}
    for name, t in sd.items():
        prefix = name[: -len(".weight")]
        if not any(prefix.endswith(l) for l in LINEARS):
            out[name] = t
            continue
        w = t.float()
        n, k = w.shape
        if fmt == "awq":
            q, s, z = int4_quantize(w, torch.arange(k) // GROUP)
            out[prefix + ".qweight"] = pack_cols(q.T.contiguous(), AWQ_ORDER)
            out[prefix + ".qzeros"] = pack_cols(z.T.contiguous(), AWQ_ORDER)
            out[prefix + ".scales"] = s.T.contiguous().half()
            refs[prefix] = RefLinear((q - z.repeat_interleave(GROUP, 1)).float() * s.repeat_interleave(GROUP, 1))
        elif fmt == "gptq":
            perm = torch.randperm(k, generator=gen)
            g_idx = torch.empty(k, dtype=torch.int64)
            g_idx[perm] = torch.arange(k) // GROUP
            q, s, z = int4_quantize(w, g_idx)
            packed = torch.zeros(k // 8, n, dtype=torch.int64)
            qt = q.T.contiguous()
            for i in range(8):
                packed |= qt[i::8, :] << (4 * i)
            out[prefix + ".qweight"] = to_i32(packed)
            out[prefix + ".qzeros"] = pack_cols((z.T.contiguous() - 1) & 0xF, list(range(8)))
            out[prefix + ".scales"] = s.T.contiguous().half()
            out[prefix + ".g_idx"] = g_idx.to(torch.int32)
            refs[prefix] = RefLinear((q - z[:, g_idx]).float() * s[:, g_idx])
        elif fmt == "fp8":
            s = (w.abs().amax(1, keepdim=True) / 448.0).clamp(min=1e-12).to(torch.bfloat16).float()
            codes = e4m3(w / s)
            out[prefix + ".weight"] = codes
            out[prefix + ".weight_scale"] = s.to(torch.bfloat16)
            refs[prefix] = RefLinear(codes.float(), fp8_scale=s.T)
        elif fmt == "int8":
            s = (w.abs().amax(1, keepdim=True) / 127.0).clamp(min=1e-12).to(torch.bfloat16).float()
            q = torch.clamp(torch.round(w / s), -128, 127).to(torch.int64)
            lanes = (q + 128).to(torch.uint8).contiguous()
            out[prefix + ".weight_packed"] = lanes.view(torch.int32)
            out[prefix + ".weight_scale"] = s.to(torch.bfloat16)
            out[prefix + ".weight_shape"] = torch.tensor([n, k], dtype=torch.int64)
            refs[prefix] = RefLinear(q.float() * s)
        else:
            raise ValueError(fmt)
    return out, refs, quant_config(fmt)


def quant_config(fmt):
    if fmt == "awq":
        return {"quant_method": "awq", "bits": 4, "group_size": GROUP, "version": "gemm", "zero_point": True}
    if fmt == "gptq":
        return {"quant_method": "gptq", "bits": 4, "group_size": GROUP, "desc_act": True, "sym": False, "checkpoint_format": "gptq"}
    weights = {"num_bits": 8, "type": "float" if fmt == "fp8" else "int", "strategy": "channel", "symmetric": True, "dynamic": False}
    inputs = {"num_bits": 8, "type": "float", "strategy": "token", "dynamic": True, "symmetric": True} if fmt == "fp8" else None
    return {"quant_method": "compressed-tensors", "format": "float-quantized" if fmt == "fp8" else "pack-quantized",
            "config_groups": {"group_0": {"targets": ["Linear"], "weights": weights, "input_activations": inputs}},
            "ignore": ["lm_head"], "quantization_status": "compressed"}


def build(cfg, sd, refs):
    model = LlamaForCausalLM(LlamaConfig(**cfg, attn_implementation="eager")).float().eval()
    model.load_state_dict({k: v.float() for k, v in sd.items() if not any(k[: -len(".weight")].endswith(l) for l in LINEARS)}, strict=False)
    for prefix, ref in refs.items():
        parent = model.get_submodule(prefix.rsplit(".", 1)[0])
        setattr(parent, prefix.rsplit(".", 1)[1], ref)
    return model


def bf16_refs(sd):
    return {name[: -len(".weight")]: RefLinear(t.float()) for name, t in sd.items() if any(name[: -len(".weight")].endswith(l) for l in LINEARS)}


@torch.no_grad()
def golden(model, prompts):
    cases = []
    for ids in prompts:
        logits = model(torch.tensor([ids])).logits[0]
        seq = list(ids)
        for _ in range(NEW_TOKENS):
            seq.append(int(model(torch.tensor([seq])).logits[0, -1].argmax()))
        cases.append({"input_ids": ids, "last_logits": logits[-1].tolist(), "greedy_ids": seq[len(ids):]})
    return cases


def truncated(demo, layers, vocab, inter):
    cfg = json.load(open(os.path.join(demo, "config.json")))
    sd = load_file(os.path.join(demo, "model.safetensors"))
    keep = {}
    for name, t in sd.items():
        if name.startswith("model.layers.") and int(name.split(".")[2]) >= layers:
            continue
        if name in ("model.embed_tokens.weight", "lm_head.weight"):
            t = t[:vocab]
        elif name.endswith(("gate_proj.weight", "up_proj.weight")):
            t = t[:inter]
        elif name.endswith("down_proj.weight"):
            t = t[:, :inter]
        keep[name] = t.contiguous()
    cfg.update(num_hidden_layers=layers, vocab_size=vocab, intermediate_size=inter)
    cfg = {k: v for k, v in cfg.items() if k not in ("architectures", "transformers_version", "dtype", "torch_dtype", "model_type")}
    return cfg, keep


@torch.no_grad()
def quality(demo, path):
    cfg, sd = truncated(demo, 6, 4096, 1024)
    gen = torch.Generator().manual_seed(SEED + 1)
    seqs = [torch.randint(0, 4096, (1, 129), generator=gen) for _ in range(4)]
    base = build(cfg, sd, bf16_refs(sd))
    base_logits = [base(s).logits[0, :-1] for s in seqs]
    result = {"positions": sum(l.shape[0] for l in base_logits), "note": "reference dequantizer, not the engine"}
    for fmt in ["fp8", "int8", "awq", "gptq"]:
        _, refs, _ = quantize(fmt, sd, 6, torch.Generator().manual_seed(SEED))
        model = build(cfg, sd, refs)
        agree, nll, nll_base, count = 0, 0.0, 0.0, 0
        for s, bl in zip(seqs, base_logits):
            ql = model(s).logits[0, :-1]
            agree += int((ql.argmax(-1) == bl.argmax(-1)).sum())
            targets = s[0, 1:]
            nll += float(torch.nn.functional.cross_entropy(ql, targets, reduction="sum"))
            nll_base += float(torch.nn.functional.cross_entropy(bl, targets, reduction="sum"))
            count += targets.numel()
        result[fmt] = {"argmax_agreement": agree / count, "perplexity": float(torch.exp(torch.tensor(nll / count))),
                       "bf16_perplexity": float(torch.exp(torch.tensor(nll_base / count)))}
    json.dump(result, open(path, "w"), indent=1)
    print(json.dumps(result, indent=1))


@torch.no_grad()
def export_full(demo, target):
    cfg, sd = truncated(demo, 6, 4096, 1024)
    for fmt in ["awq", "gptq"]:
        tensors, _, qcfg = quantize(fmt, sd, 6, torch.Generator().manual_seed(SEED))
        out = os.path.join(target, "demo-" + fmt)
        os.makedirs(out, exist_ok=True)
        save_file(tensors, os.path.join(out, "model.safetensors"), metadata={"format": "pt"})
        json.dump(dict(cfg, architectures=["LlamaForCausalLM"], model_type="llama", torch_dtype="bfloat16", quantization_config=qcfg),
                  open(os.path.join(out, "config.json"), "w"), indent=1)
    model = build(cfg, sd, bf16_refs(sd))
    device = "cuda" if torch.cuda.is_available() else "cpu"
    model = model.to(device)
    gen = torch.Generator(device=device).manual_seed(SEED + 7)
    seqs = torch.cat([torch.zeros(4, 1, dtype=torch.long), torch.randint(2, 4096, (4, 1))], 1).to(device)
    while seqs.shape[1] < 288:
        probs = torch.softmax(model(seqs).logits[:, -1].float(), -1)
        seqs = torch.cat([seqs, torch.multinomial(probs, 1, generator=gen)], 1)
    json.dump({"sequences": seqs.cpu().tolist()}, open(os.path.join(target, "tokens.json"), "w"))


def main():
    args = [a for i, a in enumerate(sys.argv[1:]) if not a.startswith("--") and not sys.argv[i].startswith("--")]
    demo = args[0] if args else "models/demo"
    out_dir = args[1] if len(args) > 1 else "tests/fixtures/models"
    torch.manual_seed(SEED)
    cfg, sd = truncated(demo, 1, 256, 512)
    gen = torch.Generator().manual_seed(SEED)
    prompts = [torch.randint(0, 256, (n,), generator=gen).tolist() for n in (5, 17, 40)]
    for fmt in ["awq", "gptq", "fp8", "int8"]:
        tensors, refs, qcfg = quantize(fmt, sd, 1, torch.Generator().manual_seed(SEED))
        model = build(cfg, sd, refs)
        target = os.path.join(out_dir, "quant-" + fmt)
        os.makedirs(target, exist_ok=True)
        save_file(tensors, os.path.join(target, "model.safetensors"), metadata={"format": "pt"})
        config = dict(cfg, architectures=["LlamaForCausalLM"], model_type="llama", torch_dtype="bfloat16", quantization_config=qcfg)
        json.dump(config, open(os.path.join(target, "config.json"), "w"), indent=1)
        json.dump({"format": fmt, "seed": SEED, "cases": golden(model, prompts)}, open(os.path.join(target, "golden.json"), "w"))
        print(target, os.path.getsize(os.path.join(target, "model.safetensors")), "bytes")
    if "--export-full" in sys.argv:
        export_full(demo, sys.argv[sys.argv.index("--export-full") + 1])
    if "--quality" in sys.argv:
        quality(demo, sys.argv[sys.argv.index("--quality") + 1])


if __name__ == "__main__":
    main()
