"""Young people's voice: short, consented, anonymous quotes or survey results, by objective and
quarter. Pure: the checks every item passes before it is stored, and the escaping for display.

The anonymity rule (a simple, stated check, not a guarantee): an item is refused when it has
- a capitalised word that is neither the first word of a sentence nor on ALLOWED_CAPITALISED
  (place names, days, months, ethnic groups, services): such a word is read as a possible name;
- a title such as Mr, Mrs, Ms, Miss or Dr, an e-mail address, an @handle or a phone-like number.
A name as the first word of a sentence is not caught (no dictionary is kept), so the check is a
backstop: the analyst must also confirm, item by item, that the young person consented and the item is
anonymous. Text is at most MAX_TEXT characters and is shown escaped (never as Markdown or HTML).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from indicators.errors import PeriodError
from indicators.periods import parse_period

MAX_TEXT = 280
MAX_SOURCE = 120
KINDS: dict[str, str] = {"quote": "Quote", "survey": "Survey result"}
CSV_COLUMNS: tuple[str, ...] = ("objective", "quarter", "kind", "text", "source", "consent")
TRUE_WORDS = frozenset({"yes", "y", "true", "1"})
ALLOWED_CAPITALISED = frozenset(
    """I I'm I've I'd I'll OK Islington London England Britain UK British English Irish Scottish Welsh
    Black White Asian Mixed Caribbean African Arab Muslim Christian Jewish Hindu Sikh Turkish Somali
    Kurdish Bangladeshi Pakistani Indian Chinese Gypsy Roma Traveller Traveler Eritrean Ethiopian
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July
    August September October November December Christmas Easter Ramadan Eid Covid Police Council YOS CAMHS
    GCSE GCSEs A-level A-levels Year School College Youth Justice Service Services Instagram TikTok
    Snapchat WhatsApp""".split()
)  # fmt: skip
_WORD = re.compile(r"[A-Za-z][A-Za-z'\-]*")
_SENTENCE_END = re.compile(r"[.!?:;\"“”()\[\]]\s*$")
_TITLE = re.compile(r"\b(Mr|Mrs|Ms|Miss|Mx|Dr)\b\.?", re.IGNORECASE)
_CONTACT = re.compile(r"\S+@\S+|(?<!\w)@\w+|\d[\d\s\-]{6,}\d")
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|>~<$&])")


@dataclass(frozen=True)
class VoiceInput:
    objective: int
    quarter: str
    kind: str
    text: str
    source: str
    consent: bool


def possible_names(text: str) -> list[str]:
    """Capitalised words that may be names (the module's anonymity rule)."""
    found = []
    for match in _WORD.finditer(text):
        word = match.group(0)
        before = text[: match.start()]
        starts_sentence = not before.strip() or bool(_SENTENCE_END.search(before))
        capitalised = word[0].isupper() and not word.isupper()
        if capitalised and not starts_sentence and word not in ALLOWED_CAPITALISED:
            found.append(word)
    return found


def problems(item: VoiceInput, objectives: frozenset[int] = frozenset(range(1, 9))) -> list[tuple[str, str]]:
    """(column, reason) for everything wrong with one item; empty when it may be stored."""
    out: list[tuple[str, str]] = []
    if item.objective not in objectives:
        out.append(("objective", f"'{item.objective}' is not an objective 1-8"))
    try:
        parse_period(item.quarter, "quarter")
    except PeriodError as exc:
        out.append(("quarter", str(exc)))
    if item.kind not in KINDS:
        out.append(("kind", f"'{item.kind}' is not one of {', '.join(KINDS)}"))
    text = item.text.strip()
    if not text:
        out.append(("text", "is empty"))
    elif len(text) > MAX_TEXT:
        out.append(("text", f"is {len(text)} characters; the limit is {MAX_TEXT}"))
    if len(item.source.strip()) > MAX_SOURCE:
        out.append(("source", f"is longer than {MAX_SOURCE} characters"))
    for column, value in (("text", text), ("source", item.source)):
        names = possible_names(value)
        if names:
            out.append((column, f"may name someone ({', '.join(names)}): write it in lower case or remove it"))
        if _TITLE.search(value) or _CONTACT.search(value):
            out.append((column, "contains a title, e-mail address, @handle or phone number"))
    if not item.consent:
        out.append(("consent", "the young person's consent and the item's anonymity are not confirmed"))
    return out


def from_row(row: dict[str, str]) -> VoiceInput:
    """A CSV row (CSV_COLUMNS) as an item; a bad objective becomes 0 so ``problems`` reports it."""
    raw = (row.get("objective") or "").strip()
    quarter = (row.get("quarter") or "").strip()
    try:
        quarter = parse_period(quarter, "quarter").code
    except PeriodError:
        pass  # reported by problems()
    return VoiceInput(
        objective=int(raw) if raw.isdigit() else 0,
        quarter=quarter,
        kind=(row.get("kind") or "").strip().lower(),
        text=(row.get("text") or "").strip(),
        source=(row.get("source") or "").strip(),
        consent=(row.get("consent") or "").strip().lower() in TRUE_WORDS,
    )


def escape_markdown(text: str) -> str:
    """Text that Streamlit's Markdown shows literally: every Markdown/HTML character backslashed."""
    return _MARKDOWN.sub(r"\\\1", " ".join(text.split()))
