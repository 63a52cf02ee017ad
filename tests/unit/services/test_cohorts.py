"""indicators.services.cohorts against the seeded default dataset: the cohort view (groups, total,
England, trend), its suppression for viewers, and the breakdowns offered."""

from __future__ import annotations

import pandas as pd
import pytest

from indicators.errors import CohortError
from indicators.services import cohorts as cs
from indicators.settings import REPO_ROOT
from indicators.suppression import visible_counts


def test_cohort_view_has_groups_total_england_and_trend(seeded_engine):
    view = cs.cohort_view(seeded_engine, "attainment8_all", "sen", "2023/24", "viewer")
    lait = pd.read_csv(REPO_ROOT / "data" / "default" / "dfe_lait.csv", dtype=str)
    rows = lait[(lait["indicator_id"] == "attainment8_all") & (lait["period"] == "2023/24")]
    england = rows[(rows["area_code"] == "E92000001") & (rows["dimension"] == "all")]["value"]
    islington = rows[(rows["area_code"] == "E09000019") & (rows["dimension"] == "sen")]
    assert view.england == pytest.approx(float(england.iloc[0]))
    got = view.groups.set_index("category")["value"].astype(float).to_dict()
    assert got == {c: float(v) for c, v in zip(islington["category"], islington["value"], strict=True)}
    assert set(view.groups["label"]) == {"EHC plan", "SEN support", "No identified SEN"}
    assert view.trend["period"].nunique() > 1 and not view.illustrative
    assert "EHC plan" in view.reading and "England" in view.reading


def test_cohort_view_is_suppressed_for_viewers(seeded_engine):
    # first time entrants 2024/25 by ethnicity: Asian 2, Mixed 4, Other 2 (illustrative rows); no total
    # is published after 2019/20 (the strategy's Figure 2 ends there and no invented total is added)
    viewer = cs.cohort_view(seeded_engine, "first_time_entrants_count", "ethnicity", "2024/25", "viewer")
    analyst = cs.cohort_view(seeded_engine, "first_time_entrants_count", "ethnicity", "2024/25", "analyst")
    assert viewer.total is None and viewer.illustrative
    hidden = viewer.groups[viewer.groups["marker"] == "c"]["category"]
    assert {"asian", "mixed", "other"} <= set(hidden)
    assert analyst.groups.set_index("category")["value"]["asian"] == 2
    shown = visible_counts(viewer.groups, unit="count")
    assert not ((shown > 0) & (shown < 5)).any()


def test_cohort_options_list_breakdowns_only(seeded_engine):
    options = cs.cohort_options(seeded_engine)
    assert "all" not in set(options["dimension"])
    pairs = set(zip(options["indicator_id"], options["dimension"], strict=True))
    assert {("yj_arrests", "ethnicity"), ("attainment8_all", "sen")} <= pairs


def test_an_unknown_breakdown_is_a_domain_error(seeded_engine):
    with pytest.raises(CohortError):
        cs.cohort_view(seeded_engine, "yj_arrests", "star_sign", "2019/20", "viewer")
