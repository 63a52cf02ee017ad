"""Young people's voice for the pages, the packs and the analyst's form (rules in indicators.voice)."""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING

import pandas as pd

from indicators import voice
from indicators.errors import IndicatorError
from indicators.ingest.encoding import decode_upload
from indicators.ingest.problems import IngestRejected, Problem
from indicators.store import queries, register
from indicators.store.db import session_scope

if TYPE_CHECKING:
    from sqlalchemy import Engine

PROBLEM_CODE = "bad_voice_item"


def template_csv() -> bytes:
    example = ["6", "2025-Q3", "quote", "Being stopped all the time makes you not trust anyone.", "Youth forum", "yes"]
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([voice.CSV_COLUMNS, example])
    return out.getvalue().encode("utf-8")


def check_csv(data: bytes, filename: str) -> tuple[list[voice.VoiceInput], list[Problem]]:
    """Items of a voice CSV and every problem, row by row (row 2 is the first data row)."""
    decoded = decode_upload(data, filename)
    if decoded.text is None:
        return [], decoded.problems
    reader = csv.DictReader(io.StringIO(decoded.text))
    header = [h.strip().lower() for h in reader.fieldnames or []]
    missing = [c for c in voice.CSV_COLUMNS if c not in header]
    if missing:
        return [], [Problem(1, c, None, PROBLEM_CODE, "this column is missing") for c in missing]
    reader.fieldnames = header
    items, problems = [], list(decoded.problems)
    for number, row in enumerate(reader, start=2):
        item = voice.from_row(row)
        found = voice.problems(item)
        problems += [Problem(number, column, None, PROBLEM_CODE, reason) for column, reason in found]
        if not found:
            items.append(item)
    if not items and not problems:
        problems.append(Problem(None, None, None, PROBLEM_CODE, "the file has no data rows"))
    return items, problems


def _store(engine: Engine, items: list[voice.VoiceInput], user: str) -> int:
    if not user:
        raise IndicatorError("sign in to add young people's voice")
    records = [register.VoiceRecord(i.objective, i.quarter, i.kind, i.text.strip(), i.source.strip(), i.consent)
               for i in items]  # fmt: skip
    with session_scope(engine) as session:
        return register.add_voice(session, records, user)


def add_item(engine: Engine, item: voice.VoiceInput, user: str) -> int:
    """One typed item: refused as a whole with every reason when it breaks a rule."""
    found = voice.problems(item)
    if found:
        raise IndicatorError("; ".join(f"{column}: {reason}" for column, reason in found))
    return _store(engine, [item], user)


def add_csv(engine: Engine, data: bytes, filename: str, user: str) -> int:
    """A whole file or nothing: any problem rejects it."""
    items, problems = check_csv(data, filename)
    if problems:
        raise IngestRejected(filename, problems)
    return _store(engine, items, user)


def withdraw(engine: Engine, item_id: int, user: str) -> None:
    with session_scope(engine) as session:
        register.withdraw_voice(session, item_id, user)


def items(engine: Engine, objectives: set[int] | None = None, quarter: str | None = None) -> pd.DataFrame:
    """Items for some objectives (None: all), newest quarter first; up to ``quarter`` when given."""
    with engine.connect() as conn:
        frame = queries.voice_items(conn)
    if objectives is not None:
        frame = frame[frame["objective"].isin(objectives)]
    if quarter:
        frame = frame[frame["quarter"] <= quarter]
    return frame.reset_index(drop=True)
