"""Complementary suppression across intersections (issue 18): a cell hidden in ``ethnicity+sex``
cannot be worked out from the ``ethnicity`` and ``sex`` margins, the total, or the minor/major
ethnic hierarchy inside the intersection.

The recoverer below is written from the table's meaning, not from indicators.complementary: it
lists every exact relation "total = sum of parts" a reader knows (DfE/ONS categories add up) and,
as long as some relation has exactly one unknown cell, works that cell out and carries on.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indicators.complementary import build_constraints
from indicators.suppression import suppress

MAJORS = ["asian", "black", "mixed", "white", "other", "unknown"]
BLACK_MINORS = ["black_caribbean", "black_african", "black_other"]
SEXES = ["female", "male"]
THRESHOLD = 5
COUNTS = st.one_of(st.integers(0, 4), st.integers(1, 4), st.integers(5, 80))


def _row(dimension: str, category: str, count: int) -> dict:
    return {
        "indicator_id": "x",
        "period": "2023/24",
        "area_code": "E09000019",
        "dimension": dimension,
        "category": category,
        "numerator": float(count),
        "denominator": np.nan,
        "value": float(count),
        "lower_ci": np.nan,
        "upper_ci": np.nan,
        "marker": None,
    }


@st.composite
def intersection_tables(draw) -> pd.DataFrame:
    """ethnicity+sex cells (random counts, many of 1-4), Black split into minor groups or not,
    and a random subset of the margins (ethnicity, sex, minor groups, the total)."""
    split_black = draw(st.booleans())
    cell: dict[tuple[str, str], int] = {}
    for e in MAJORS:
        for s in SEXES:
            if split_black and e == "black":
                for m in BLACK_MINORS:
                    cell[(m, s)] = draw(COUNTS)
                cell[("black", s)] = sum(cell[(m, s)] for m in BLACK_MINORS)
            else:
                cell[(e, s)] = draw(COUNTS)
    rows = [_row("ethnicity+sex", f"{e}+{s}", n) for (e, s), n in cell.items()]
    groups = MAJORS + (BLACK_MINORS if split_black else [])
    margins = [("ethnicity", e, sum(cell[(e, s)] for s in SEXES)) for e in groups]
    margins += [("sex", s, sum(cell[(e, s)] for e in MAJORS)) for s in SEXES]
    margins.append(("all", "all", sum(cell[(e, s)] for e in MAJORS for s in SEXES)))
    keep = draw(st.lists(st.booleans(), min_size=len(margins), max_size=len(margins)))
    rows += [_row(d, c, n) for (d, c, n), k in zip(margins, keep, strict=True) if k]
    order = draw(st.permutations(range(len(rows))))
    return pd.DataFrame([rows[i] for i in order])


def relations(frame: pd.DataFrame) -> list[tuple[tuple[str, str], list[tuple[str, str]]]]:
    """Every exact 'total = sum of parts' the table holds (all its cells present)."""
    have = set(zip(frame["dimension"], frame["category"], strict=True))
    out = []

    def relation(total: tuple[str, str], parts: list[tuple[str, str]]) -> None:
        if total in have and all(p in have for p in parts):
            out.append((total, parts))

    minors = [m for m in BLACK_MINORS if ("ethnicity+sex", f"{m}+male") in have]
    for s in SEXES:
        relation(("sex", s), [("ethnicity+sex", f"{e}+{s}") for e in MAJORS])
        relation(("all", "all"), [("sex", s) for s in SEXES])
        if minors:
            relation(("ethnicity+sex", f"black+{s}"), [("ethnicity+sex", f"{m}+{s}") for m in minors])
    for e in MAJORS + minors:
        relation(("ethnicity", e), [("ethnicity+sex", f"{e}+{s}") for s in SEXES])
    relation(("all", "all"), [("ethnicity", e) for e in MAJORS])
    if minors:
        relation(("ethnicity", "black"), [("ethnicity", m) for m in minors])
    return out


def recover(shown: pd.DataFrame) -> dict[tuple[str, str], float]:
    """Cells a reader works out, one relation with a single unknown at a time, until none is left."""
    known = {
        (d, c): v
        for d, c, v in zip(shown["dimension"], shown["category"], shown["numerator"], strict=True)
        if not math.isnan(v)
    }
    found: dict[tuple[str, str], float] = {}
    rels = relations(shown)
    changed = True
    while changed:
        changed = False
        for total, parts in rels:
            unknown = [x for x in [total, *parts] if x not in known]
            if len(unknown) != 1:
                continue
            (cell,) = unknown
            part_sum = sum(known[p] for p in parts if p in known)
            known[cell] = found[cell] = part_sum if cell == total else known[total] - part_sum
            changed = True
    return found


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(intersection_tables())
def test_no_hidden_cell_is_recoverable_from_any_margin(frame: pd.DataFrame) -> None:
    shown = suppress(frame, threshold=THRESHOLD, unit="count")
    hidden = shown["numerator"].isna().to_numpy()
    small = frame["numerator"].between(1, THRESHOLD - 1).to_numpy()
    assert not (small & ~hidden).any(), "a count of 1-4 is shown"
    recovered = recover(shown)
    assert recovered == {}, f"recovered {recovered}"


def test_the_recoverer_does_recover_an_unprotected_cell() -> None:
    """Without the margins' protection (only the one small cell hidden) the recoverer finds it."""
    cells = {(e, s): 3 if (e, s) == ("asian", "female") else 10 for e in MAJORS for s in SEXES}
    frame = pd.DataFrame(
        [_row("ethnicity+sex", f"{e}+{s}", n) for (e, s), n in cells.items()]
        + [_row("ethnicity", e, sum(cells[(e, s)] for s in SEXES)) for e in MAJORS]
        + [_row("sex", s, sum(cells[(e, s)] for e in MAJORS)) for s in SEXES]
    )
    naive = frame.assign(numerator=frame["numerator"].where(frame["numerator"] >= THRESHOLD))
    assert recover(naive) == {("ethnicity+sex", "asian+female"): 3.0}
    assert recover(suppress(frame, threshold=THRESHOLD, unit="count")) == {}


def test_intersection_margins_are_constraints() -> None:
    """'black+male' = the sum of its minor groups by sex, and 'black' = 'black+female' + 'black+male'."""
    frame = pd.DataFrame(
        [_row("ethnicity+sex", f"{m}+male", 7) for m in BLACK_MINORS]
        + [_row("ethnicity+sex", "black+male", 21), _row("ethnicity+sex", "black+female", 9)]
        + [_row("ethnicity", "black", 30)]
    )
    c = build_constraints(frame)
    label = [f"{d}/{k}" for d, k in zip(frame["dimension"], frame["category"], strict=True)]
    found = {
        (label[c.total_row[k]], frozenset(label[r] for r in c.member_row[c.member_k == k])): bool(c.exact[k])
        for k in range(c.k)
    }
    minors = frozenset(f"ethnicity+sex/{m}+male" for m in BLACK_MINORS)
    assert found[("ethnicity+sex/black+male", minors)] is True
    sexes = frozenset({"ethnicity+sex/black+male", "ethnicity+sex/black+female"})
    assert found[("ethnicity/black", sexes)] is True
