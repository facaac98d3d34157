"""Special tokens and the chat template of the demo model.

The template is the single source of truth for the chat format: training samples are rendered with it
(through jinja2, configured the way transformers renders chat templates) and it is written verbatim into
tokenizer_config.json. It uses only the small Jinja subset the engine implements: for, if, variables,
string literals, message['role'], message['content'], add_generation_prompt, bos_token and the trim
filter. No newline follows a block tag, so trim_blocks/lstrip_blocks settings do not change the output.
"""

import jinja2

BOS = "<|bos|>"
EOS = "<|eos|>"
SYSTEM = "<|system|>"
USER = "<|user|>"
ASSISTANT = "<|assistant|>"

# Order fixes the ids: <|bos|> = 0, <|eos|> = 1, <|system|> = 2, <|user|> = 3, <|assistant|> = 4.
SPECIAL_TOKENS = [BOS, EOS, SYSTEM, USER, ASSISTANT]

# Renders: <|bos|><|role|>\ncontent<|eos|>\n ... then <|assistant|>\n when a reply is wanted.
CHAT_TEMPLATE = (
    "{{ bos_token }}"
    "{% for message in messages %}"
    "<|{{ message['role'] }}|>\n{{ message['content'] | trim }}<|eos|>\n"
    "{% endfor %}"
    "{% if add_generation_prompt %}<|assistant|>\n{% endif %}"
)

_ENV = jinja2.Environment(trim_blocks=True, lstrip_blocks=True, autoescape=False)
_TEMPLATE = _ENV.from_string(CHAT_TEMPLATE)


def render(messages: list[dict], add_generation_prompt: bool) -> str:
    """Renders a conversation with CHAT_TEMPLATE; roles must be system, user or assistant."""
    for message in messages:
        if message["role"] not in ("system", "user", "assistant"):
            raise ValueError(f"unsupported chat role {message['role']!r}")
    return _TEMPLATE.render(messages=messages, add_generation_prompt=add_generation_prompt, bos_token=BOS)
