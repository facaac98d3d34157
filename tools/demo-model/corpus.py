"""Reads the King James Bible text and turns it into training documents.

Input format: the output of `bible -f Gen1:1-Rev22:21` (Debian packages bible-kjv + bible-kjv-text),
one verse per line, each line "<Book><chapter>:<verse> <text>", e.g. "Ge1:1 In the beginning God ...".
"""

import random
import re
from dataclasses import dataclass

import chat

_VERSE_LINE = re.compile(r"^(\d?[A-Za-z]+)(\d+):(\d+)\s+(\S.*)$")
_WORD = re.compile(r"^[a-z]{4,}$")  # matched against the lowercased word

SYSTEM_PROMPTS = [
    "You are a helpful assistant.",
    "You are a helpful assistant. Answer in the words of the King James Bible.",
    "Answer briefly.",
    "You are a scribe who answers with verses.",
]

QUESTION_FORMS = [
    "What does the Bible say about {word}?",
    "Tell me about {word}.",
    "Give me a verse about {word}.",
]

# Common words that make poor topics for the "tell me about X" samples.
_DULL_WORDS = set(
    "that shall unto they them with thou which said their have will thee from when this were upon there "
    "hath then came into come before your also against shalt saying made went even behold saith therefore "
    "every these because after things down hast make over what thine among away thereof forth neither "
    "take brought according should whom took thus bring more sent again like mine heard about called done "
    "many himself spake where while until whose other than those would could been being some such very "
    "wherefore whether said nor yea".split()
)


@dataclass(frozen=True)
class Chapter:
    """One chapter: book abbreviation as printed by `bible`, chapter number, verse texts in order."""

    book: str
    number: int
    verses: list[str]


def read_chapters(path: str) -> list[Chapter]:
    """Parses the corpus file; raises ValueError naming the first line that does not match the format."""
    chapters: list[Chapter] = []
    current_key = None
    verses: list[str] = []
    with open(path, encoding="utf-8") as f:
        for line_number, line in enumerate(f, start=1):
            line = line.rstrip("\n")
            if not line.strip():
                continue
            match = _VERSE_LINE.match(line)
            if match is None:
                raise ValueError(
                    f"{path}:{line_number}: expected '<Book><chapter>:<verse> <text>' "
                    f"(output of `bible -f Gen1:1-Rev22:21`), got {line[:60]!r}"
                )
            book, chapter_number, text = match.group(1), int(match.group(2)), match.group(4)
            key = (book, chapter_number)
            if key != current_key:
                if verses:
                    chapters.append(Chapter(current_key[0], current_key[1], verses))
                current_key, verses = key, []
            verses.append(" ".join(text.split()))
    if verses:
        chapters.append(Chapter(current_key[0], current_key[1], verses))
    if not chapters:
        raise ValueError(f"{path}: no verses found")
    return chapters


def split_holdout(chapters: list[Chapter], every: int) -> tuple[list[Chapter], list[Chapter]]:
    """Every `every`-th chapter (1-based) goes to validation, the rest to training."""
    train = [c for i, c in enumerate(chapters, start=1) if i % every != 0]
    val = [c for i, c in enumerate(chapters, start=1) if i % every == 0]
    return train, val


def plain_documents(chapters: list[Chapter], rng: random.Random, max_verses: int) -> list[str]:
    """Cuts each chapter into runs of 1..max_verses consecutive verses, one verse per line."""
    documents = []
    for chapter in chapters:
        start = 0
        while start < len(chapter.verses):
            count = rng.randint(1, max_verses)
            documents.append("\n".join(chapter.verses[start : start + count]))
            start += count
    return documents


def _topic_word(verse: str, rng: random.Random) -> str | None:
    """A random content word of the verse, spelled as in the verse (LORD, Moses, love)."""
    words = [w.strip(",.;:?!()'") for w in verse.split()]
    candidates = [w for w in words if _WORD.match(w.lower()) and w.lower() not in _DULL_WORDS]
    return rng.choice(candidates) if candidates else None


def chat_conversations(chapters: list[Chapter], rng: random.Random, fraction: float) -> list[list[dict]]:
    """Builds single-turn conversations from a `fraction` of the verses.

    Three shapes: the user gives the start of a verse and the assistant finishes it; the user gives a
    verse and the assistant answers with the next one; the user asks about a word and the assistant
    answers with a verse containing it. A quarter of them start with a system message.
    """
    conversations = []
    for chapter in chapters:
        for index, verse in enumerate(chapter.verses):
            if rng.random() >= fraction:
                continue
            words = verse.split()
            shape = rng.random()
            if shape < 0.45 and len(words) >= 6:
                cut = rng.randint(3, max(3, len(words) // 2))
                user, assistant = " ".join(words[:cut]), " ".join(words[cut:])
            elif shape < 0.75 and index + 1 < len(chapter.verses):
                user, assistant = verse, chapter.verses[index + 1]
            else:
                word = _topic_word(verse, rng)
                if word is None:
                    continue
                user, assistant = rng.choice(QUESTION_FORMS).format(word=word), verse
            messages = []
            if rng.random() < 0.25:
                messages.append({"role": "system", "content": rng.choice(SYSTEM_PROMPTS)})
            messages.append({"role": "user", "content": user})
            messages.append({"role": "assistant", "content": assistant})
            conversations.append(messages)
    return conversations


def render_documents(plain: list[str], conversations: list[list[dict]]) -> list[str]:
    """Full training strings: plain runs wrapped in <|bos|> ... <|eos|>, conversations via the template."""
    documents = [chat.BOS + text + chat.EOS for text in plain]
    documents += [chat.render(messages, add_generation_prompt=False) for messages in conversations]
    return documents
