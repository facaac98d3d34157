"""Writes the trained model and tokenizer as a Hugging Face model directory and checks what it wrote."""

import json
import os
import struct

import torch
from tokenizers import Tokenizer
from transformers import GenerationConfig, LlamaForCausalLM

import chat

EXPECTED_FILES = [
    "config.json",
    "generation_config.json",
    "model.safetensors",
    "tokenizer.json",
    "tokenizer_config.json",
]
MAX_TOTAL_BYTES = 30 * 1000 * 1000


def safetensors_header(path: str) -> dict:
    """The JSON header of a .safetensors file: tensor name -> {dtype, shape, data_offsets}."""
    with open(path, "rb") as f:
        (header_bytes,) = struct.unpack("<Q", f.read(8))
        return json.loads(f.read(header_bytes))


def save_model_dir(model: LlamaForCausalLM, tokenizer: Tokenizer, out_dir: str, max_length: int) -> dict:
    """Saves config.json, model.safetensors (bf16), generation_config.json, tokenizer.json and
    tokenizer_config.json (with the chat template inline) into out_dir; returns {file: bytes}."""
    os.makedirs(out_dir, exist_ok=True)
    bos_id, eos_id = tokenizer.token_to_id(chat.BOS), tokenizer.token_to_id(chat.EOS)

    model = model.to(torch.bfloat16)
    model.config.use_cache = True
    model.save_pretrained(out_dir)
    GenerationConfig(bos_token_id=bos_id, eos_token_id=eos_id).save_pretrained(out_dir)

    # Readers that predate rope_parameters look for the top-level keys; write both spellings.
    config_path = os.path.join(out_dir, "config.json")
    with open(config_path, encoding="utf-8") as f:
        config = json.load(f)
    rope = config.get("rope_parameters") or {}
    config.setdefault("rope_theta", rope.get("rope_theta", 10000.0))
    config.setdefault("torch_dtype", "bfloat16")
    config["bos_token_id"], config["eos_token_id"] = bos_id, eos_id
    with open(config_path, "w", encoding="utf-8") as f:
        json.dump(config, f, indent=2, sort_keys=True)
        f.write("\n")

    tokenizer.save(os.path.join(out_dir, "tokenizer.json"))
    tokenizer_config = {
        "tokenizer_class": "PreTrainedTokenizerFast",
        "bos_token": chat.BOS,
        "eos_token": chat.EOS,
        "pad_token": chat.EOS,
        "clean_up_tokenization_spaces": False,
        "model_max_length": max_length,
        "chat_template": chat.CHAT_TEMPLATE,
    }
    with open(os.path.join(out_dir, "tokenizer_config.json"), "w", encoding="utf-8") as f:
        json.dump(tokenizer_config, f, indent=2)
        f.write("\n")

    # transformers may add files of its own (chat_template.jinja, special_tokens_map.json, ...).
    for name in os.listdir(out_dir):
        if name not in EXPECTED_FILES:
            os.remove(os.path.join(out_dir, name))
    return check_model_dir(out_dir)


def check_model_dir(out_dir: str) -> dict:
    """Asserts the directory holds exactly the expected files, bf16 tensors with an untied lm_head,
    and stays under the size limit; returns {file: bytes}."""
    names = sorted(n for n in os.listdir(out_dir) if n in EXPECTED_FILES)
    if names != sorted(EXPECTED_FILES):
        raise RuntimeError(f"{out_dir}: expected {EXPECTED_FILES}, found {sorted(os.listdir(out_dir))}")
    header = safetensors_header(os.path.join(out_dir, "model.safetensors"))
    tensors = {k: v for k, v in header.items() if k != "__metadata__"}
    dtypes = {v["dtype"] for v in tensors.values()}
    if dtypes != {"BF16"}:
        raise RuntimeError(f"model.safetensors: expected only BF16 tensors, found {dtypes}")
    for required in ("model.embed_tokens.weight", "lm_head.weight", "model.norm.weight"):
        if required not in tensors:
            raise RuntimeError(f"model.safetensors: missing {required}")
    sizes = {n: os.path.getsize(os.path.join(out_dir, n)) for n in names}
    if sum(sizes.values()) > MAX_TOTAL_BYTES:
        raise RuntimeError(f"{out_dir}: {sum(sizes.values())} bytes exceeds {MAX_TOTAL_BYTES}")
    return sizes
