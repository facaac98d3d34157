#!/usr/bin/env python3
"""Writes a random Llama checkpoint of a real shape (config.json, sharded *.safetensors + index, a tokenizer copied from a
fixture) for load benchmarks on a machine without network. Standard library only. The tensor bytes repeat one 1 MiB block
of small random values (normal, sigma 0.02; norms 1), so writing runs at disk speed; the values only need to be finite.

usage: make_checkpoint.py OUTDIR [--preset llama-3-8b|tiny] [--dtype BF16|F16|F32] [--shard-gb 5] [--tokenizer-from DIR]
"""
import argparse
import json
import os
import random
import shutil
import struct

PRESETS = {
    # hidden, intermediate, layers, heads, kv heads, vocab, max positions
    "llama-3-8b": (4096, 14336, 32, 32, 8, 128256, 8192),
    "tiny": (128, 384, 4, 4, 2, 512, 2048),
}
BLOCK_BYTES = 1 << 20


def layout(preset):
    hidden, inter, layers, heads, kv_heads, vocab, _ = PRESETS[preset]
    head_dim = hidden // heads
    tensors = [("model.embed_tokens.weight", [vocab, hidden])]
    for i in range(layers):
        p = f"model.layers.{i}."
        tensors += [
            (p + "input_layernorm.weight", [hidden]),
            (p + "self_attn.q_proj.weight", [heads * head_dim, hidden]),
            (p + "self_attn.k_proj.weight", [kv_heads * head_dim, hidden]),
            (p + "self_attn.v_proj.weight", [kv_heads * head_dim, hidden]),
            (p + "self_attn.o_proj.weight", [hidden, heads * head_dim]),
            (p + "post_attention_layernorm.weight", [hidden]),
            (p + "mlp.gate_proj.weight", [inter, hidden]),
            (p + "mlp.up_proj.weight", [inter, hidden]),
            (p + "mlp.down_proj.weight", [hidden, inter]),
        ]
    return tensors + [("model.norm.weight", [hidden]), ("lm_head.weight", [vocab, hidden])]


def encode(values, dtype):
    if dtype == "F32":
        return struct.pack(f"<{len(values)}f", *values)
    if dtype == "F16":
        return struct.pack(f"<{len(values)}e", *values)
    words = struct.unpack(f"<{len(values)}I", struct.pack(f"<{len(values)}f", *values))
    return struct.pack(f"<{len(values)}H", *(w >> 16 for w in words))


def blocks(dtype):
    size = {"F32": 4, "F16": 2, "BF16": 2}[dtype]
    rng = random.Random(0)
    weights = encode([rng.gauss(0.0, 0.02) for _ in range(BLOCK_BYTES // size)], dtype)
    ones = encode([1.0] * (BLOCK_BYTES // size), dtype)
    return size, weights, ones


def write_shard(path, tensors, dtype, size, weights, ones):
    header, offset = {}, 0
    for name, shape in tensors:
        count = 1
        for d in shape:
            count *= d
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [offset, offset + count * size]}
        offset += count * size
    text = json.dumps(header, separators=(",", ":"))
    text += " " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text.encode())
        for name, _ in tensors:
            begin, end = header[name]["data_offsets"]
            block = ones if name.endswith("norm.weight") else weights
            left = end - begin
            while left > 0:
                n = min(left, len(block))
                f.write(block[:n])
                left -= n
    return offset


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--preset", default="llama-3-8b", choices=sorted(PRESETS))
    parser.add_argument("--dtype", default="BF16", choices=["BF16", "F16", "F32"])
    parser.add_argument("--shard-gb", type=float, default=5.0)
    parser.add_argument("--tokenizer-from", default="tests/fixtures/models/llama")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    size, weights, ones = blocks(args.dtype)
    shards, current, current_bytes = [], [], 0
    for name, shape in layout(args.preset):
        count = 1
        for d in shape:
            count *= d
        if current and current_bytes + count * size > args.shard_gb * 1e9:
            shards.append(current)
            current, current_bytes = [], 0
        current.append((name, shape))
        current_bytes += count * size
    shards.append(current)
    weight_map, total = {}, 0
    for i, tensors in enumerate(shards):
        file = f"model-{i + 1:05d}-of-{len(shards):05d}.safetensors"
        total += write_shard(os.path.join(args.out, file), tensors, args.dtype, size, weights, ones)
        weight_map.update({name: file for name, _ in tensors})
    with open(os.path.join(args.out, "model.safetensors.index.json"), "w") as f:
        json.dump({"metadata": {"total_size": total}, "weight_map": weight_map}, f)
    hidden, inter, layers, heads, kv_heads, vocab, positions = PRESETS[args.preset]
    config = {
        "architectures": ["LlamaForCausalLM"], "model_type": "llama", "hidden_size": hidden, "intermediate_size": inter,
        "num_hidden_layers": layers, "num_attention_heads": heads, "num_key_value_heads": kv_heads, "vocab_size": vocab,
        "max_position_embeddings": positions, "rms_norm_eps": 1e-5, "rope_theta": 500000.0, "hidden_act": "silu",
        "tie_word_embeddings": False, "torch_dtype": {"BF16": "bfloat16", "F16": "float16", "F32": "float32"}[args.dtype],
        "bos_token_id": 0, "eos_token_id": 1,
    }
    with open(os.path.join(args.out, "config.json"), "w") as f:
        json.dump(config, f, indent=1)
    for name in ("tokenizer.json", "tokenizer_config.json"):
        shutil.copy(os.path.join(args.tokenizer_from, name), os.path.join(args.out, name))
    print(json.dumps({"dir": args.out, "preset": args.preset, "dtype": args.dtype, "bytes": total, "shards": len(shards)}))


if __name__ == "__main__":
    main()
