"""Each new source in the default dataset agrees with the publisher's file for Islington, and each
known problem listed in data-sources/README.md is handled (one test per problem)."""

from __future__ import annotations

import math

import pandas as pd

from tests.data_build.conftest import rows

ENGLAND, INNER_LONDON, LONDON = "E92000001", "E13000001", "E12000007"


def read(path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")


# --- Children in need assessment factors ----------------------------------------------------------


def test_cin_factors_match_the_c3_file_for_islington(source, committed):
    c3 = read(next((source / "dfe_cin_assessment_factors").glob("*.csv")))
    isl = c3[c3["la_name"] == "Islington"].set_index("time_period")
    # PROVENANCE-2: Islington Gangs 241, 163, 201, 216, 171, 158, 141, 139 (2018-2025).
    assert isl.loc["2018", "Gangs"] == "241" and isl.loc["2025", "Gangs"] == "139"
    for ind_id, col in (
        ("cin_factor_gangs", "Gangs"),
        ("cin_factor_cse", "Child_sexual_exploitation"),
        ("cin_factor_trafficking", "Trafficking"),
        ("cin_factor_going_missing", "Going_missing"),
    ):
        built = rows(committed, ind_id)
        for year, r in isl.iterrows():
            period = f"{int(year) - 1}/{year[2:]}"
            assert built.loc[period, "numerator"] == r[col], (ind_id, period)


def test_cin_share_is_of_the_tables_own_assessed_episodes(committed):
    """The C3 table has no child population: the share is of its own episodes with an assessment factor."""
    row = rows(committed, "cin_factor_gangs").loc["2024/25"]
    # PROVENANCE-2: Islington 2025 episodes with an assessment factor 2,398; Gangs 139.
    assert (row["numerator"], row["denominator"]) == ("139", "2398")
    assert math.isclose(float(row["value"]), 5.7965, abs_tol=0.0001)  # 139 / 2398 = 0.057965 by hand
    early = rows(committed, "cin_factor_gangs").loc["2017/18"]  # every year has its share now
    assert (early["numerator"], early["denominator"]) == ("241", "2536")
    assert math.isclose(float(early["value"]), 9.5032, abs_tol=0.0001)  # 241 / 2536


def test_cin_inner_london_and_england_rows(committed):
    assert rows(committed, "cin_factor_gangs", INNER_LONDON).loc["2024/25", "numerator"] == "780"
    assert rows(committed, "cin_factor_cce", ENGLAND).loc["2024/25", "numerator"] == "16250"


def test_known_problem_cce_recording_change(committed):
    """README: CCE collected from 2022 ('x' before); Islington 0 (2023) -> 171 (2024) is a recording change."""
    cce = rows(committed, "cin_factor_cce")
    for period in ("2017/18", "2018/19", "2019/20", "2020/21"):
        assert cce.loc[period, "value"] == "x" and "not collected" in cce.loc[period, "note"]
    cce_all = committed[committed["indicator_id"] == "cin_factor_cce"]
    later_x = cce_all[(cce_all["value"] == "x") & (cce_all["period"] >= "2021/22")]
    assert not later_x["note"].str.contains("not collected").any()  # 'x' after 2021/22 is not that
    assert cce.loc["2022/23", "numerator"] == "0" and cce.loc["2023/24", "numerator"] == "171"
    assert "recording" in cce.loc["2023/24", "note"]
    from indicators.catalogue import load_catalogue

    assert "recording" in load_catalogue().get("cin_factor_cce").definition


# --- Looked-after children who went missing -------------------------------------------------------


def test_missing_children_counts_match_the_2024_release(source, committed):
    new = read(next((source / "dfe_cla_missing").glob("*2020-2024.csv")))
    isl = new[new["la_name"] == "Islington"]
    cell = {(r.time_period, r.CLA_group): r.number for r in isl.itertuples()}
    built = rows(committed, "missing_children")
    for year in ("2020", "2021", "2022", "2023", "2024"):
        period = f"{int(year) - 1}/{year[2:]}"
        assert built.loc[period, "numerator"] == cell[(year, "Children who had a missing incident during the year")]
        assert built.loc[period, "denominator"] == cell[(year, "Children looked after during the year")]
    # PROVENANCE-2: 2024 release, Islington 496, 499, 543, 510, 446 looked after; 92, 83, 89, 82, 77 missing.
    assert list(built.loc[["2019/20", "2023/24"], "denominator"]) == ["496", "446"]


def test_known_problem_newer_missing_release_wins_where_they_overlap(source, committed):
    """README/PROVENANCE-2: DfE revised earlier years; use the 2020-2024 file where the two overlap."""
    old = read(next((source / "dfe_cla_missing").glob("*2018-2022.csv")))
    new = read(next((source / "dfe_cla_missing").glob("*2020-2024.csv")))

    def england(df, group_col):
        sel = df[
            (df["geographic_level"] == "National")
            & (df["time_period"] == "2022")
            & (df[group_col] == "Children looked after during the year")
        ]
        return sel["number"].iloc[0]

    assert england(old, "cla_group") != england(new, "CLA_group")  # 111,360 v 111,440
    eng = rows(committed, "missing_children", ENGLAND)
    assert eng.loc["2021/22", "denominator"] in ("", england(new, "CLA_group"))
    assert eng.loc["2021/22", "denominator"] != england(old, "cla_group")
    # 2018 and 2019 exist only in the older release.
    old_isl = old[(old["la_name"] == "Islington") & (old["time_period"] == "2018")]
    assert (
        rows(committed, "missing_children").loc["2017/18", "denominator"]
        == old_isl[old_isl["cla_group"] == "Children looked after during the year"]["number"].iloc[0]
    )


# --- Early years good level of development 2021/22 ---------------------------------------------------


def test_eyfsp_counts_match_the_file(source, committed):
    ey = read(next((source / "dfe_eyfsp_2022").glob("*.csv")))
    isl = ey[(ey["geographic_level"] == "Local authority") & (ey["la_name"] == "Islington")]
    total = isl[(isl["characteristic"] == "Total") & (isl["gender"] == "Total")].iloc[0]
    row = rows(committed, "good_level_of_development").loc["2021/22"]
    assert (row["numerator"], row["denominator"]) == (total["gld_number"], total["children_number"])  # 1235/1910
    assert math.isclose(float(row["value"]), float(total["gld_percentage"]), abs_tol=0.05)
    fsm = rows(committed, "good_level_of_development", dimension="disadvantage").loc[("2021/22", "fsm")]
    assert (fsm["numerator"], fsm["denominator"]) == ("358", "671")
    boys = rows(committed, "good_level_of_development", dimension="sex").loc[("2021/22", "male")]
    assert (boys["numerator"], boys["denominator"]) == ("587", "985")
    eng = rows(committed, "good_level_of_development", ENGLAND).loc["2021/22"]
    assert (eng["numerator"], eng["denominator"]) == ("405723", "622583")


def test_eyfsp_sex_by_characteristic_rows_are_intersections(source, committed):
    """The file's Boys x Black row is ethnicity+sex / black+male with the file's counts (104/190)."""
    ey = read(next((source / "dfe_eyfsp_2022").glob("*.csv")))
    isl = ey[(ey["geographic_level"] == "Local authority") & (ey["la_name"] == "Islington")]
    black_boys = isl[
        (isl["characteristic_type"] == "Black/African/Caribbean/Black British") & (isl["gender"] == "Boys")
    ].iloc[0]
    both = rows(committed, "good_level_of_development", dimension="ethnicity+sex")
    got = both.loc[("2021/22", "black+male")]
    assert (got["numerator"], got["denominator"]) == (black_boys["gld_number"], black_boys["children_number"])
    assert len(both) == 12  # 6 major groups (with unclassified) x 2 sexes
    girls_fsm = rows(committed, "good_level_of_development", dimension="sex+disadvantage").loc[
        ("2021/22", "female+fsm")
    ]
    assert (girls_fsm["numerator"], girls_fsm["denominator"]) == ("189", "331")
    assert len(rows(committed, "good_level_of_development", dimension="sex+sen")) == 8
    # never the other order, which the store would hold as a second cohort
    assert not committed["dimension"].isin(["sex+ethnicity", "disadvantage+sex", "sen+sex"]).any()


def test_known_problem_eyfsp_break_recorded():
    """README: 2021/22 is the first year of the reformed profile, not comparable with earlier years."""
    import tomllib

    from indicators.catalogue import CATALOGUE_FILE

    raw = tomllib.loads(CATALOGUE_FILE.read_text())
    gld = next(i for i in raw["indicator"] if i["id"] == "good_level_of_development")
    assert gld["breaks"] == ["2021/22"]
    assert "not comparable" in gld["definition"]


# --- MPS total notifiable offences -----------------------------------------------------------------


def _fy_sum(path, borough: str, first: str, last: str) -> int:
    df = read(path)
    col = df.columns[2]
    months = [c for c in df.columns[3:] if first <= c <= last]
    return int(df[df[col] == borough][months].astype(int).to_numpy().sum())


def test_known_problem_mps_2023_vintage_used_not_2025(source, committed):
    """README: the 2025 vintage moves crimes to 'Unknown'; use the 2023-12 vintage for 2010-2021."""
    folder = source / "mps_borough_crime"
    v2023 = _fy_sum(next(folder.glob("*vintage2023-12.csv")), "Islington", "201904", "202003")
    v2025 = _fy_sum(next(folder.glob("*vintage2025.csv")), "Islington", "201904", "202003")
    assert (v2023, v2025) == (30347, 29467)  # PROVENANCE-2's table
    tno = rows(committed, "total_notifiable_offences")
    assert tno.loc["2019/20", "value"] == "30347"
    # The strategy's own Figure 1 figure is kept as a note where it differs.
    assert "30,273" in tno.loc["2019/20", "note"]
    assert "28,328" in tno.loc["2018/19", "note"] and tno.loc["2018/19", "value"] == "29208"


def test_mps_later_years_from_the_rolling_files(source, committed):
    folder = source / "mps_borough_crime"
    # 2024/25 lies wholly in the 2023-12..2025-11 file: PROVENANCE-2 gives 31,253.
    fy2425 = _fy_sum(next(folder.glob("*202312-202511.csv")), "Islington", "202404", "202503")
    assert fy2425 == 31253
    tno = rows(committed, "total_notifiable_offences")
    assert tno.loc["2024/25", "value"] == "31253"
    # 2025/26: April-November 2025 from that file, December-March from the newest file.
    a = _fy_sum(next(folder.glob("*202312-202511.csv")), "Islington", "202504", "202511")
    b = _fy_sum(next(folder.glob("*202407-202606.csv")), "Islington", "202512", "202603")
    assert tno.loc["2025/26", "value"] == str(a + b)


def test_mps_complete_financial_years_every_borough_and_london(committed):
    tno = committed[committed["indicator_id"] == "total_notifiable_offences"]
    periods = sorted(set(tno["period"]))
    assert periods[0] == "2010/11" and periods[-1] == "2025/26"  # April-June 2026 is not a whole year
    assert len(periods) == 16
    per_year = tno.groupby("period")["area_code"].nunique()
    assert (per_year == 33).all()  # 32 boroughs + London
    assert set(tno[tno["area_code"] == LONDON]["period"]) == set(periods)


def test_strategy_no_longer_gives_total_notifiable_offences(committed):
    tno = committed[committed["indicator_id"] == "total_notifiable_offences"]
    assert set(tno["_file"]) == {"mps_borough_crime"}


# --- NCCIS NEET counts ------------------------------------------------------------------------------


def test_neet_numerator_is_the_published_percentage_of_the_cohort(source, committed):
    f = read(source / "dfe_nccis_neet" / "neet_la_2025.csv")
    isl = f[(f["la_name"] == "Islington")].iloc[0]
    row = rows(committed, "neet_16_17").loc["2025"]
    assert row["denominator"] == isl["Cohort_DJFavg"] == "3665"
    assert row["numerator"] == str(round(float(isl["NEET_percent"]) / 100 * 3665)) == "95"  # 2.6% of 3665 = 95.3
    assert row["value"] == isl["NEET_percent"]


def test_neet_count_omitted_where_no_whole_number_reproduces_the_percentage(committed):
    # Rutland 2024: 0.4% of 666 = 2.66; 3/666 = 0.45% and 2/666 = 0.30%, neither rounds to 0.4.
    row = rows(committed, "neet_16_17", "E06000017").loc["2024"]
    assert (row["numerator"], row["denominator"], row["value"]) == ("", "666", "0.4")


# --- LAIT context measures and attainment gaps ------------------------------------------------------


def _lait_extract(source) -> pd.DataFrame:
    return read(source / "dfe_lait" / "lait_islington_london_england_youth_safety.csv")


def test_lait_context_measures_match_the_extract(source, committed):
    lait = _lait_extract(source)
    for short, ind_id in (
        ("LAC_Fixed_ Ex", "cla_suspended"),
        ("CINFixedExclusion", "cin_suspended"),
        ("TotPerAbNew", "persistent_absence"),
        ("SFSecPerAbNew", "persistent_absence_secondary"),
    ):
        src = lait[(lait["Short Desc"] == short) & (lait["LA and Regions"] == "Islington")]
        built = rows(committed, ind_id)
        for years, value in zip(src["Years"], src["Values"], strict=True):
            period = f"{int(years) - 1}/{years[2:]}"
            got = built.loc[period, "value"]
            if value == "-":
                assert got == "x", (ind_id, period)
            else:
                assert math.isclose(float(got), float(value), abs_tol=0.001), (ind_id, period)


def test_cla_convictions_counts_from_dfe_and_lait_percentages_before(source, committed):
    conv = read(source / "dfe_csc" / "la_conviction_health_outcome_cla.csv")
    isl = conv[(conv["la_name"] == "Islington") & (conv["time_period"] == "2025")]
    n = isl[isl["breakdown"].str.startswith("Convicted")]["children_count"].iloc[0]
    d = isl[isl["breakdown"] == "Total ages 10 to 17 years"]["children_count"].iloc[0]
    built = rows(committed, "cla_convicted_or_cautioned")
    assert (built.loc["2024/25", "numerator"], built.loc["2024/25", "denominator"]) == (n, d) == ("6", "154")
    lait = _lait_extract(source)
    y2016 = lait[
        (lait["Short Desc"] == "LAC_Convictions") & (lait["LA and Regions"] == "Islington") & (lait["Years"] == "2016")
    ]["Values"].iloc[0]
    assert built.loc["2015/16", "value"] == y2016 == "9"


def test_attainment_gaps_are_all_pupils_minus_the_group(source, committed):
    lait = _lait_extract(source)

    def a8(short: str, years: str) -> float:
        sel = lait[(lait["Short Desc"] == short) & (lait["LA and Regions"] == "Islington") & (lait["Years"] == years)]
        return float(sel["Values"].iloc[0])

    black = rows(committed, "attainment_gap_black_caribbean")
    disadv = rows(committed, "attainment_gap_white_british_disadvantaged")
    for years in ("2019", "2024", "2025"):
        period = f"{int(years) - 1}/{years[2:]}"
        expect_black = a8("AVG_Attain8_Score", years) - a8("AVG_Attain8_Score_Black", years)
        expect_dis = a8("AVG_Attain8_Score", years) - a8("DAP_KS4_ATT8", years)
        assert math.isclose(float(black.loc[period, "value"]), expect_black, abs_tol=0.001), period
        assert math.isclose(float(disadv.loc[period, "value"]), expect_dis, abs_tol=0.001), period
    assert (black["illustrative"] == "false").all() and (disadv["illustrative"] == "false").all()


def test_attainment_gap_kpis_are_named_for_what_they_measure():
    from indicators.catalogue import load_catalogue

    cat = load_catalogue()
    black, dis = cat.get("attainment_gap_black_caribbean"), cat.get("attainment_gap_white_british_disadvantaged")
    assert black.title == "GCSE attainment gap: Black pupils" and not black.illustrative
    assert dis.title == "GCSE attainment gap: disadvantaged pupils" and not dis.illustrative
    assert "Black Caribbean" in black.definition and "not published at local authority level" in black.definition
    assert "White British" in dis.definition and "not published at local authority level" in dis.definition


def test_mps_2023_24_spans_two_refreshes(source, committed):
    """PROVENANCE-2: FY2023/24 needs months from two downloads; each month is taken from one file only."""
    folder = source / "mps_borough_crime"
    a = _fy_sum(next(folder.glob("*202112-202311.csv")), "Islington", "202304", "202311")
    b = _fy_sum(next(folder.glob("*202312-202511.csv")), "Islington", "202312", "202403")
    assert rows(committed, "total_notifiable_offences").loc["2023/24", "value"] == str(a + b)
