"""Finding bottlenecks like a new one, so that nobody files a duplicate unseen.

Robust to Dutch word forms and typos without a language model: words are
lowercased and stripped of accents, common Dutch endings are cut off
(coöperaties -> cooperatie, belastingen -> belasting), and words are compared
as overlapping three-letter pieces, so a typo or a compound word
(vennootschapsbelasting / belasting) still shares most of its pieces.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

STOPWORDS = frozenset(
    [
        "de",
        "het",
        "een",
        "en",
        "of",
        "van",
        "voor",
        "in",
        "op",
        "met",
        "te",
        "bij",
        "niet",
        "wel",
        "is",
        "zijn",
        "was",
        "door",
        "aan",
        "om",
        "die",
        "dat",
        "er",
        "als",
        "ook",
        "naar",
        "maar",
        "tot",
        "dan",
        "geen",
        "zij",
        "ze",
        "hun",
        "we",
        "wij",
        "onze",
        "ons",
        "nog",
        "al",
        "kan",
        "kunnen",
        "moet",
        "moeten",
        "wordt",
        "worden",
        "heeft",
        "hebben",
        "deze",
        "dit",
        "wat",
        "wie",
        "hoe",
        "veel",
        "meer",
        "zo",
        "uit",
        "over",
        "onder",
        "the",
        "a",
        "an",
        "and",
        "of",
        "to",
        "for",
        "in",
        "on",
        "with",
        "is",
        "are",
        "not",
    ]
)
# Longest first: the first ending that fits is cut.
SUFFIXES = ("heden", "ingen", "tjes", "jes", "en", "es", "s", "e")
MIN_STEM = 4


def normalise(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def stem(word: str) -> str:
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= MIN_STEM:
            return word[: -len(suffix)]
    return word


def words(text: str) -> list[str]:
    return [stem(w) for w in re.findall(r"[a-z0-9]+", normalise(text)) if w not in STOPWORDS]


def trigrams(text: str) -> frozenset[str]:
    pieces: set[str] = set()
    for word in words(text):
        padded = f" {word} "
        pieces.update(padded[i : i + 3] for i in range(len(padded) - 2))
    return frozenset(pieces)


def jaccard(first: frozenset[str], second: frozenset[str]) -> float:
    if not first or not second:
        return 0.0
    return len(first & second) / len(first | second)


@dataclass(frozen=True)
class Candidate:
    id: str
    title: str
    description: str
    theme: str


@dataclass(frozen=True)
class Match:
    id: str
    score: float
    same_theme: bool


#: Below this, a bottleneck is not shown as similar.
THRESHOLD = 0.12


def similar(
    title: str,
    description: str,
    theme: str | None,
    candidates: Iterable[Candidate],
    limit: int = 5,
) -> list[Match]:
    """The most similar candidates: same theme first, then by score, then id."""
    title_pieces = trigrams(title)
    all_pieces = trigrams(f"{title} {description}")
    matches = []
    for candidate in candidates:
        score = 0.6 * jaccard(title_pieces, trigrams(candidate.title)) + 0.4 * jaccard(
            all_pieces, trigrams(f"{candidate.title} {candidate.description}")
        )
        if score >= THRESHOLD:
            matches.append(Match(candidate.id, round(score, 3), candidate.theme == theme))
    matches.sort(key=lambda m: (not m.same_theme, -m.score, m.id))
    return matches[:limit]
