"""Trains the Sluice demo model: a byte-level BPE tokenizer and a small Llama on the King James Bible.

Corpus (public domain): Debian packages bible-kjv-text (the compressed text) and bible-kjv (the reader):

    apt-get install -y bible-kjv-text && bible -f Gen1:1-Rev22:21 > kjv.txt

Training (one GPU, a few minutes), then the reference continuations on the CPU:

    PYTHONUNBUFFERED=1 python3 tools/demo-model/train.py --corpus kjv.txt --out models/demo \
        --log-dir tools/demo-model/results

Writes the HF model directory (config.json, model.safetensors in bf16, generation_config.json,
tokenizer.json, tokenizer_config.json, reference.json) and, under --log-dir, train-summary.json and
samples.json. Seeded; CUDA determinism is requested as far as torch allows.
"""

import os

os.environ.setdefault("CUBLAS_WORKSPACE_CONFIG", ":4096:8")

import argparse  # noqa: E402
import json  # noqa: E402
import math  # noqa: E402
import random  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import traceback  # noqa: E402

import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402
import transformers  # noqa: E402
from tokenizers import Tokenizer, decoders, models, pre_tokenizers, processors, trainers  # noqa: E402
from transformers import LlamaConfig, LlamaForCausalLM  # noqa: E402

import chat  # noqa: E402
import corpus  # noqa: E402
import export  # noqa: E402
import reference  # noqa: E402


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--corpus", required=True, help="kjv.txt from `bible -f Gen1:1-Rev22:21`")
    p.add_argument("--out", required=True, help="model directory to write (e.g. models/demo)")
    p.add_argument("--log-dir", required=True, help="where train-summary.json and samples.json go")
    p.add_argument("--seed", type=int, default=1611)
    p.add_argument("--steps", type=int, default=6000)
    p.add_argument("--batch-size", type=int, default=64)
    p.add_argument("--seq-len", type=int, default=512)
    p.add_argument("--lr", type=float, default=2e-3)
    p.add_argument("--min-lr-ratio", type=float, default=0.1)
    p.add_argument("--warmup-steps", type=int, default=200)
    p.add_argument("--weight-decay", type=float, default=0.1)
    p.add_argument("--vocab-size", type=int, default=4096)
    p.add_argument("--hidden-size", type=int, default=384)
    p.add_argument("--intermediate-size", type=int, default=1024)
    p.add_argument("--layers", type=int, default=6)
    p.add_argument("--heads", type=int, default=6)
    p.add_argument("--kv-heads", type=int, default=2)
    p.add_argument("--max-positions", type=int, default=512)
    p.add_argument("--rope-theta", type=float, default=10000.0)
    p.add_argument("--holdout-every", type=int, default=40, help="every N-th chapter is validation only")
    p.add_argument("--chat-fraction", type=float, default=0.6, help="share of verses turned into chats")
    p.add_argument("--log-every", type=int, default=250)
    return p.parse_args()


def seed_everything(seed: int) -> None:
    random.seed(seed)
    torch.manual_seed(seed)
    torch.use_deterministic_algorithms(True, warn_only=True)
    torch.backends.cudnn.benchmark = False
    torch.backends.cuda.matmul.allow_tf32 = False


def train_tokenizer(texts: list[str], vocab_size: int) -> Tokenizer:
    """Byte-level BPE (GPT-2 style pre-tokenizer and decoder); the post-processor prepends <|bos|>."""
    tokenizer = Tokenizer(models.BPE())
    tokenizer.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=True)
    tokenizer.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=vocab_size,
        min_frequency=2,
        special_tokens=chat.SPECIAL_TOKENS,
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    tokenizer.train_from_iterator(texts, trainer=trainer)
    bos_id = tokenizer.token_to_id(chat.BOS)
    tokenizer.post_processor = processors.TemplateProcessing(
        single=f"{chat.BOS} $A", pair=f"{chat.BOS} $A {chat.BOS} $B", special_tokens=[(chat.BOS, bos_id)]
    )
    return tokenizer


def encode_stream(tokenizer: Tokenizer, documents: list[str], rng: random.Random) -> torch.Tensor:
    """Shuffles the documents and concatenates their ids (each already starts with <|bos|>)."""
    documents = list(documents)
    rng.shuffle(documents)
    encodings = tokenizer.encode_batch(documents, add_special_tokens=False)
    return torch.tensor([i for e in encodings for i in e.ids], dtype=torch.long)


def build_model(args: argparse.Namespace, vocab_size: int, bos_id: int, eos_id: int) -> LlamaForCausalLM:
    config = LlamaConfig(
        vocab_size=vocab_size,
        hidden_size=args.hidden_size,
        intermediate_size=args.intermediate_size,
        num_hidden_layers=args.layers,
        num_attention_heads=args.heads,
        num_key_value_heads=args.kv_heads,
        head_dim=args.hidden_size // args.heads,
        max_position_embeddings=args.max_positions,
        rms_norm_eps=1e-5,
        rope_parameters={"rope_type": "default", "rope_theta": args.rope_theta},
        tie_word_embeddings=False,
        bos_token_id=bos_id,
        eos_token_id=eos_id,
        use_cache=False,
    )
    return LlamaForCausalLM(config)


def lr_at(step: int, args: argparse.Namespace) -> float:
    """Linear warmup, then cosine decay from lr to lr * min_lr_ratio at the last step."""
    if step < args.warmup_steps:
        return args.lr * (step + 1) / args.warmup_steps
    progress = (step - args.warmup_steps) / max(1, args.steps - args.warmup_steps)
    return args.lr * (args.min_lr_ratio + (1 - args.min_lr_ratio) * 0.5 * (1 + math.cos(math.pi * progress)))


@torch.no_grad()
def evaluate(model: LlamaForCausalLM, stream: torch.Tensor, seq_len: int, batch_size: int) -> float:
    """Mean next-token loss over consecutive non-overlapping windows of the stream."""
    model.eval()
    windows = (len(stream) - 1) // seq_len
    starts = torch.arange(windows, device=stream.device) * seq_len
    offsets = torch.arange(seq_len + 1, device=stream.device)
    total, count = 0.0, 0
    for i in range(0, windows, batch_size):
        batch = stream[starts[i : i + batch_size, None] + offsets]
        with torch.autocast("cuda", dtype=torch.bfloat16):
            logits = model(input_ids=batch[:, :-1]).logits
        loss = F.cross_entropy(logits.float().flatten(0, 1), batch[:, 1:].flatten(), reduction="sum")
        total, count = total + float(loss), count + batch[:, 1:].numel()
    model.train()
    return total / count


def train(model: LlamaForCausalLM, train_stream: torch.Tensor, val_stream: torch.Tensor, args) -> dict:
    decay = [p for p in model.parameters() if p.dim() >= 2]
    no_decay = [p for p in model.parameters() if p.dim() < 2]
    optimizer = torch.optim.AdamW(
        [{"params": decay, "weight_decay": args.weight_decay}, {"params": no_decay, "weight_decay": 0.0}],
        lr=args.lr, betas=(0.9, 0.95), eps=1e-8, fused=True,
    )
    generator = torch.Generator(device="cuda").manual_seed(args.seed)
    offsets = torch.arange(args.seq_len + 1, device="cuda")
    history, recent = [], []
    model.train()
    torch.cuda.synchronize()
    start = time.time()
    for step in range(args.steps):
        for group in optimizer.param_groups:
            group["lr"] = lr_at(step, args)
        starts = torch.randint(0, len(train_stream) - args.seq_len - 1, (args.batch_size,), device="cuda",
                               generator=generator)
        batch = train_stream[starts[:, None] + offsets]  # batch: [batch, seq + 1]
        with torch.autocast("cuda", dtype=torch.bfloat16):
            logits = model(input_ids=batch[:, :-1]).logits  # logits: [batch, seq, vocab]
        loss = F.cross_entropy(logits.float().flatten(0, 1), batch[:, 1:].flatten())
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        recent.append(loss.detach())
        if (step + 1) % args.log_every == 0 or step + 1 == args.steps:
            mean = float(torch.stack(recent).mean())
            recent = []
            elapsed = time.time() - start
            history.append({"step": step + 1, "trainLoss": round(mean, 4), "lr": lr_at(step, args),
                            "elapsedSeconds": round(elapsed, 1)})
            print(f"step {step + 1}/{args.steps} loss {mean:.4f} lr {lr_at(step, args):.2e} "
                  f"{(step + 1) * args.batch_size * args.seq_len / elapsed:,.0f} tok/s {elapsed:.0f}s")
    torch.cuda.synchronize()
    seconds = time.time() - start
    val_loss = evaluate(model, val_stream, args.seq_len, args.batch_size)
    print(f"final train loss {history[-1]['trainLoss']:.4f}, validation loss {val_loss:.4f}, {seconds:.0f}s")
    return {"history": history, "finalTrainLoss": history[-1]["trainLoss"], "validationLoss": round(val_loss, 4),
            "trainSeconds": round(seconds, 1)}


def main() -> int:
    args = parse_args()
    if not torch.cuda.is_available():
        print("error: training needs a CUDA GPU", file=sys.stderr)
        return 2
    wall_start = time.time()
    seed_everything(args.seed)
    rng = random.Random(args.seed)

    chapters = corpus.read_chapters(args.corpus)
    train_chapters, val_chapters = corpus.split_holdout(chapters, args.holdout_every)
    plain = corpus.plain_documents(train_chapters, rng, max_verses=8)
    conversations = corpus.chat_conversations(train_chapters, rng, args.chat_fraction)
    documents = corpus.render_documents(plain, conversations)
    val_documents = corpus.render_documents(corpus.plain_documents(val_chapters, rng, max_verses=8), [])

    t0 = time.time()
    tokenizer = train_tokenizer(plain, args.vocab_size)
    tokenizer_seconds = time.time() - t0
    bos_id, eos_id = tokenizer.token_to_id(chat.BOS), tokenizer.token_to_id(chat.EOS)
    train_stream = encode_stream(tokenizer, documents, rng).cuda()
    val_stream = encode_stream(tokenizer, val_documents, rng).cuda()
    print(f"{len(chapters)} chapters ({len(val_chapters)} held out), {len(plain)} plain runs, "
          f"{len(conversations)} chats, vocab {tokenizer.get_vocab_size()}, tokenizer {tokenizer_seconds:.1f}s, "
          f"train tokens {len(train_stream):,}, validation tokens {len(val_stream):,}")

    model = build_model(args, tokenizer.get_vocab_size(), bos_id, eos_id).cuda()
    parameters = sum(p.numel() for p in model.parameters())
    print(f"parameters {parameters:,}; attention {model.config._attn_implementation}")
    result = train(model, train_stream, val_stream, args)
    sizes = export.save_model_dir(model.cpu(), tokenizer, args.out, args.max_positions)
    print(f"saved {args.out}: {sizes} = {sum(sizes.values()):,} bytes")

    os.makedirs(args.log_dir, exist_ok=True)
    summary = {
        "device": torch.cuda.get_device_name(0),
        "versions": {"torch": torch.__version__, "transformers": transformers.__version__},
        "arguments": vars(args),
        "parameters": parameters,
        "config": {k: getattr(model.config, k) for k in (
            "vocab_size", "hidden_size", "intermediate_size", "num_hidden_layers", "num_attention_heads",
            "num_key_value_heads", "head_dim", "max_position_embeddings", "tie_word_embeddings")},
        "corpus": {"chapters": len(chapters), "heldOutChapters": len(val_chapters), "plainRuns": len(plain),
                   "chats": len(conversations), "trainTokens": len(train_stream), "validationTokens": len(val_stream)},
        "tokenizerSeconds": round(tokenizer_seconds, 1),
        "tokensSeen": args.steps * args.batch_size * args.seq_len,
        "fileBytes": sizes,
        **result,
    }
    failed = False
    torch.set_num_threads(8)
    for phase in ("reference", "samples"):
        try:
            if phase == "reference":
                ref = reference.build_reference(args.out)
                with open(os.path.join(args.out, "reference.json"), "w", encoding="utf-8") as f:
                    json.dump(ref, f, indent=1, ensure_ascii=False)
                    f.write("\n")
                for case in ref["cases"]:
                    print(f"{case['name']}: {case['prompt']!r} -> {case['greedy']['text']!r} "
                          f"(min margin {case['greedy']['minTop2MarginLogits']})")
            else:
                samples = reference.build_samples(args.out)
                with open(os.path.join(args.log_dir, "samples.json"), "w", encoding="utf-8") as f:
                    json.dump(samples, f, indent=1, ensure_ascii=False)
                    f.write("\n")
                print(json.dumps(samples, indent=1, ensure_ascii=False))
        except Exception:  # noqa: BLE001 - report every failing phase, exit non-zero at the end
            traceback.print_exc()
            failed = True
    summary["wallSeconds"] = round(time.time() - wall_start, 1)
    with open(os.path.join(args.log_dir, "train-summary.json"), "w", encoding="utf-8") as f:
        json.dump(summary, f, indent=1)
        f.write("\n")
    print(f"wall {summary['wallSeconds']}s")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
