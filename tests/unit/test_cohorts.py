"""cohorts.py: the canonical order of intersections, margins and roll-ups, labels, and the named
groups of strategy section 5.4."""

from __future__ import annotations

from pathlib import Path

import pytest

from indicators import cohorts as c
from indicators.errors import CohortError
from indicators.store.models import Cohort as CohortRow


def test_join_puts_parts_in_the_canonical_order() -> None:
    assert c.join([("disadvantage", "fsm"), ("ethnicity", "white_british"), ("sex", "male")]) == (
        "ethnicity+sex+disadvantage",
        "white_british+male+fsm",
    )
    assert c.is_canonical("ethnicity+sex") and not c.is_canonical("sex+ethnicity")
    assert not c.is_canonical("sex+sex") and not c.is_canonical("all+sex")


@pytest.mark.parametrize(
    "pairs",
    [
        [("sex", "male"), ("sex", "female")],
        [("all", "all"), ("sex", "male")],
        [("ethnicity", "black"), ("sex", "male"), ("sen", "ehcp"), ("disadvantage", "fsm")],
        [("looked_after", "looked_after"), ("children_in_need", "child_in_need"), ("absence", "persistent_absence")],
    ],
)
def test_join_refuses_repeats_all_too_many_parts_and_what_the_store_cannot_hold(pairs) -> None:
    with pytest.raises(CohortError):
        c.join(pairs)


def test_every_canonical_two_way_intersection_fits_the_store_columns() -> None:
    assert CohortRow.__table__.c.dimension.type.length == c.DIMENSION_MAX_CHARS
    assert CohortRow.__table__.c.category.type.length == c.CATEGORY_MAX_CHARS
    order = c.DIMENSION_ORDER
    for i, a in enumerate(order):
        for b in order[i + 1 :]:
            for ca in c.CATEGORIES[a]:
                for cb in c.CATEGORIES[b]:
                    c.join([(a, ca), (b, cb)])  # raises if too long


def test_margins_replacements_and_roll_ups() -> None:
    assert c.without("ethnicity+sex", "black_caribbean+male", "sex") == ("ethnicity", "black_caribbean")
    assert c.without("ethnicity+sex+disadvantage", "white_british+male+fsm", "sex") == (
        "ethnicity+disadvantage",
        "white_british+fsm",
    )
    assert c.without("sex", "male", "sex") == ("all", "all")
    assert c.replace("ethnicity+sex", "black_african+male", "ethnicity", "black") == "black+male"
    assert c.roll_up("ethnicity+sex", "mixed_white_black_caribbean+female") == "mixed+female"
    assert c.roll_up("ethnicity", "white_irish") == "white"
    assert c.roll_up("sex+sen", "male+ehcp") == "male+ehcp"
    with pytest.raises(CohortError):
        c.parts("ethnicity+sex", "black")


def test_labels() -> None:
    assert c.cohort_label("ethnicity+sex", "black_caribbean+male") == "Black Caribbean, Male"
    assert c.cohort_label("sex", "female") == "Female"
    assert c.dimension_label("ethnicity+sex") == "Ethnicity and sex"
    assert c.dimension_label("ethnicity+sex+disadvantage") == "Ethnicity, sex and disadvantage"


def test_the_strategy_groups_are_declared_with_plain_names_and_a_default_comparison() -> None:
    named = {n.name: n for n in c.load_named_cohorts()}
    expected = {
        "Black Caribbean boys": ("ethnicity+sex", "black_caribbean+male"),
        "Black African boys": ("ethnicity+sex", "black_african+male"),
        "Mixed White and Black Caribbean boys": ("ethnicity+sex", "mixed_white_black_caribbean+male"),
        "White British boys from low-income families": ("ethnicity+sex+disadvantage", "white_british+male+fsm"),
        "Girls and young women": ("sex", "female"),
        "Looked-after children": ("looked_after", "looked_after"),
        "Children with SEN": ("sen", "any_sen"),
    }
    assert {name: (n.dimension, n.category) for name, n in named.items()} == expected
    assert named["Black Caribbean boys"].comparisons[0].name == "All boys"
    assert all(n.comparisons for n in named.values())
    assert c.named_cohort("black_caribbean_boys").name == "Black Caribbean boys"


def test_a_named_cohort_in_the_wrong_order_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "named.toml"
    bad.write_text('[[cohort]]\nid = "x"\nname = "X"\ndimension = "sex+ethnicity"\ncategory = "male+black"\n')
    with pytest.raises(CohortError, match="canonical order"):
        c.load_named_cohorts(bad)
