"""services.group_rri against the seeded default dataset: one real cell worked by hand from the
publishers' raw files (numpy, Katz log interval), suppression for viewers, and the years offered."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from indicators.errors import CohortError
from indicators.services import group_rri

SOURCE = Path(__file__).resolve().parents[3].parent / "shared" / "data-sources"
ISLINGTON = "E09000019"


def _raw_care_2020_21() -> tuple[int, int, int, int]:
    """(looked-after convicted or cautioned, looked-after aged 10-17, all cautioned or sentenced, 10-17
    population) for Islington in the year to March 2021, straight from the DfE and YJB files."""
    if not SOURCE.is_dir():
        pytest.skip("shared data-sources folder not available")
    cla = pd.read_csv(SOURCE / "dfe_csc" / "la_conviction_health_outcome_cla.csv", dtype=str)
    cla = cla[(cla["new_la_code"] == ISLINGTON) & (cla["time_period"] == "2021")]
    cla = cla[cla["characteristic"].str.startswith("Convictions")].set_index("breakdown")["children_count"]
    yjb = pd.read_csv(next((SOURCE / "yjb").glob("*.csv")), dtype=str)
    yjb = yjb[(yjb["YOT"] == "Islington") & (yjb["period"] == "2020-2021")]
    yjb = yjb[yjb["measure"] == "children cautioned or sentenced"].iloc[0]
    convicted = int(cla[cla.index.str.startswith("Convicted")].iloc[0])
    return convicted, int(cla["Total ages 10 to 17 years"]), int(yjb["YOT_Number"]), int(yjb["YOT_Pop"])


def test_care_status_rri_and_interval_for_islington_2020_21_by_hand(seeded_engine):
    a, n, everyone, population = _raw_care_2020_21()
    assert (a, n, everyone, population) == (10, 203, 67, 17613)  # the published figures
    c, n_r = everyone - a, population - n  # children not looked after
    rri = (a / n) / (c / n_r)
    se = np.sqrt(1 / a - 1 / n + 1 / c - 1 / n_r)
    lower, upper = np.exp(np.log(rri) + np.array([-1, 1]) * 1.959964 * se)
    assert round(rri, 2) == 15.05 and (round(lower, 2), round(upper, 2)) == (7.80, 29.04)

    result = group_rri.group_rri_over_time(seeded_engine, "looked_after", "analyst")
    cell = result.frame[(result.frame["period"] == "2020/21") & (result.frame["category"] == "looked_after")].iloc[0]
    assert cell["rri"] == pytest.approx(rri, rel=1e-9)
    assert (cell["lower"], cell["upper"]) == (pytest.approx(lower, rel=1e-6), pytest.approx(upper, rel=1e-6))
    assert cell["rate"] == pytest.approx(a / n * 100) and bool(cell["significant"])
    reference = result.frame[(result.frame["period"] == "2020/21") & result.frame["reference"]].iloc[0]
    assert (reference["category"], reference["events"], reference["population"]) == ("not_looked_after", c, n_r)
    # a year where YJB gives no count (LAIT's 2024/25 rate alone) is no comparison, not a row of [x]
    assert set(result.frame["period"]) == {"2020/21", "2021/22"}


def test_sen_rri_for_islington_2025_from_the_stored_counts(seeded_engine):
    # SEN support 44 of 466, no identified SEN 94 of 3,027 (DfE NCCIS 2025: 9.4% and 3.1%)
    rri = (44 / 466) / (94 / 3027)
    se = np.sqrt(1 / 44 - 1 / 466 + 1 / 94 - 1 / 3027)
    lower, upper = np.exp(np.log(rri) + np.array([-1, 1]) * 1.959964 * se)
    result = group_rri.group_rri_over_time(seeded_engine, "sen", "analyst")
    cell = result.frame[(result.frame["period"] == "2025") & (result.frame["category"] == "sen_support")].iloc[0]
    assert (cell["rri"], cell["lower"], cell["upper"]) == (
        pytest.approx(rri, rel=1e-9), pytest.approx(lower, rel=1e-6), pytest.approx(upper, rel=1e-6)
    )  # fmt: skip
    assert round(rri, 2) == 3.04
    assert len(result.periods) >= 3  # years with an RRI and interval for some group


def test_viewers_get_at_least_three_years_and_no_small_count(seeded_engine):
    for dimension in ("sen", "looked_after"):
        frame = group_rri.group_rri_over_time(seeded_engine, dimension, "viewer").frame
        for column in ("events", "population"):
            shown = pd.to_numeric(frame[column], errors="coerce").dropna()
            assert not ((shown > 0) & (shown < 5)).any(), (dimension, column)
        hidden = frame[frame["marker"] == "c"]
        assert hidden[["events", "rri", "lower", "upper"]].isna().all().all()
    sen = group_rri.group_rri_over_time(seeded_engine, "sen", "viewer")
    assert len(sen.periods) >= 3


def test_a_hidden_looked_after_count_hides_the_complement_too(seeded_engine, monkeypatch):
    real = group_rri.viewer.observations

    def hide(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202 - the stand-in passes everything on
        frame = real(*args, **kwargs).copy()
        rows = frame["indicator_id"] == "cla_convicted_or_cautioned"
        frame.loc[rows, ["numerator", "value"]] = np.nan
        frame.loc[rows, "marker"] = "c"
        return frame

    monkeypatch.setattr(group_rri.viewer, "observations", hide)
    frame = group_rri.group_rri_over_time(seeded_engine, "looked_after", "viewer").frame
    assert (frame["marker"] == "c").all() and frame["events"].isna().all()


def test_options_and_a_dimension_without_a_base(seeded_engine):
    assert group_rri.group_rri_options(seeded_engine, "viewer") == ["sen", "looked_after"]
    with pytest.raises(CohortError, match="no population base"):
        group_rri.group_rri_over_time(seeded_engine, "disadvantage", "viewer")
