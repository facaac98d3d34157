#!/usr/bin/env python3
"""Builds the tokenizer and chat-template golden fixtures under tests/fixtures/tokenizers/.

Needs `tokenizers`, `transformers` and `jinja2` (see README-tokenizers.md). Trains five small BPE
tokenizers with the `tokenizers` library on an inline text, saves each as a Hugging Face directory
(tokenizer.json, tokenizer_config.json, generation_config.json or config.json), and records:
  encodings.json  - ids of tricky strings with and without special tokens, their decodings with and
                    without skip_special_tokens, and decodings of random id sequences;
  chat.json       - (families with a chat template) renderings by transformers' apply_chat_template.
It also writes OUT_DIR/jinja_features.json: small templates of jinja_features.py rendered by jinja2.

Usage: python3 make_tokenizer_fixtures.py OUT_DIR [--jinja-only]
"""
import json
import os
import random
import sys
import traceback

try:
    from tokenizers import AddedToken, Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers, processors, trainers
except ImportError:  # --jinja-only needs jinja2 alone
    if "--jinja-only" not in sys.argv:
        raise

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import chat_templates  # noqa: E402
import jinja_features  # noqa: E402

LLAMA3_PATTERN = (
    r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"
)
QWEN2_PATTERN = (
    r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"
)

TEXT = """The quick brown fox jumps over the lazy dog. It's a sunny day, and we're going to the park.
They'll be there at 10:30, or maybe 11:45 if the traffic isn't bad. I'd say we've got time.
In 2024 the company reported revenue of $1,234,567.89, up 12.5% from 2023's figure of 1097342.
Python code looks like this:
def fibonacci(n):
    if n < 2:
        return n
    return fibonacci(n - 1) + fibonacci(n - 2)

for i in range(10):
    print(f"fib({i}) = {fibonacci(i)}")
Machine learning models learn patterns from data. Large language models predict the next token.
A tokenizer splits text into tokens; the model maps tokens to vectors, and attention mixes them.
Serving a model means batching requests, caching keys and values, and streaming tokens back.
Latency targets: time to first token under 500 ms, time per output token under 20 ms at p95.
Café au lait, crème brûlée, naïve façade, résumé, jalapeño, Ångström, Zürich, São Paulo.
Español: ¿Dónde está la biblioteca? Français: Où est la gare ? Deutsch: Größe und Übermaß.
Русский текст: привет, как дела? Ελληνικά: γειά σου κόσμε. 日本語の文章です。中文文本测试。
Emoji appear in chats 😀 🎉 👍 and sometimes ❤️ or 🚀. Numbers: 3.14159, 2.71828, 1e-9, 0xFF.
HTTP GET /v1/chat/completions?stream=true HTTP/1.1 Host: api.example.com Authorization: Bearer x
{"model": "llama", "messages": [{"role": "user", "content": "Hello!"}], "max_tokens": 128}
    Indented lines keep their spaces.		Tabs too.
Shouting IS DIFFERENT from whispering; DON'T YOU THINK SO? We'll see, won't we, she'd agree.
The scheduler admits new sequences while the key-value cache has free blocks, otherwise it waits.
When memory runs out, the engine preempts the newest sequence and recomputes it later.
Kubernetes operators reconcile desired state with observed state, again and again, forever.
"""


def corpus():
    lines = [line for line in TEXT.split("\n") if line]
    return lines * 4


TRICKY_STRINGS = [
    "",
    " ",
    "Hello world",
    "hello   world",
    "  leading spaces",
    "trailing spaces   ",
    "\t\ttabs\tand\nnewlines\n\n",
    "line one\r\nline two\r\n",
    "a" + " " * 40 + "b",
    "\n\n\n\n\n",
    " \n \n  \t ",
    "12345678901234567890",
    "3.14159 and 1,000,000 and 0.0001",
    "Call 555-0123 or +1 (800) 123-4567",
    "I'm you're they'll we've she'd it's",
    "DON'T SHOUT'S WE'LL",
    "café naïve résumé jalapeño",
    "e\u0301 combining vs \u00e9 precomposed",
    "A\u030angstro\u0308m",
    "日本語のテキストです",
    "中文测试，标点。",
    "한국어 문장",
    "Привет, мир!",
    "مرحبا بالعالم",
    "emoji 😀👍🏽🎉",
    "family 👨\u200d👩\u200d👧\u200d👦 zwj",
    "flags 🇯🇵🇫🇷",
    "math 𝐀𝐁𝐂 𝟘𝟙𝟚",
    "nbsp\u00a0here and\u3000ideographic and\u2003em",
    "zero\u200bwidth\u200djoiner",
    "ctrl \u0001\u0007\u007f end",
    "<|begin_of_text|>Hello<|eot_id|> world",
    "<|start_header_id|>user<|end_header_id|>\n\nHi<|eot_id|>",
    "<|im_start|>user\nhi<|im_end|>\n",
    "<s>[INST] hi [/INST] ok</s>",
    "<|user|>\nquestion<|end|>\n<|assistant|>",
    "text <|endoftext|> more",
    "a <mask> b  <mask>c",
    "<think>reasoning</think> answer",
    "say hello world now and hello world again",
    "foobar and xfoobarx and foobar.",
    "<0x41> and \u2581 literal metaspace",
    "def f(x):\n    return x ** 2  # square\n",
    "https://example.com/path?q=1&r=two#frag",
    "snake_case_name and camelCaseName and SCREAMING_CASE",
    "mixed123abc456def7890",
    "!!!???...---***",
    "The quick brown fox jumps over the lazy dog.",
]

# Conversations for the chat templates; roles the families reject are included on purpose.
CONVERSATIONS = [
    [{"role": "user", "content": "Hello!"}],
    [{"role": "system", "content": "You are terse."}, {"role": "user", "content": "What is 2+2?"}],
    [
        {"role": "system", "content": "You are a helpful assistant."},
        {"role": "user", "content": "Hi"},
        {"role": "assistant", "content": "Hello! How can I help?"},
        {"role": "user", "content": "Tell me a joke."},
    ],
    [{"role": "user", "content": "  padded content \n"}, {"role": "assistant", "content": "  answer with spaces  "}],
    [
        {"role": "user", "content": "日本語 and emoji 😀"},
        {"role": "assistant", "content": "ok"},
        {"role": "user", "content": "more\nlines\n"},
    ],
    [{"role": "user", "content": "a"}, {"role": "user", "content": "b"}],
    [{"role": "assistant", "content": "I start."}],
    [
        {"role": "system", "content": "sys"},
        {"role": "user", "content": "u1"},
        {"role": "assistant", "content": "a1"},
        {"role": "user", "content": "u2"},
        {"role": "assistant", "content": "a2"},
        {"role": "user", "content": "u3"},
    ],
    [{"role": "user", "content": "weather?"}, {"role": "tool", "content": "{\"temp\": 21}"}],
    [{"role": "system", "content": "only a system message"}],
]


FUZZ_PIECES = [
    "a", "e", "the", "The", "ing", "Hello", "world", "x", "Z", "0", "7", "42", "2024", "3.5", " ", "  ", "   ",
    "\t", "\n", "\r\n", "\n\n", "'s", "'T", "'ll", "n't", ".", ",", "!", "?", "...", "-", "_", "(", ")", "{", "}",
    "\"", "#", "$", "%", "é", "ü", "ñ", "Å", "e\u0301", "o\u0308", "\u0301", "日", "本", "語", "中文", "한", "글",
    "Я", "ж", "λ", "ع", "😀", "👍🏽", "👨\u200d👩\u200d👧", "🇯🇵", "𝐀", "𝟘", "\u00a0", "\u3000", "\u200b", "\u2581",
    "<0x41>", "<s>", "</s>", "<|eot_id|>", "<|im_end|>", "<|endoftext|>", "<|user|>", "<|end|>", "<mask>", "<think>",
    "hello world", "foobar",
]


def fuzz_strings(count=150, seed=7):
    rng = random.Random(seed)
    return ["".join(rng.choice(FUZZ_PIECES) for _ in range(rng.randint(1, 24))) for _ in range(count)]


def bytes_alphabet_trainer(vocab_size):
    return trainers.BpeTrainer(
        vocab_size=vocab_size,
        min_frequency=2,
        show_progress=False,
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        special_tokens=[],
    )


def special(content, **kw):
    return AddedToken(content, special=True, normalized=False, **kw)


def build_llama3():
    tok = Tokenizer(models.BPE(ignore_merges=True))
    tok.pre_tokenizer = pre_tokenizers.Sequence([
        pre_tokenizers.Split(Regex(LLAMA3_PATTERN), behavior="isolated", invert=False),
        pre_tokenizers.ByteLevel(add_prefix_space=False, trim_offsets=True, use_regex=False),
    ])
    tok.decoder = decoders.ByteLevel()
    tok.train_from_iterator(corpus(), bytes_alphabet_trainer(1500))
    names = ["<|begin_of_text|>", "<|end_of_text|>", "<|reserved_special_token_0|>", "<|reserved_special_token_1|>",
             "<|start_header_id|>", "<|end_header_id|>", "<|reserved_special_token_2|>", "<|eot_id|>"]
    tok.add_special_tokens([special(n) for n in names])
    bos = tok.token_to_id("<|begin_of_text|>")
    tok.post_processor = processors.Sequence([
        processors.ByteLevel(trim_offsets=False),
        processors.TemplateProcessing(
            single="<|begin_of_text|> $A", pair="<|begin_of_text|> $A <|begin_of_text|>:1 $B:1",
            special_tokens=[("<|begin_of_text|>", bos)]),
    ])
    config = {"bos_token": "<|begin_of_text|>", "eos_token": "<|eot_id|>", "chat_template": chat_templates.LLAMA3,
              "model_max_length": 8192}
    extra = {"generation_config.json": {"bos_token_id": bos,
                                        "eos_token_id": [tok.token_to_id("<|end_of_text|>"), tok.token_to_id("<|eot_id|>")]}}
    return tok, config, extra


def build_gpt2():
    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=True)
    tok.decoder = decoders.ByteLevel()
    tok.train_from_iterator(corpus(), bytes_alphabet_trainer(1200))
    tok.add_special_tokens([special("<|endoftext|>"), special("<mask>", lstrip=True)])
    tok.add_tokens([AddedToken("foobar", single_word=True, normalized=True, special=False)])
    tok.post_processor = processors.ByteLevel(trim_offsets=False)
    config = {"bos_token": "<|endoftext|>", "eos_token": "<|endoftext|>", "model_max_length": 1024}
    return tok, config, {}


def build_qwen2():
    tok = Tokenizer(models.BPE())
    tok.normalizer = normalizers.NFC()
    tok.pre_tokenizer = pre_tokenizers.Sequence([
        pre_tokenizers.Split(Regex(QWEN2_PATTERN), behavior="isolated", invert=False),
        pre_tokenizers.ByteLevel(add_prefix_space=False, trim_offsets=False, use_regex=False),
    ])
    tok.decoder = decoders.ByteLevel()
    tok.train_from_iterator(corpus(), bytes_alphabet_trainer(1400))
    tok.add_special_tokens([special("<|endoftext|>"), special("<|im_start|>"), special("<|im_end|>")])
    tok.add_tokens([AddedToken("<think>", normalized=False, special=False),
                    AddedToken("</think>", normalized=False, special=False)])
    tok.post_processor = processors.ByteLevel(trim_offsets=False)
    config = {"bos_token": None, "eos_token": "<|im_end|>", "pad_token": "<|endoftext|>",
              "chat_template": chat_templates.QWEN2, "model_max_length": 32768}
    extra = {"generation_config.json": {"eos_token_id": [tok.token_to_id("<|im_end|>"), tok.token_to_id("<|endoftext|>")]}}
    return tok, config, extra


def train_sentencepiece_style(vocab_size):
    """BPE over metaspace words with byte fallback; vocab laid out like Llama-2: <unk> <s> </s> <0x00>..<0xFF> pieces."""
    tok = Tokenizer(models.BPE(unk_token="<unk>", fuse_unk=True, byte_fallback=True))
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="\u2581", prepend_scheme="always", split=True)
    trainer = trainers.BpeTrainer(vocab_size=vocab_size, min_frequency=2, show_progress=False, limit_alphabet=90,
                                  special_tokens=["<unk>", "<s>", "</s>"])
    tok.train_from_iterator(corpus(), trainer)
    data = json.loads(tok.to_str())
    old_vocab = sorted(data["model"]["vocab"].items(), key=lambda kv: kv[1])
    vocab = {}
    for name in ["<unk>", "<s>", "</s>"] + [f"<0x{b:02X}>" for b in range(256)]:
        vocab[name] = len(vocab)
    for name, _ in old_vocab:
        if name not in vocab:
            vocab[name] = len(vocab)
    data["model"]["vocab"] = vocab
    for added in data["added_tokens"]:
        added["id"] = vocab[added["content"]]
    return data


def finish_sentencepiece(data, normalizer, pre_tokenizer, decoder):
    data = dict(data, normalizer=None, pre_tokenizer=None, decoder=None, post_processor=None)
    tok = Tokenizer.from_str(json.dumps(data))
    if normalizer is not None:
        tok.normalizer = normalizer
    if pre_tokenizer is not None:
        tok.pre_tokenizer = pre_tokenizer
    tok.decoder = decoder
    tok.post_processor = processors.TemplateProcessing(
        single="<s> $A", pair="<s> $A <s>:1 $B:1", special_tokens=[("<s>", tok.token_to_id("<s>"))])
    return tok


def build_mistral():
    """Llama-2 / Mistral-v0.1 layout: Prepend + Replace normalizer, no pre-tokenizer."""
    data = train_sentencepiece_style(1100)
    tok = finish_sentencepiece(
        data,
        normalizers.Sequence([normalizers.Prepend("\u2581"), normalizers.Replace(" ", "\u2581")]),
        None,
        decoders.Sequence([decoders.Replace("\u2581", " "), decoders.ByteFallback(), decoders.Fuse(),
                           decoders.Strip(" ", 1, 0)]))
    tok.add_tokens([AddedToken("hello world", normalized=True, special=False)])
    config = {"bos_token": "<s>", "eos_token": "</s>", "unk_token": "<unk>", "add_bos_token": True,
              "add_eos_token": False, "chat_template": chat_templates.MISTRAL, "model_max_length": 32768}
    extra = {"config.json": {"architectures": ["MistralForCausalLM"], "bos_token_id": 1, "eos_token_id": 2}}
    return tok, config, extra


def build_phi3():
    """Metaspace pre-tokenizer (prepend_scheme first, split) with Phi-3's chat tokens."""
    data = train_sentencepiece_style(1000)
    tok = finish_sentencepiece(
        data, None,
        pre_tokenizers.Metaspace(replacement="\u2581", prepend_scheme="first", split=True),
        decoders.Metaspace(replacement="\u2581", prepend_scheme="first", split=True))
    tok.add_special_tokens([special("<|endoftext|>"), special("<|assistant|>", rstrip=True),
                            special("<|system|>", rstrip=True), special("<|end|>", rstrip=True),
                            special("<|user|>", rstrip=True)])
    config = {"bos_token": "<s>", "eos_token": "<|endoftext|>", "unk_token": "<unk>", "pad_token": "<|endoftext|>",
              "chat_template": chat_templates.PHI3, "model_max_length": 4096}
    extra = {"generation_config.json": {"bos_token_id": 1,
                                        "eos_token_id": [tok.token_to_id("<|endoftext|>"), tok.token_to_id("<|end|>")]}}
    return tok, config, extra


def merges_as_strings(path):
    """Rewrites a saved tokenizer.json with merges in the legacy "a b" form (loaders must accept both forms)."""
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    data["model"]["merges"] = [" ".join(pair) if isinstance(pair, list) else pair for pair in data["model"]["merges"]]
    with open(path, "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False, indent=1)
        f.write("\n")


def write_json(path, obj):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(obj, f, ensure_ascii=False, indent=1)
        f.write("\n")


def added_tokens_decoder(tok):
    data = json.loads(tok.to_str())
    return {str(t["id"]): {k: t[k] for k in ("content", "lstrip", "normalized", "rstrip", "single_word", "special")}
            for t in data["added_tokens"]}


def record_encodings(tok, name):
    rng = random.Random(1234)
    vocab_size = tok.get_vocab_size(with_added_tokens=True)
    cases = []
    for text in TRICKY_STRINGS:
        with_special = tok.encode(text, add_special_tokens=True).ids
        without = tok.encode(text, add_special_tokens=False).ids
        cases.append({
            "text": text,
            "ids": without,
            "ids_with_special": with_special,
            "decoded": tok.decode(with_special, skip_special_tokens=False),
            "decoded_skip_special": tok.decode(with_special, skip_special_tokens=True),
        })
    fuzz = []
    for text in fuzz_strings():
        ids = tok.encode(text, add_special_tokens=False).ids
        fuzz.append({"text": text, "ids": ids, "decoded": tok.decode(ids, skip_special_tokens=False)})
    random_decodes = []
    for _ in range(20):
        ids = [rng.randrange(vocab_size) for _ in range(rng.randint(1, 12))]
        random_decodes.append({
            "ids": ids,
            "decoded": tok.decode(ids, skip_special_tokens=False),
            "decoded_skip_special": tok.decode(ids, skip_special_tokens=True),
        })
    import tokenizers
    return {"tokenizer": name, "tokenizers_version": tokenizers.__version__, "vocab_size": vocab_size,
            "cases": cases, "fuzz": fuzz, "random_decodes": random_decodes}


def render_direct(template, messages, add_generation_prompt, special_tokens):
    """Renders with jinja2 configured as transformers configures it; a cross-check of apply_chat_template."""
    import jinja2
    import jinja2.ext
    import jinja2.sandbox

    def raise_exception(message):
        raise jinja2.exceptions.TemplateError(message)

    def tojson(x, ensure_ascii=False, indent=None, separators=None, sort_keys=False):
        return json.dumps(x, ensure_ascii=ensure_ascii, indent=indent, separators=separators, sort_keys=sort_keys)

    env = jinja2.sandbox.ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True,
                                                       extensions=[jinja2.ext.loopcontrols])
    env.filters["tojson"] = tojson
    env.globals["raise_exception"] = raise_exception
    return env.from_string(template).render(messages=messages, tools=None, documents=None,
                                            add_generation_prompt=add_generation_prompt, **special_tokens)


def record_chat(directory, template, config):
    import transformers
    try:
        hf = transformers.AutoTokenizer.from_pretrained(directory)
    except Exception:  # noqa: BLE001 - fall back to the generic fast tokenizer class
        traceback.print_exc()
        hf = transformers.PreTrainedTokenizerFast(
            tokenizer_file=os.path.join(directory, "tokenizer.json"), chat_template=template,
            **{k: v for k, v in config.items() if k.endswith("_token") and v})
    special_tokens = {k: config[k] for k in ("bos_token", "eos_token", "unk_token", "pad_token") if config.get(k)}
    renderings = []
    for messages in CONVERSATIONS:
        for agp in (False, True):
            entry = {"messages": messages, "add_generation_prompt": agp}
            try:
                out = hf.apply_chat_template(messages, tokenize=False, add_generation_prompt=agp)
                entry["output"] = out
            except Exception as e:  # noqa: BLE001 - recorded as the expected error
                entry["error"] = str(e)
            try:
                direct = render_direct(template, messages, agp, special_tokens)
                entry["direct_matches"] = direct == entry.get("output")
            except Exception as e:  # noqa: BLE001
                entry["direct_matches"] = "error" in entry and str(e) == entry["error"]
            renderings.append(entry)
    return {"renderer": f"transformers {transformers.__version__} apply_chat_template",
            "special_tokens": special_tokens, "renderings": renderings}


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "tests/fixtures/tokenizers"
    os.makedirs(out, exist_ok=True)
    write_json(os.path.join(out, "jinja_features.json"), jinja_features.render_all())
    if "--jinja-only" in sys.argv:
        return
    builders = {"llama3": build_llama3, "gpt2": build_gpt2, "qwen2": build_qwen2, "mistral": build_mistral,
                "phi3": build_phi3}
    failures = 0
    for name, build in builders.items():
        directory = os.path.join(out, name)
        os.makedirs(directory, exist_ok=True)
        try:
            tok, config, extra = build()
            tok.save(os.path.join(directory, "tokenizer.json"))
            if name in ("gpt2", "mistral"):
                merges_as_strings(os.path.join(directory, "tokenizer.json"))
            config = dict(config)
            config["tokenizer_class"] = "PreTrainedTokenizerFast"
            config["clean_up_tokenization_spaces"] = False
            config["added_tokens_decoder"] = added_tokens_decoder(tok)
            write_json(os.path.join(directory, "tokenizer_config.json"), config)
            for file_name, content in extra.items():
                write_json(os.path.join(directory, file_name), content)
            reloaded = Tokenizer.from_file(os.path.join(directory, "tokenizer.json"))
            write_json(os.path.join(directory, "encodings.json"), record_encodings(reloaded, name))
            print(f"{name}: vocab {reloaded.get_vocab_size(True)}", flush=True)
        except Exception:  # noqa: BLE001 - report and keep going with the other fixtures
            failures += 1
            traceback.print_exc()
            continue
        if config.get("chat_template"):
            try:
                chat = record_chat(directory, config["chat_template"], config)
                write_json(os.path.join(directory, "chat.json"), chat)
                bad = [r for r in chat["renderings"] if r["direct_matches"] is not True]
                print(f"{name}: {len(chat['renderings'])} renderings, {len(bad)} differ from direct jinja2", flush=True)
            except Exception:  # noqa: BLE001
                failures += 1
                traceback.print_exc()
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
