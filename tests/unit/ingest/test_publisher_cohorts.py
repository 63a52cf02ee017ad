"""Publisher filter columns -> cohorts: a row split by two or three filters is an intersection in
the canonical order; the first non-total filter of a dimension wins; a part the dashboard cannot
hold drops the row with a summary warning."""

from __future__ import annotations

import pandas as pd

from indicators.ingest.problems import Problem
from indicators.ingest.publisher_cohorts import cohorts_from_filters, filter_texts


def _read(
    columns: dict[str, list[str]], dims: dict[str, str]
) -> tuple[list[tuple[str, str]], list[bool], list[Problem]]:
    raw = pd.DataFrame(columns, dtype="str")
    sources = [(raw[c], d) for c, d in dims.items()]
    problems: list[Problem] = []
    keep = pd.Series(True, index=raw.index)
    dimension, category, keep = cohorts_from_filters(filter_texts(sources, raw.index), raw.index, keep, problems)
    return list(zip(dimension, category, strict=True)), list(keep), problems


def test_two_and_three_filters_become_intersections_in_canonical_order() -> None:
    got, keep, problems = _read(
        {
            "gender": ["Boys", "Total", "Girls", "Boys", "Total"],
            "ethnicity_minor": ["Black Caribbean", "Black African", "Total", "White British", "Total"],
            "fsm_status": ["Total", "Total", "Total", "FSM eligible", "Total"],
        },
        {"gender": "sex", "ethnicity_minor": "ethnicity", "fsm_status": "disadvantage"},
    )
    assert got == [
        ("ethnicity+sex", "black_caribbean+male"),
        ("ethnicity", "black_african"),
        ("sex", "female"),
        ("ethnicity+sex+disadvantage", "white_british+male+fsm"),
        ("all", "all"),
    ]
    assert all(keep) and not problems


def test_minor_and_major_columns_of_one_dimension_make_one_part() -> None:
    got, _, _ = _read(
        {
            "ethnicity_minor": ["Black Caribbean", "Total"],
            "ethnicity_major": ["Black", "Black"],
            "sex": ["Boys", "Boys"],
        },
        {"ethnicity_minor": "ethnicity", "ethnicity_major": "ethnicity:major", "sex": "sex"},
    )
    assert got == [("ethnicity+sex", "black_caribbean+male"), ("ethnicity+sex", "black+male")]


def test_an_unheld_part_drops_the_row_with_one_warning() -> None:
    _, keep, problems = _read(
        {"gender": ["Boys", "Boys", "Boys"], "sen": ["Unclassified", "EHC plan", "Martian"]},
        {"gender": "sex", "sen": "sen"},
    )
    assert keep == [False, True, False]
    assert len(problems) == 2 and {p.code for p in problems} == {"skipped_rows"}
    assert "sen Unclassified" in problems[0].message
