#!/usr/bin/env python3
"""Writes tiny random Hugging Face models and their reference outputs under tests/fixtures/models/.

For each architecture (llama, qwen2, mistral, phi3) it trains a small byte-level BPE tokenizer on an
inline text, builds a seeded random model (hidden 64, 2 layers), saves it as a real HF directory
(config.json, safetensors weights, tokenizer.json, tokenizer_config.json), reloads it with
transformers in fp32 (eager attention, on the CPU) and records in golden.json: the prompt token ids,
the fp32 logits of the last prompt position and the greedy continuation of 16 tokens.

Storage: llama fp32 single file; qwen2 bf16 single file with tied embeddings (the reference runs in
fp32 on the bf16-rounded weights, because it is computed from the reloaded files); mistral fp32
sharded through model.safetensors.index.json; phi3 fp32 with fused qkv_proj / gate_up_proj.

Usage: python3 tools/golden/make_model_fixtures.py [output_dir]   (default tests/fixtures/models)
"""
import inspect
import json
import math
import os
import shutil
import sys

import torch
import transformers
from safetensors.torch import save_file
from tokenizers import Tokenizer, decoders, models, pre_tokenizers, processors, trainers
from transformers import AutoModelForCausalLM, LlamaConfig, MistralConfig, Phi3Config, Qwen2Config

BASE_SEED = 20261122
VOCAB = 1024
NEW_TOKENS = 16
MIN_GREEDY_MARGIN = 2e-3  # reseed until every greedy step's top-1/top-2 logit gap is at least this

TEXT = """
The river runs past the old mill, and the miller counts the sacks of grain every morning.
Servers answer requests; a scheduler batches them, and each batch runs one forward pass.
Paged attention keeps keys and values in fixed-size blocks, so memory is never fragmented.
In 2024 the team measured 1234 tokens per second on 8 cores; in 2025 it was 5678 on 16.
She said: "Don't stop, we're almost there!" He replied, 'It's fine, I'll wait.'
Kubernetes schedules pods onto nodes; an operator reconciles the desired state with reality.
The quick brown fox jumps over the lazy dog. Pack my box with five dozen liquor jugs.
Latency objectives: time to first token below 500 ms, time per output token below 20 ms.
Rotary position embeddings rotate pairs of dimensions by an angle that grows with position.
def forward(x): return norm(x + attention(x)) # a comment with symbols {}[]()<>=+-*/%
Weights are stored as bfloat16, float16 or float32 tensors inside safetensors files.
A sliding window limits how far back each token may look, which bounds the cache size.
Once upon a time there was a small model that wanted to predict the next word correctly.
""".strip().split("\n")

PROMPTS = [
    "The river runs",
    "Paged attention keeps keys and values in blocks.",
    "Servers answer requests; a scheduler batches them, and each batch runs one forward pass "
    "over paged attention with a sliding window that limits how far back each token may look.",
]

COMMON = dict(hidden_size=64, intermediate_size=128, num_hidden_layers=2, num_attention_heads=4,
              vocab_size=VOCAB, max_position_embeddings=256, rms_norm_eps=1e-5,
              initializer_range=0.12, hidden_act="silu")


def rope_kwargs(cls, theta, scaling=None, partial=None):
    """Passes RoPE settings the way this transformers version's config class accepts them."""
    params = inspect.signature(cls.__init__).parameters
    if "rope_parameters" in params:
        rp = {"rope_type": "default", "rope_theta": theta}
        if scaling:
            rp.update(scaling)
        if partial is not None:
            rp["partial_rotary_factor"] = partial
        kw = {"rope_parameters": rp}
        if partial is not None and "partial_rotary_factor" in params:
            kw["partial_rotary_factor"] = partial
        return kw
    kw = {"rope_theta": theta}
    if scaling:
        kw["rope_scaling"] = scaling
    if partial is not None:
        kw["partial_rotary_factor"] = partial
    return kw


LLAMA3_SCALING = {"rope_type": "llama3", "factor": 8.0, "low_freq_factor": 1.0,
                  "high_freq_factor": 4.0, "original_max_position_embeddings": 32}

# name, config class, kwargs(partial rotary factor), stored dtype, shards, (bos, eos), add_bos, partial rotary
ARCHS = [
    ("llama", LlamaConfig,
     lambda p: dict(num_key_value_heads=2, tie_word_embeddings=False,
                    **rope_kwargs(LlamaConfig, 500000.0, LLAMA3_SCALING)),
     torch.float32, 1, ("<|begin_of_text|>", "<|end_of_text|>"), True, None),
    ("qwen2", Qwen2Config,
     lambda p: dict(num_key_value_heads=2, tie_word_embeddings=True, use_sliding_window=False,
                    **rope_kwargs(Qwen2Config, 1000000.0)),
     torch.bfloat16, 1, ("<|endoftext|>", "<|im_end|>"), False, None),
    ("mistral", MistralConfig,
     lambda p: dict(num_key_value_heads=1, tie_word_embeddings=False, sliding_window=8, head_dim=16,
                    **rope_kwargs(MistralConfig, 10000.0)),
     torch.float32, 3, ("<s>", "</s>"), True, None),
    ("phi3", Phi3Config,
     lambda p: dict(num_key_value_heads=2, tie_word_embeddings=False, sliding_window=None, pad_token_id=None,
                    original_max_position_embeddings=256, **rope_kwargs(Phi3Config, 10000.0, partial=p)),
     torch.float32, 1, ("<s>", "<|endoftext|>"), False, 0.5),
]


def train_tokenizer(bos, eos, add_bos):
    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(vocab_size=900, special_tokens=[bos, eos], show_progress=False,
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet())
    tok.train_from_iterator(TEXT, trainer)
    if add_bos:
        tok.post_processor = processors.TemplateProcessing(
            single=f"{bos} $A", pair=f"{bos} $A {bos} $B", special_tokens=[(bos, tok.token_to_id(bos))])
    else:
        tok.post_processor = processors.ByteLevel(trim_offsets=False)
    return tok


def save_tokenizer(tok, out_dir, bos, eos, add_bos):
    tok.save(os.path.join(out_dir, "tokenizer.json"))
    cfg = {"tokenizer_class": "PreTrainedTokenizerFast", "bos_token": bos, "eos_token": eos,
           "add_bos_token": add_bos, "add_eos_token": False, "model_max_length": 256,
           "clean_up_tokenization_spaces": False}
    with open(os.path.join(out_dir, "tokenizer_config.json"), "w") as f:
        json.dump(cfg, f, indent=2)


def randomize_biases_and_norms(model, scale=0.1):
    """HF initialises biases to 0 and norm weights to 1; random values make the tests check them."""
    with torch.no_grad():
        for name, p in model.named_parameters():
            if name.endswith(".bias"):
                p.normal_(0.0, scale)
            elif "norm" in name and p.dim() == 1:
                p.copy_(1.0 + scale * torch.randn_like(p))


def save_weights(model, out_dir, dtype, shards, tied):
    state = {k: v.detach().to(dtype).contiguous() for k, v in model.state_dict().items()
             if not (tied and k == "lm_head.weight") and "rotary_emb" not in k}
    names = sorted(state)
    if shards == 1:
        save_file(state, os.path.join(out_dir, "model.safetensors"), metadata={"format": "pt"})
        return state
    per = math.ceil(len(names) / shards)
    weight_map, total = {}, 0
    for i in range(shards):
        part = names[i * per:(i + 1) * per]
        fname = f"model-{i + 1:05d}-of-{shards:05d}.safetensors"
        save_file({k: state[k] for k in part}, os.path.join(out_dir, fname), metadata={"format": "pt"})
        for k in part:
            weight_map[k] = fname
            total += state[k].numel() * state[k].element_size()
    with open(os.path.join(out_dir, "model.safetensors.index.json"), "w") as f:
        json.dump({"metadata": {"total_size": total}, "weight_map": weight_map}, f, indent=2)
    return state


def load_fp32(out_dir):
    try:
        model, info = AutoModelForCausalLM.from_pretrained(out_dir, dtype=torch.float32, attn_implementation="eager",
                                                           output_loading_info=True)
    except TypeError:
        model, info = AutoModelForCausalLM.from_pretrained(out_dir, torch_dtype=torch.float32,
                                                           attn_implementation="eager", output_loading_info=True)
    missing = [k for k in info.get("missing_keys", []) if "rotary" not in k]
    if missing or info.get("unexpected_keys"):
        raise RuntimeError(f"{out_dir}: reload missing={missing} unexpected={info.get('unexpected_keys')}")
    return model.eval()


@torch.no_grad()
def reference(model, ids):
    logits = model(torch.tensor([ids])).logits[0, -1].float()
    seq, greedy, margin = list(ids), [], float("inf")
    for _ in range(NEW_TOKENS):
        step = model(torch.tensor([seq])).logits[0, -1].float()
        top = torch.topk(step, 2).values
        margin = min(margin, float(top[0] - top[1]))
        nxt = int(torch.argmax(step))
        greedy.append(nxt)
        seq.append(nxt)
    return logits, greedy, margin


def build(name, cls, make_kw, dtype, shards, specials, add_bos, partial, out_root):
    out_dir = os.path.join(out_root, name)
    tok = train_tokenizer(specials[0], specials[1], add_bos)
    assert tok.get_vocab_size() <= VOCAB, tok.get_vocab_size()
    bos, eos = tok.token_to_id(specials[0]), tok.token_to_id(specials[1])
    prompts = [tok.encode(p).ids for p in PROMPTS]
    for attempt in range(40):
        seed = BASE_SEED + 101 * attempt
        torch.manual_seed(seed)
        config = cls(bos_token_id=bos, eos_token_id=eos, **COMMON, **make_kw(partial))
        config.architectures = [cls.__name__.replace("Config", "ForCausalLM")]
        model = AutoModelForCausalLM.from_config(config, attn_implementation="eager").float().eval()
        randomize_biases_and_norms(model)
        shutil.rmtree(out_dir, ignore_errors=True)
        os.makedirs(out_dir)
        config.save_pretrained(out_dir)
        model.generation_config.save_pretrained(out_dir)
        save_tokenizer(tok, out_dir, specials[0], specials[1], add_bos)
        saved = save_weights(model, out_dir, dtype, shards, config.tie_word_embeddings)
        ref = load_fp32(out_dir)
        ref_state = ref.state_dict()
        for k, v in saved.items():
            if not torch.equal(ref_state[k], v.float()):
                raise RuntimeError(f"{name}: reloaded {k} differs from the saved tensor")
        rotary = ref.model.rotary_emb
        inv_freq = [float(x) for x in rotary.inv_freq]
        head_dim = getattr(config, "head_dim", None) or config.hidden_size // config.num_attention_heads
        expected_rot = int(head_dim * (partial or 1.0))
        if 2 * len(inv_freq) != expected_rot:
            if partial is not None:
                print(f"{name}: partial rotary not applied by this transformers; building without it", flush=True)
                return build(name, cls, make_kw, dtype, shards, specials, add_bos, None, out_root)
            raise RuntimeError(f"{name}: rotary dim {2 * len(inv_freq)} != expected {expected_rot}")
        cases, worst = [], float("inf")
        for text, ids in zip(PROMPTS, prompts):
            logits, greedy, margin = reference(ref, ids)
            worst = min(worst, margin)
            cases.append({"prompt": text, "input_ids": ids, "last_logits": [float(x) for x in logits],
                          "greedy_ids": greedy, "min_greedy_margin": margin})
        print(f"{name}: seed={seed} tokens={[len(p) for p in prompts]} margin={worst:.4g} "
              f"rope={getattr(rotary, 'rope_type', '?')} rot_dim={2 * len(inv_freq)}", flush=True)
        if worst >= MIN_GREEDY_MARGIN:
            break
    else:
        raise RuntimeError(f"{name}: no seed gave greedy margins >= {MIN_GREEDY_MARGIN}")
    golden = {"architecture": config.architectures[0], "seed": seed, "stored_dtype": str(dtype).replace("torch.", ""),
              "shards": shards, "bos_token_id": bos, "eos_token_id": eos, "partial_rotary_factor": partial or 1.0,
              "rope_type": getattr(rotary, "rope_type", "default"),
              "attention_scaling": float(getattr(rotary, "attention_scaling", 1.0)),
              "inv_freq": inv_freq, "new_tokens": NEW_TOKENS,
              "versions": {"torch": torch.__version__, "transformers": transformers.__version__},
              "cases": cases}
    with open(os.path.join(out_dir, "golden.json"), "w") as f:
        json.dump(golden, f)


def main():
    out_root = sys.argv[1] if len(sys.argv) > 1 else os.path.join("tests", "fixtures", "models")
    torch.set_num_threads(4)
    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False
    os.makedirs(out_root, exist_ok=True)
    failures = []
    for arch in ARCHS:
        try:
            build(*arch, out_root)
        except Exception as e:  # keep going so one run reports every family
            import traceback
            traceback.print_exc()
            failures.append(f"{arch[0]}: {e!r}")
    if failures:
        print("FAILED:", failures, flush=True)
        sys.exit(1)


if __name__ == "__main__":
    main()
