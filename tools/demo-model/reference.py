"""Greedy reference continuations and sample generations of a saved demo model directory.

Reloads the directory with transformers on the CPU in float32 (the bf16 weights upcast), which is what
the engine's CPU backend computes, and writes reference.json beside the model:

    python3 reference.py models/demo            # rewrites models/demo/reference.json, prints samples
"""

import argparse
import json
import os
import sys

import tokenizers
import torch
import transformers
from transformers import AutoModelForCausalLM, AutoTokenizer

import chat

NEW_TOKENS = 32
TOP_LOGITS = 10

PLAIN_PROMPTS = [
    ("plain-genesis", "In the beginning God created"),
    ("plain-moses", "And the LORD spake unto Moses, saying,"),
    ("plain-blessed", "Blessed are the"),
]
CHAT_CASE = (
    "chat-shepherd",
    [
        {"role": "system", "content": "You are a helpful assistant."},
        {"role": "user", "content": "The LORD is my shepherd;"},
    ],
)
TOKENIZER_TEXTS = [
    "In the beginning God created the heaven and the earth.",
    "  two leading spaces, a tab\tand\nnew lines\n\n",
    "Unicode: naïve café, ünïcödé, 日本語, emoji 😀!",
    "<|user|>\nspecial tokens inside text<|eos|>",
    "",
]

SAMPLE_PLAIN = ["In the beginning God created", "And Jesus said unto them,", "The LORD is my"]
SAMPLE_CHAT = [
    [{"role": "user", "content": "Tell me about love."}],
    [{"role": "user", "content": "In the beginning God"}],
    [
        {"role": "system", "content": "You are a helpful assistant."},
        {"role": "user", "content": "What does the Bible say about wisdom?"},
    ],
    [{"role": "user", "content": "Hello! Who are you?"}],
]


def load(model_dir: str):
    """Tokenizer (transformers), raw tokenizer (tokenizers) and the float32 CPU model of model_dir."""
    tokenizer = AutoTokenizer.from_pretrained(model_dir)
    raw = tokenizers.Tokenizer.from_file(os.path.join(model_dir, "tokenizer.json"))
    model = AutoModelForCausalLM.from_pretrained(model_dir, dtype=torch.float32).to("cpu").eval()
    dtypes = {p.dtype for p in model.parameters()}
    if dtypes != {torch.float32}:
        raise RuntimeError(f"expected float32 parameters after reload, got {dtypes}")
    if tokenizer.chat_template != chat.CHAT_TEMPLATE:
        raise RuntimeError("chat template read back from tokenizer_config.json differs from chat.CHAT_TEMPLATE")
    return tokenizer, raw, model


@torch.no_grad()
def greedy(model, prompt_ids: list[int], new_tokens: int) -> tuple[list[int], list[float], torch.Tensor]:
    """Argmax continuation without a KV cache and without stopping at eos.

    Returns the new ids, the top-1 minus top-2 logit margin at each step, and the first step's logits.
    """
    ids = list(prompt_ids)
    out, margins, first = [], [], None
    for _ in range(new_tokens):
        logits = model(input_ids=torch.tensor([ids]), use_cache=False).logits[0, -1].float()
        if first is None:
            first = logits.clone()
        top = torch.topk(logits, 2)
        out.append(int(top.indices[0]))
        margins.append(float(top.values[0] - top.values[1]))
        ids.append(out[-1])
    return out, margins, first


def _encoding(raw, text: str, add_special_tokens: bool) -> dict:
    enc = raw.encode(text, add_special_tokens=add_special_tokens)
    return {"ids": enc.ids, "tokens": enc.tokens, "offsets": [list(o) for o in enc.offsets]}


def _case(tokenizer, raw, model, name: str, prompt: str, add_special_tokens: bool, extra: dict) -> dict:
    hf_ids = tokenizer(prompt, add_special_tokens=add_special_tokens)["input_ids"]
    encoding = _encoding(raw, prompt, add_special_tokens)
    if hf_ids != encoding["ids"]:
        raise RuntimeError(f"{name}: transformers ids {hf_ids} != tokenizers ids {encoding['ids']}")
    ids, margins, first = greedy(model, hf_ids, NEW_TOKENS)
    with torch.no_grad():
        generated = model.generate(
            torch.tensor([hf_ids]), do_sample=False, max_new_tokens=NEW_TOKENS, pad_token_id=tokenizer.eos_token_id
        )[0, len(hf_ids) :].tolist()
    eos = tokenizer.eos_token_id
    first_eos = ids.index(eos) if eos in ids else None
    stop = len(ids) if first_eos is None else first_eos + 1
    if generated[:stop] != ids[:stop]:
        raise RuntimeError(f"{name}: generate() {generated} disagrees with the argmax loop {ids}")
    top = torch.topk(first, TOP_LOGITS)
    return {
        "name": name,
        **extra,
        "prompt": prompt,
        "addSpecialTokens": add_special_tokens,
        "promptIds": encoding["ids"],
        "promptTokens": encoding["tokens"],
        "promptOffsets": encoding["offsets"],
        "greedy": {
            "ids": ids,
            "text": tokenizer.decode(ids, skip_special_tokens=False),
            "textSkipSpecial": tokenizer.decode(ids, skip_special_tokens=True),
            "firstEosIndex": first_eos,
            "top2MarginsLogits": [round(m, 5) for m in margins],
            "minTop2MarginLogits": round(min(margins), 5),
        },
        "firstStepTopLogits": [
            {"id": int(i), "token": raw.id_to_token(int(i)), "logit": round(float(v), 5)}
            for v, i in zip(top.values, top.indices)
        ],
    }


def build_reference(model_dir: str) -> dict:
    """The reference document: prompts, their encodings and their 32-token greedy continuations."""
    tokenizer, raw, model = load(model_dir)
    cases = [_case(tokenizer, raw, model, n, p, True, {"kind": "completion"}) for n, p in PLAIN_PROMPTS]
    name, messages = CHAT_CASE
    rendered = tokenizer.apply_chat_template(messages, tokenize=False, add_generation_prompt=True)
    if rendered != chat.render(messages, add_generation_prompt=True):
        raise RuntimeError(f"apply_chat_template rendered {rendered!r}, training used another format")
    extra = {"kind": "chat", "messages": messages, "addGenerationPrompt": True}
    cases.append(_case(tokenizer, raw, model, name, rendered, False, extra))
    return {
        "description": "Greedy continuations of models/demo computed by transformers on the CPU in float32 "
        "from the bf16 weights of model.safetensors; no KV cache, eos does not stop the 32 steps. Chat "
        "prompts are rendered by apply_chat_template and encoded without adding special tokens (the "
        "template writes <|bos|>); plain prompts are encoded with special tokens (the tokenizer adds <|bos|>).",
        "generatedBy": "tools/demo-model/reference.py",
        "versions": {
            "torch": torch.__version__,
            "transformers": transformers.__version__,
            "tokenizers": tokenizers.__version__,
        },
        "newTokens": NEW_TOKENS,
        "bosTokenId": tokenizer.bos_token_id,
        "eosTokenId": tokenizer.eos_token_id,
        "cases": cases,
        "tokenizerCases": [
            {"text": t, "addSpecialTokens": s, **_encoding(raw, t, s)} for t in TOKENIZER_TEXTS for s in (True, False)
        ],
    }


def build_samples(model_dir: str, new_tokens: int = 64) -> dict:
    """Greedy sample generations (stopping at eos) for the README."""
    tokenizer, _, model = load(model_dir)
    samples = {"plain": [], "chat": []}
    with torch.no_grad():
        for prompt in SAMPLE_PLAIN:
            ids = tokenizer(prompt)["input_ids"]
            out = model.generate(torch.tensor([ids]), do_sample=False, max_new_tokens=new_tokens,
                                 pad_token_id=tokenizer.eos_token_id)[0, len(ids) :].tolist()
            samples["plain"].append({"prompt": prompt, "completion": tokenizer.decode(out, skip_special_tokens=True)})
        for messages in SAMPLE_CHAT:
            rendered = tokenizer.apply_chat_template(messages, tokenize=False, add_generation_prompt=True)
            ids = tokenizer(rendered, add_special_tokens=False)["input_ids"]
            out = model.generate(torch.tensor([ids]), do_sample=False, max_new_tokens=new_tokens,
                                 pad_token_id=tokenizer.eos_token_id)[0, len(ids) :].tolist()
            samples["chat"].append({"messages": messages, "reply": tokenizer.decode(out, skip_special_tokens=True)})
    return samples


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("model_dir")
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    reference = build_reference(args.model_dir)
    with open(os.path.join(args.model_dir, "reference.json"), "w", encoding="utf-8") as f:
        json.dump(reference, f, indent=1, ensure_ascii=False)
        f.write("\n")
    for case in reference["cases"]:
        print(f"{case['name']}: {case['prompt']!r} -> {case['greedy']['text']!r}")
    print(json.dumps(build_samples(args.model_dir), indent=1, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
