"""Disclosure control (DESIGN.md §6): worked examples, properties, symbols."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indicators.cohorts import ETHNICITY
from indicators.complementary import PARTITIONS
from indicators.suppression import (
    PUBLIC_SYMBOLS,
    SYMBOL_MEANINGS,
    display_value,
    suppress,
    suppress_ratio_rows,
    visible_counts,
)

KEY = {"indicator_id": "knife_crime_victims_under_25", "period": "2019/20", "area_code": "E09000019"}


def frame(rows, unit="count", **key):
    """rows: (dimension, category, numerator, denominator, value[, marker])."""
    records = []
    for r in rows:
        dim, cat, num, den, val = r[:5]
        marker = r[5] if len(r) > 5 else ""
        records.append(
            {
                **KEY,
                **key,
                "dimension": dim,
                "category": cat,
                "numerator": num,
                "denominator": den,
                "value": val,
                "lower_ci": None if val is None else val - 1,
                "upper_ci": None if val is None else val + 1,
                "marker": marker,
                "note": f"note {cat}",
                "unit": unit,
            }
        )
    df = pd.DataFrame.from_records(records)
    for col in ("numerator", "denominator", "value", "lower_ci", "upper_ci"):
        df[col] = pd.to_numeric(df[col]).astype(float)
    return df


def counts(rows):
    """A count breakdown: (dimension, category, n) -> numerator = value = n."""
    return frame([(d, c, n, None, n) for d, c, n in rows])


def suppressed(out):
    return {c for c, m in zip(out["category"], out["marker"], strict=True) if m == "c"}


# --------------------------------------------------------------------------------------------
# worked examples
# --------------------------------------------------------------------------------------------

WORKED = [
    pytest.param(
        [("all", "all", 41), ("sex", "female", 3), ("sex", "male", 38)],
        {"female", "male"},
        id="one small cell -> two suppressed (only other category)",
    ),
    pytest.param(
        [("all", "all", 41), ("looked_after", "looked_after", 3), ("looked_after", "not_looked_after", 38)],
        {"looked_after", "not_looked_after"},
        id="care status pair",
    ),
    pytest.param(
        [("all", "all", 60), ("age_band", "a", 2), ("age_band", "b", 10), ("age_band", "c", 48)],
        {"a", "b"},
        id="next smallest is the one suppressed, the big one stays",
    ),
    pytest.param(
        [("all", "all", 4), ("sex", "female", 1), ("sex", "male", 3)],
        {"all", "female", "male"},
        id="total itself small",
    ),
    pytest.param(
        [("all", "all", 3), ("age_band", "a", 3), ("age_band", "b", 0), ("age_band", "c", 0)],
        # issue 16: "[c] beside zeros" says every child was in group a; a zero is hidden too
        {"all", "a", "b"},
        id="total small, one zero hidden beside the small cell",
    ),
    pytest.param([("all", "all", 20), ("sex", "female", 0), ("sex", "male", 20)], set(), id="zero kept"),
    pytest.param([("all", "all", 0), ("sex", "female", 0), ("sex", "male", 0)], set(), id="all zero kept"),
    pytest.param(
        [("all", "all", 33), ("age_band", "a", 1), ("age_band", "b", 1), ("age_band", "c", 10), ("age_band", "d", 21)],
        {"a", "b", "c"},
        id="two small cells that sum below the threshold need a third",
    ),
    pytest.param(
        [("all", "all", 39), ("age_band", "a", 2), ("age_band", "b", 3), ("age_band", "c", 34)],
        {"a", "b"},
        id="two small cells summing to the threshold are enough",
    ),
    pytest.param(
        [("all", "all", 50), ("age_band", "a", 5), ("age_band", "b", 45)], set(), id="threshold itself is shown"
    ),
    pytest.param([("sex", "female", 3), ("sex", "male", 38)], {"female"}, id="no total row: nothing to subtract from"),
    pytest.param(
        [
            ("all", "all", 41),
            ("sex", "female", 3),
            ("sex", "male", 38),
            ("age_band", "10-11", 20),
            ("age_band", "12-14", 21),
        ],
        {"female", "male"},
        id="other breakdowns of the same total are independent",
    ),
]


@pytest.mark.parametrize(("rows", "expected"), WORKED)
def test_worked_examples(rows, expected):
    out = suppress(counts(rows))
    assert suppressed(out) == expected
    for _, row in out[out["marker"] == "c"].iterrows():
        for col in ("numerator", "value", "lower_ci", "upper_ci"):
            assert math.isnan(row[col]), col
    shown = out[out["marker"] != "c"]
    assert (shown["value"] == shown["numerator"]).all()
    assert not ((visible_counts(out) > 0) & (visible_counts(out) < 5)).any()


def test_rate_on_suppressed_count_is_suppressed_and_denominator_kept():
    df = frame([("all", "all", 2, 1000, 0.2)], unit="percent")
    out = suppress(df)
    row = out.iloc[0]
    assert row["marker"] == "c"
    assert all(math.isnan(row[c]) for c in ("numerator", "value", "lower_ci", "upper_ci"))
    assert row["denominator"] == 1000


def test_rate_given_without_numerator_is_judged_by_the_count_it_implies():
    df = frame(
        [("all", "all", None, 1000, 0.3), ("all", "all", None, 1000, 4.5)],
        unit="percent",
    )
    df.loc[1, "period"] = "2020/21"
    out = suppress(df)
    assert list(out["marker"]) == ["c", ""]  # 3 of 1000 is hidden, 45 of 1000 is not


def test_small_denominator_suppresses_the_row_even_with_a_zero_numerator():
    out = suppress(frame([("all", "all", 0, 3, 0.0)], unit="percent"))
    row = out.iloc[0]
    assert row["marker"] == "c"
    assert math.isnan(row["value"]) and math.isnan(row["denominator"])


def test_small_denominator_in_breakdown_hides_a_second_denominator():
    df = frame(
        [
            ("all", "all", 10, 200, 5.0),
            ("looked_after", "looked_after", 1, 3, 33.3),
            ("looked_after", "not_looked_after", 9, 197, 4.6),
        ],
        unit="percent",
    )
    out = suppress(df).set_index("category")
    assert out.loc["all", "marker"] == "" and out.loc["all", "denominator"] == 200
    for cat in ("looked_after", "not_looked_after"):
        assert out.loc[cat, "marker"] == "c"
        assert math.isnan(out.loc[cat, "denominator"])  # 200 - 197 would give back 3


def test_count_unit_value_without_numerator():
    df = frame([("all", "all", None, None, 3.0)], unit="count")
    assert suppress(df).iloc[0]["marker"] == "c"
    # the same value for a score is not a count
    assert suppress(df, unit="score").iloc[0]["marker"] == ""


def test_source_suppressed_cell_triggers_secondary():
    df = counts([("all", "all", 50), ("sex", "female", None), ("sex", "male", 48)])
    df.loc[1, "marker"] = "c"
    assert suppressed(suppress(df)) == {"female", "male"}


def test_ethnic_minor_groups_are_protected_under_their_major_group():
    out = suppress(
        counts(
            [
                ("all", "all", 100),
                ("ethnicity", "black", 40),
                ("ethnicity", "black_caribbean", 3),
                ("ethnicity", "black_african", 30),
                ("ethnicity", "black_other", 7),
                ("ethnicity", "white", 60),
                ("ethnicity", "white_british", 60),
            ]
        )
    )
    # black - (african + other) would give caribbean back; the smallest sibling goes too
    assert suppressed(out) == {"black_caribbean", "black_other"}


def test_sen_any_sen_is_a_total_for_ehcp_and_sen_support():
    out = suppress(
        counts(
            [
                ("all", "all", 100),
                ("sen", "any_sen", 20),
                ("sen", "ehcp", 4),
                ("sen", "sen_support", 16),
                ("sen", "no_sen", 80),
            ]
        )
    )
    assert {"ehcp", "sen_support"} <= suppressed(out)


def test_threshold_is_a_parameter():
    rows = [("all", "all", 100), ("sex", "female", 7), ("sex", "male", 93)]
    assert suppressed(suppress(counts(rows), threshold=10)) == {"female", "male"}
    assert suppressed(suppress(counts(rows), threshold=5)) == set()
    assert suppressed(suppress(counts(rows), threshold=1)) == set()


@pytest.mark.parametrize("bad", [0, -1, 2.5, "5", True])
def test_bad_threshold_is_refused(bad):
    with pytest.raises(ValueError):
        suppress(counts([("all", "all", 3)]), threshold=bad)


def test_unit_argument_forms_and_unknown_unit():
    df = counts([("all", "all", 3)]).drop(columns="unit")
    df["numerator"] = np.nan
    assert suppress(df, unit="count").iloc[0]["marker"] == "c"
    assert suppress(df, unit={KEY["indicator_id"]: "count"}).iloc[0]["marker"] == "c"
    assert suppress(df).iloc[0]["marker"] == ""  # no unit: value is not known to be a count
    with pytest.raises(ValueError, match="unit"):
        suppress(df, unit="furlongs")
    with pytest.raises(ValueError, match="unit"):
        suppress(df, unit={"other": "count"})


def test_keeps_columns_index_other_markers_and_does_not_mutate_input():
    df = counts(
        [("all", "all", 41), ("sex", "female", 3), ("sex", "male", 38), ("age_band", "a", None), ("age_band", "b", 0)]
    )
    df.loc[3, "marker"] = "x"
    df.loc[4, "marker"] = "low"
    df.index = [10, 11, 12, 13, 14]
    before = df.copy()
    out = suppress(df)
    pd.testing.assert_frame_equal(df, before)
    assert list(out.columns) == list(df.columns)
    assert list(out.index) == list(df.index)
    assert list(out["note"]) == list(df["note"])
    assert list(out["marker"]) == ["", "c", "c", "x", "low"]


def test_empty_frame_and_missing_columns():
    empty = counts([("all", "all", 1)]).iloc[0:0]
    assert suppress(empty).empty
    with pytest.raises(ValueError, match="area_code"):
        suppress(counts([("all", "all", 3)]).drop(columns="area_code"))


def test_hundred_thousand_rows_leave_no_small_count_visible():
    rng = np.random.default_rng(7)
    groups, per = 10_000, 10
    n = groups * per
    nums = rng.integers(0, 30, size=(groups, per)).astype(float)
    nums[:, 0] = nums[:, 1:].sum(axis=1)
    df = pd.DataFrame(
        {
            "indicator_id": np.repeat([f"ind_{g % 40}" for g in range(groups)], per),
            "period": np.repeat([f"{2000 + g // 40}" for g in range(groups)], per),
            "area_code": "E09000019",
            "dimension": np.tile(["all"] + ["ethnicity"] * (per - 1), groups),
            "category": np.tile(["all"] + [f"cat{i}" for i in range(per - 1)], groups),
            "numerator": nums.ravel(),
            "denominator": nums.ravel() * 20 + 50,
            "value": np.nan,
            "lower_ci": np.nan,
            "upper_ci": np.nan,
            "marker": None,
            "unit": "percent",
        }
    )
    df["value"] = df["numerator"] / df["denominator"] * 100
    # Speed is measured in bench/ (no timed unit tests); here: a large frame stays correct.
    out = suppress(df)
    assert len(out) == n
    vc = visible_counts(out)
    assert not ((vc > 0) & (vc < 5)).any()


# --------------------------------------------------------------------------------------------
# properties
# --------------------------------------------------------------------------------------------


def check_breakdown_safe(
    original: pd.DataFrame, out: pd.DataFrame, threshold: int, parts_of: dict[str, list[str]] | None = None
) -> None:
    """No shown count in 1..threshold-1; every breakdown with a shown total has 0 or >= 2
    suppressed cells, and what subtraction gives (total - shown) is not one cell's value."""
    vc = visible_counts(out)
    assert not ((vc > 0) & (vc < threshold)).any()
    true = original.set_index("category")["numerator"]
    shown = out.set_index("category")
    is_c = shown["marker"] == "c"
    if parts_of is None:
        parts_of = {"all": [c for c in shown.index if c != "all"]}
    for total, parts in parts_of.items():
        parts = [p for p in parts if p in shown.index]
        if total not in shown.index or is_c[total] or not parts:
            continue
        hidden = [p for p in parts if is_c[p]]
        assert len(hidden) != 1, f"{hidden} under {total} can be recovered by subtraction"
        if len(hidden) >= 2:
            residual = shown.loc[total, "numerator"] - sum(shown.loc[p, "numerator"] for p in parts if not is_c[p])
            assert residual == sum(true[p] for p in hidden)  # the attacker's knowledge
            assert residual >= threshold  # not itself a small count
            # ... and not pinned to one cell: at least two of the hidden cells are non-zero
            assert sum(true[p] > 0 for p in hidden) >= 2
            assert all(residual != true[p] for p in hidden)


@settings(max_examples=300, deadline=None)
@given(
    cells=st.lists(st.integers(min_value=0, max_value=50), min_size=1, max_size=12),
    threshold=st.integers(min_value=2, max_value=11),
    as_rate=st.booleans(),
)
def test_property_random_breakdowns(cells, threshold, as_rate):
    rows = [("all", "all", float(sum(cells)))]
    rows += [("ethnicity", f"cat{i}", float(n)) for i, n in enumerate(cells)]
    if as_rate:
        df = frame([(d, c, n, 1000.0, n / 10) for d, c, n in rows], unit="rate_per_10000")
    else:
        df = counts(rows)
    out = suppress(df, threshold=threshold)
    check_breakdown_safe(df, out, threshold)
    # zero is never suppressed by itself, and a big shown total stays shown
    if sum(cells) >= threshold:
        assert out.iloc[0]["marker"] == ""
    else:
        assert (out.iloc[0]["marker"] == "c") == (sum(cells) > 0)
    # rates on suppressed counts are hidden
    assert out.loc[out["marker"] == "c", "value"].isna().all()
    # nothing is suppressed where no small count exists
    if not any(0 < n < threshold for n in [*cells, sum(cells)]):
        assert (out["marker"] != "c").all()


MAJORS = sorted({major for _, major in ETHNICITY.values() if major})
MINORS_OF = {m: sorted(c for c, (_, major) in ETHNICITY.items() if major == m) for m in MAJORS}


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), threshold=st.integers(min_value=3, max_value=10))
def test_property_ethnicity_hierarchy(data, threshold):
    """Minor groups under their major group, majors under the total: every level is safe."""
    minors = {m: [data.draw(st.integers(0, 30)) for _ in MINORS_OF[m]] for m in MAJORS}
    rows = [("all", "all", float(sum(sum(v) for v in minors.values())))]
    for m in MAJORS:
        rows.append(("ethnicity", m, float(sum(minors[m]))))
        rows += [("ethnicity", c, float(n)) for c, n in zip(MINORS_OF[m], minors[m], strict=True)]
    df = counts(rows)
    out = suppress(df, threshold=threshold)
    parts_of = {"all": MAJORS, **MINORS_OF}
    check_breakdown_safe(df, out, threshold, parts_of)
    # the flat rule of the brief holds too (all categories of the dimension under 'all')
    if out.iloc[0]["marker"] != "c":
        assert (out["marker"].iloc[1:] == "c").sum() != 1


@settings(max_examples=150, deadline=None)
@given(
    cells=st.lists(st.tuples(st.integers(0, 40), st.integers(0, 400)), min_size=2, max_size=6),
    threshold=st.integers(min_value=2, max_value=8),
)
def test_property_denominators(cells, threshold):
    """Rates with small populations: no small count or denominator is ever shown, and no single
    denominator can be recovered from the total's."""
    cells = [(min(n, d), d) for n, d in cells]
    tot_n = float(sum(n for n, _ in cells))
    tot_d = float(sum(d for _, d in cells))
    rows = [("all", "all", tot_n, tot_d, tot_n / tot_d * 100 if tot_d else None)]
    rows += [("sex", f"s{i}", float(n), float(d), n / d * 100 if d else None) for i, (n, d) in enumerate(cells)]
    out = suppress(frame(rows, unit="percent"), threshold=threshold)
    vc = visible_counts(out)
    assert not ((vc > 0) & (vc < threshold)).any()
    if not math.isnan(out.iloc[0]["denominator"]):
        assert out["denominator"].iloc[1:].isna().sum() != 1
    if out.iloc[0]["marker"] != "c":
        assert (out["marker"].iloc[1:] == "c").sum() != 1


def test_partitions_cover_every_minor_group_once():
    minors = [c for c, (_, m) in ETHNICITY.items() if m]
    under_majors = [c for d, t, parts in PARTITIONS if d == "ethnicity" and t != "all" for c in parts]
    assert sorted(under_majors) == sorted(minors)


# --------------------------------------------------------------------------------------------
# disproportionality tables
# --------------------------------------------------------------------------------------------


def ratio_frame(**extra):
    df = pd.DataFrame(
        {
            "category": ["white", "black", "asian", "mixed"],
            "events": [40.0, 30.0, 3.0, 12.0],
            "population": [4000.0, 1500.0, 800.0, 3.0],
            "rri": [1.0, 2.0, 0.4, 300.0],
            "lower": [1.0, 1.3, 0.1, 90.0],
            "upper": [1.0, 3.1, 1.2, 900.0],
            "low_reliability": [False, False, True, False],
        }
    )
    for k, v in extra.items():
        df[k] = v
    return df


def test_ratio_rows_small_events_and_low_reliability():
    out = suppress_ratio_rows(ratio_frame(), threshold=5).set_index("category")
    assert out.loc["asian", "marker"] == "c"
    assert out.loc["asian", ["events", "rri", "lower", "upper"]].isna().all()
    assert out.loc["asian", "population"] == 800  # a population is not a small count
    assert out.loc["mixed", "marker"] == "c"  # population of 3
    assert out.loc["mixed", ["events", "population", "rri"]].isna().all()
    assert out.loc["black", "marker"] is None and out.loc["black", "rri"] == 2.0
    assert not ((visible_counts(out) > 0) & (visible_counts(out) < 5)).any()


def test_ratio_rows_low_reliability_kept_but_flagged():
    df = ratio_frame()
    df.loc[1, "low_reliability"] = True
    out = suppress_ratio_rows(df).set_index("category")
    assert out.loc["black", "marker"] == "u" and out.loc["black", "rri"] == 2.0


def test_ratio_rows_small_reference_hides_every_ratio():
    df = ratio_frame()
    df.loc[0, "events"] = 2.0
    out = suppress_ratio_rows(df, reference="white")
    assert out["rri"].isna().all() and (out["marker"] == "c").all()
    assert out.loc[1, "events"] == 30  # other groups' counts stay
    out2 = suppress_ratio_rows(df.assign(is_reference=[True, False, False, False]))
    assert out2["rri"].isna().all()


def test_ratio_rows_stage_to_stage_previous():
    df = pd.DataFrame(
        {
            "category": ["white", "black"],
            "events": [10.0, 6.0],
            "previous": [20.0, 4.0],
            "rri": [1.0, 3.0],
            "lower": [1.0, 1.5],
            "upper": [1.0, 6.0],
            "low_reliability": [False, True],
        }
    )
    out = suppress_ratio_rows(df)
    assert list(out["marker"]) == [None, "c"]
    assert math.isnan(out.loc[1, "previous"]) and math.isnan(out.loc[1, "events"])


# --------------------------------------------------------------------------------------------
# symbols
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "marker", "decimals", "expected"),
    [
        (12.345, None, 1, "12.3"),
        (12.345, "", 2, "12.35"),
        (1234567, None, 0, "1,234,567"),
        (-2.5, None, 1, "-2.5"),
        (-0.01, None, 1, "0.0"),
        (0, None, 0, "0"),
        (None, "c", 1, "[c]"),
        (float("nan"), "c", 1, "[c]"),
        (3, "c", 0, "[c]"),  # a marker always wins over a number
        (0.01, "low", 1, "[low]"),
        (None, "x", 1, "[x]"),
        (None, "z", 1, "[z]"),
        (2.37, "u", 2, "2.37 [u]"),
        (None, "u", 2, "[u]"),
        (None, None, 1, "[x]"),
        (float("nan"), float("nan"), 1, "[x]"),
        (np.float64(5.25), None, 1, "5.2"),
        (pd.NA, None, 1, "[x]"),
    ],
)
def test_display_value(value, marker, decimals, expected):
    assert display_value(value, marker, decimals) == expected


def test_display_value_unknown_marker():
    with pytest.raises(ValueError):
        display_value(1, "NULL", 1)


def test_symbols_and_meanings():
    assert PUBLIC_SYMBOLS == {"c": "[c]", "low": "[low]", "x": "[x]", "z": "[z]", "u": "[u]"}
    assert set(SYMBOL_MEANINGS) == set(PUBLIC_SYMBOLS)
    assert all(len(text) > 20 for text in SYMBOL_MEANINGS.values())


def test_visible_counts():
    df = frame([("all", "all", 7, 100, 7.0), ("sex", "female", None, 50, None)], unit="percent")
    assert sorted(visible_counts(df)) == [7, 50, 100]
    assert sorted(visible_counts(counts([("all", "all", 7)]))) == [7, 7]
