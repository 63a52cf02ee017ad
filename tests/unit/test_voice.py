"""Young people's voice: the anonymity, consent and length rules, escaping, and the CSV upload."""

from __future__ import annotations

import pytest

from indicators.errors import IndicatorError
from indicators.ingest.problems import IngestRejected
from indicators.services import voice as voice_service
from indicators.voice import MAX_TEXT, VoiceInput, escape_markdown, possible_names, problems


def _item(text: str = "The youth club is the only place I feel safe.", **kw) -> VoiceInput:
    return VoiceInput(**{"objective": 6, "quarter": "2025-Q3", "kind": "quote", "text": text, "source": "Youth forum",
                         "consent": True, **kw})  # fmt: skip


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("The youth club is the only place I feel safe.", []),
        ("My mate Jordan got stopped twice in Islington.", ["Jordan"]),
        ("Police stopped us on Monday. Nobody said why.", []),  # allowed word; sentence start
        ("Black boys get stopped more, it's not fair.", []),
        ("We asked Ms. smith", ["Ms"]),  # the title is capitalised too (the title rule also refuses it)
        ("Ask the YOS worker", []),  # acronyms are not names
    ],
)
def test_possible_names(text, names) -> None:
    assert possible_names(text) == names


def test_a_clean_item_has_no_problems() -> None:
    assert problems(_item()) == []


@pytest.mark.parametrize(
    ("item", "column", "words"),
    [
        (_item("Me and Tyrone got searched."), "text", "may name someone (Tyrone)"),
        (_item("Mr smith helped me."), "text", "title"),
        (_item("text me on 07700 900123"), "text", "phone"),
        (_item("x" * (MAX_TEXT + 1)), "text", f"{MAX_TEXT + 1} characters; the limit is {MAX_TEXT}"),
        (_item(consent=False), "consent", "consent"),
        (_item(objective=9), "objective", "not an objective 1-8"),
        (_item(quarter="2025-Q5"), "quarter", "not a quarter"),
        (_item(kind="poem"), "kind", "not one of quote, survey"),
    ],
)
def test_refused_items(item, column, words) -> None:
    found = problems(item)
    assert any(c == column and words in reason for c, reason in found), found


def test_free_text_is_escaped_for_markdown() -> None:
    assert escape_markdown("**bold** <b>x</b> [link](http://a)") == (r"\*\*bold\*\* \<b\>x\</b\> \[link\]\(http://a\)")


def test_typed_and_uploaded_items_are_stored_and_a_bad_file_is_refused_row_by_row(seeded_engine) -> None:
    voice_service.add_item(seeded_engine, _item(), "test-analyst")
    with pytest.raises(IndicatorError, match="may name someone"):
        voice_service.add_item(seeded_engine, _item("Ask Kayla about it"), "test-analyst")
    good = voice_service.template_csv()
    assert voice_service.add_csv(seeded_engine, good, "voice.csv", "test-analyst") == 1
    bad = good + b"3,2025-Q2,quote,It was fine said Shanice,,no\n"
    with pytest.raises(IngestRejected) as caught:
        voice_service.add_csv(seeded_engine, bad, "voice.csv", "test-analyst")
    assert [(p.row, p.column) for p in caught.value.problems] == [(3, "text"), (3, "consent")]
    stored = voice_service.items(seeded_engine, {6})
    assert len(stored) == 2 and set(stored["quarter"]) == {"2025-Q3"}
    assert voice_service.items(seeded_engine, {1}).empty
