"""MoJ-DfE linked offending data against the publisher's extract, and the KPI done-when checks:
at most 3 illustrative KPIs, and no KPI mixes real and invented periods."""

from __future__ import annotations

import math

import pandas as pd

from indicators.catalogue import load_catalogue
from indicators.disproportionality import representation_frame
from tests.data_build.conftest import rows

ENGLAND = "E92000001"


def _extract(source) -> pd.DataFrame:
    path = source / "dfe_moj_offending_linked" / "islington_england_education_csc_offending_linked.csv"
    return pd.read_csv(path, dtype=str, keep_default_na=False, comment="#")


def test_linked_totals_match_the_info_table(source, committed):
    info = _extract(source)
    home = info[(info["sheet"] == "info_table") & (info["indicator"] == "Home") & (info["LA"] == "Islington")].iloc[0]
    assert (home["all"], home["offenders_perc"], home["sv_perc"]) == ("8490.0", "547 (6%)", "257 (3%)")
    for ind_id, n in (
        ("pupils_linked_cohort", "8490"),
        ("yj_offenders_linked", "547"),
        ("yj_serious_violence_offenders_linked", "257"),
    ):
        assert rows(committed, ind_id).loc["2017/18", "numerator"] == n


def test_linked_group_shares_match_the_extract(source, committed):
    df = _extract(source)
    home = df[(df["indicator"] == "Home") & (df["LA"] == "Islington")]
    eth = home[home["sheet"] == "Ethnicity"].set_index(["group", "EthnicGroupMajor"])["perc"]
    built = rows(committed, "yj_offenders_linked", dimension="ethnicity")
    assert built.loc[("2017/18", "black"), "value"] == "30" == eth[("Any Offence", "BLAC")].removesuffix(".0")
    assert built.loc[("2017/18", "black"), "numerator"] == "164"  # 30% of 547 = 164.1
    assert built.loc[("2017/18", "unknown"), "value"] == "c"  # blank at source: not published
    pupils = rows(committed, "pupils_linked_cohort", dimension="ethnicity")
    assert pupils.loc[("2017/18", "black"), "numerator"] == "2207"  # 26% of 8490 = 2207.4
    sev = home[(home["sheet"] == "EverSusExcl") & (home["Absence"] == "Permanently excluded")]
    sev = sev.set_index("group")["perc"]
    sv = rows(committed, "yj_serious_violence_offenders_linked", dimension="exclusion")
    assert sv.loc[("2017/18", "permanently_excluded"), "value"] == sev["Serious Violence Offence"].removesuffix(".0")
    cla = rows(committed, "pupils_linked_cohort", ENGLAND, dimension="looked_after")
    assert cla.loc[("2017/18", "looked_after"), "denominator"] == "3165037"


def test_youth_justice_disproportionality_is_the_black_representation_ratio(committed):
    row = rows(committed, "youth_justice_disproportionality").loc["2017/18"]
    # By hand: (164/547) / (2207/8490) = 0.29982 / 0.25995 = 1.1534; Katz log interval
    # se = sqrt(1/164 - 1/547 + 1/2207 - 1/8490) = 0.067858, 1.1534 * exp(-/+ 1.96 * 0.067858) = 1.0098, 1.3175.
    assert math.isclose(float(row["value"]), 1.1534, abs_tol=0.0005)
    assert math.isclose(float(row["lower_ci"]), 1.0098, abs_tol=0.0005)
    assert math.isclose(float(row["upper_ci"]), 1.3175, abs_tol=0.0005)
    assert row["illustrative"] == "false"
    assert "offenders" in load_catalogue().get("youth_justice_disproportionality").definition


def test_linked_rows_fit_the_representation_code(committed):
    """The rows give representation_frame its four count columns per group (cohort = offenders)."""
    off = rows(committed, "yj_offenders_linked", dimension="sen").loc["2017/18"]
    pup = rows(committed, "pupils_linked_cohort", dimension="sen").loc["2017/18"]
    frame = pd.DataFrame(
        {
            "category": off.index,
            "cohort_count": off["numerator"].astype(float).to_numpy(),
            "cohort_total": off["denominator"].astype(float).to_numpy(),
            "population_count": pup.loc[off.index, "numerator"].astype(float).to_numpy(),
            "population_total": pup.loc[off.index, "denominator"].astype(float).to_numpy(),
        }
    )
    out = representation_frame(frame).set_index("category")
    # SEN support, Islington residents: 72% of offenders (394 of 547) against 50% of pupils (4245 of 8490):
    # by hand 0.72029 / 0.5 = 1.4406.
    assert (off.loc["sen_support", "numerator"], pup.loc["sen_support", "numerator"]) == ("394", "4245")
    assert math.isclose(out.loc["sen_support", "representation_ratio"], 1.4406, abs_tol=0.0001)
    assert out["lower"].notna().all() and out["upper"].notna().all()


# --- KPI done-when checks ------------------------------------------------------------------------------


def test_at_most_three_kpis_are_illustrative():
    ill = [k.id for k in load_catalogue().kpis() if k.illustrative]
    assert sorted(ill) == ["nrm_positive_outcomes", "semh_first_appointment_4_weeks", "serious_youth_violence"]


def test_no_kpi_mixes_real_and_invented_rows(committed):
    cat = load_catalogue()
    for kpi in cat.kpis():
        flags = set(committed[committed["indicator_id"] == kpi.id]["illustrative"])
        assert flags == {"true" if kpi.illustrative else "false"}, (kpi.id, flags)


def test_illustrative_kpis_name_the_local_source_to_upload():
    for kpi in load_catalogue().kpis():
        if kpi.illustrative:
            assert "illustrative until an analyst uploads" in kpi.definition, kpi.id


def test_knife_crime_stops_where_the_real_data_stops(committed):
    kc = rows(committed, "knife_crime_victims_under_25")
    assert list(kc.index) == ["2017/18", "2018/19", "2019/20"]
    assert list(kc["value"]) == ["76", "63", "41"]  # the strategy's Figure 1
    assert "Latest published: 2019/20" in kc.loc["2019/20", "note"]
    assert load_catalogue().get("knife_crime_victims_under_25").note == "Latest published: 2019/20."


def test_first_time_entrants_totals_are_real_only(committed):
    fte = rows(committed, "first_time_entrants_count")
    assert list(fte.index) == ["2016/17", "2017/18", "2018/19", "2019/20"]
    assert (fte["illustrative"] == "false").all()
    eth = committed[(committed["indicator_id"] == "first_time_entrants_count") & (committed["dimension"] != "all")]
    assert (eth["illustrative"] == "true").all() and len(eth) > 0
