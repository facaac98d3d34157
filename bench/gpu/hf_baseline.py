#!/usr/bin/env python3
"""Hugging Face transformers baseline on the dummy://llama-3-8b shape (random bf16 weights, same config).

Measures batch-1 decode TPOT and 128/128 generate throughput at fixed batch sizes with `model.generate`
(greedy, eos disabled so every request makes exactly the asked number of tokens). Writes one JSON object.

--mode compiled (the default) is transformers' documented fast path: a static KV cache
(generation_config.cache_implementation = "static") and the forward compiled with torch.compile
(mode="reduce-overhead", fullgraph=True: CUDA graphs). Every shape is generated once untimed first, so compilation and
graph capture are not timed. --mode eager is plain generate() with the dynamic cache.
"""
import argparse
import json
import statistics
import time

import torch
import transformers
from transformers import LlamaConfig, LlamaForCausalLM


def llama3_8b_config() -> LlamaConfig:
    return LlamaConfig(
        vocab_size=128256, hidden_size=4096, intermediate_size=14336, num_hidden_layers=32,
        num_attention_heads=32, num_key_value_heads=8, head_dim=128, max_position_embeddings=8192,
        rms_norm_eps=1e-5, rope_theta=500000.0, tie_word_embeddings=False,
        bos_token_id=128000, eos_token_id=None, pad_token_id=0)


def generate_seconds(model, batch: int, prompt: int, new: int) -> float:
    ids = torch.randint(0, model.config.vocab_size, (batch, prompt), device="cuda")
    mask = torch.ones_like(ids)
    torch.cuda.synchronize()
    start = time.perf_counter()
    out = model.generate(input_ids=ids, attention_mask=mask, max_new_tokens=new, min_new_tokens=new,
                         do_sample=False, eos_token_id=None, pad_token_id=0)
    torch.cuda.synchronize()
    seconds = time.perf_counter() - start
    assert out.shape == (batch, prompt + new), out.shape
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--json", required=True)
    parser.add_argument("--batches", default="1,10,50,100")
    parser.add_argument("--mode", choices=("compiled", "eager"), default="compiled")
    args = parser.parse_args()
    torch.manual_seed(0)
    started = time.perf_counter()
    with torch.device("cuda"):
        model = LlamaForCausalLM._from_config(llama3_8b_config(), torch_dtype=torch.bfloat16)
    model.eval()
    model.generation_config.eos_token_id = None
    model.generation_config.pad_token_id = 0
    if args.mode == "compiled":
        model.generation_config.cache_implementation = "static"
        model.forward = torch.compile(model.forward, mode="reduce-overhead", fullgraph=True)
    load_seconds = time.perf_counter() - started
    report = {"framework": f"transformers {transformers.__version__}, torch {torch.__version__}", "mode": args.mode,
              "gpu": torch.cuda.get_device_name(0), "load_seconds": load_seconds,
              "weight_bytes": sum(p.numel() * p.element_size() for p in model.parameters())}
    with torch.inference_mode():
        for new in (1, 129):  # warm-up: compiles and captures each shape timed below
            generate_seconds(model, 1, 128, new)
        prefill = statistics.median(generate_seconds(model, 1, 128, 1) for _ in range(3))
        full = statistics.median(generate_seconds(model, 1, 128, 129) for _ in range(2))
        report["decode_b1_tpot_seconds"] = (full - prefill) / 128
        for batch in (int(b) for b in args.batches.split(",")):
            generate_seconds(model, batch, 128, 128)  # warm-up of this batch's shapes
            seconds = generate_seconds(model, batch, 128, 128)
            report[f"batch{batch}_128x128_output_tokens_per_second"] = batch * 128 / seconds
            print(json.dumps(report), flush=True)
    with open(args.json, "w") as f:
        json.dump(report, f, indent=2)
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
