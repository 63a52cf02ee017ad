"""Population bases for SEN and care status (issue 18): built from the publishers' files, checked
against those files read independently here, never against the builder's own output."""

from __future__ import annotations

import pandas as pd

from data.build.nccis import sen_group
from tests.data_build.conftest import ISLINGTON, rows

CONVICTIONS = "Convictions: Children looked after Ages 10 to 17 years"


def test_looked_after_10_17_is_dfes_published_number_for_every_year(source, committed):
    raw = pd.read_csv(source / "dfe_csc" / "la_conviction_health_outcome_cla.csv", dtype=str)
    raw = raw[
        (raw["new_la_code"] == ISLINGTON)
        & (raw["characteristic"] == CONVICTIONS)
        & (raw["breakdown"] == "Total ages 10 to 17 years")
    ]
    expected = {
        f"{int(y) - 1}/{str(y)[-2:]}": c for y, c in zip(raw["time_period"], raw["children_count"], strict=True)
    }
    got = rows(committed, "looked_after_10_17")["numerator"].to_dict()
    assert got == expected
    assert got["2020/21"] == "203" and len(got) == 5  # 2020/21 to 2024/25


def test_sen_groups_reproduce_both_published_percentages(source, committed):
    """Each SEN group's size reproduces its published share of the cohort, and its NEET-or-not-known
    count reproduces the published percentage of that group, both to DfE's 1 decimal."""
    base = rows(committed, "young_people_16_17", dimension="sen")
    neet = rows(committed, "neet_not_known_16_17", dimension="sen")
    raw = pd.read_csv(source / "dfe_nccis_neet" / "neet_la_2025.csv", dtype=str)
    raw = raw[raw["new_la_code"] == ISLINGTON].iloc[0]
    cohort = float(raw["Cohort_DJFavg"])
    for category, share_col, pct_col in (
        ("no_sen", "cohort_noSEN_percent", "NEET_NK_noSEN_percent"),
        ("sen_support", "cohort_SENDsupport_percent", "NEET_NK_SENDsupport_percent"),
        ("ehcp", "cohort_EHCP_percent", "NEET_NK_EHCP_percent"),
    ):
        size = int(base.loc[("2025", category), "numerator"])
        count = int(neet.loc[("2025", category), "numerator"])
        assert int(neet.loc[("2025", category), "denominator"]) == size
        assert abs(size / cohort * 100 - float(raw[share_col])) <= 0.05 + 1e-9
        assert abs(count / size * 100 - float(raw[pct_col])) <= 0.05 + 1e-9
    # at least three years with counts for SEN support and no SEN: what an RRI over time needs
    both = [
        p
        for p in ("2022", "2023", "2024", "2025")
        if neet.loc[(p, "sen_support"), "numerator"] and neet.loc[(p, "no_sen"), "numerator"]
    ]
    assert len(both) >= 3


def test_no_count_when_no_whole_number_reproduces_the_percentage():
    # Islington 2024, EHC plan: 4.9% of 3,505 is 170-173 young people; 5.1% of them is no whole number
    assert sen_group(5.1, 4.9, 3505) == ("172", "")
    assert sen_group(None, 4.9, 3505) == ("172", "")
    assert sen_group(5.8, None, 3347) == ("", "")
    # 9 of 154: 5.84% rounds to 5.8, and 154 of 3,347 is 4.60%
    assert sen_group(5.8, 4.6, 3347) == ("154", "9")
