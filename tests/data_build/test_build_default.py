"""The default-dataset builder (data/build/, run by data/build_default.py): one test per known source problem, plus
checks on the committed output in data/default/."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from data import build
from data.build import census, common, dfe_exclusions, dfe_lait, illustrative, strategy
from indicators.catalogue import load_catalogue
from indicators.cohorts import CATEGORIES, is_canonical, parts
from indicators.periods import parse_period

REPO = Path(__file__).resolve().parents[2]
SOURCE_DIR = REPO.parent / "shared" / "data-sources"
DEFAULT_DIR = REPO / "data" / "default"
AREAS_CSV = REPO / "data" / "reference" / "areas.csv"
MARKERS = {"c", "low", "x", "z"}


NAMES = {
    "E92000001": "England",
    "E12000007": "London",
    "E13000001": "Inner London",
    "E13000002": "Outer London",
    "E09000019": "Islington",
    "E09000007": "Camden",
}
NUMBERS = {206: "E09000019", 202: "E09000007"}


def lait_frame(rows):
    return pd.DataFrame(rows, columns=["Short Desc", "Years", "LA and Regions", "Values", "LA Number"])


def one(df, **match):
    sub = df
    for k, v in match.items():
        sub = sub[sub[k] == v]
    assert len(sub) == 1, f"expected one row for {match}, got {len(sub)}"
    return sub.iloc[0]


# --- Known problem 1: LAIT FirstYJS England values are 10x too large ----------------------------


def test_first_time_entrants_england_divided_by_ten():
    df = lait_frame(
        [
            ("FirstYJS", "2016", "England", "3071", 970),
            ("FirstYJS", "2016", "London", "412", 986),
            ("FirstYJS", "2016", "Islington", "537", 206),
        ]
    )
    out = dfe_lait.convert_lait(df, NUMBERS, NAMES)
    assert one(out, area_code="E92000001")["value"] == "307.1"
    assert one(out, area_code="E12000007")["value"] == "412"
    assert one(out, area_code="E09000019")["value"] == "537"
    assert set(out["period"]) == {"2016"}  # calendar year, as YJB / Fingertips publish


# --- Known problem 2: 'London (Inner)' vs 'London' for exclusions -------------------------------


def test_london_inner_and_london_map_to_different_areas():
    df = lait_frame(
        [
            ("TotFixedEx", "2016/17", "London (Inner)", "3.9784600000000001", 987),
            ("TotFixedEx", "2016/17", "London", "-", 986),
            ("TotFixedEx", "2022/23", "London (Inner)", "-", 987),
            ("TotFixedEx", "2022/23", "London", "4.9534200000000004", 986),
            ("TotFixedEx", "2016/17", "London (Outer)", "3.4911500000000002", 988),
        ]
    )
    out = dfe_lait.convert_lait(df, NUMBERS, NAMES)
    # 'London (Inner)' is Inner London (DfE's published Inner London 2016/17 rate is 3.98) ...
    assert one(out, area_code="E13000001", period="2016/17")["value"] == "3.9785"
    # ... and 'London' is the London region, never spliced into the Inner London series.
    assert one(out, area_code="E12000007", period="2022/23")["value"] == "4.9534"
    assert one(out, area_code="E12000007", period="2016/17")["value"] == "x"
    assert one(out, area_code="E13000001", period="2022/23")["value"] == "x"
    assert one(out, area_code="E13000002", period="2016/17")["area_name"] == "Outer London"


# --- Known problem 3: text values, float artefacts and markers ----------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("7.0000000000000007E-2", (0.07, None)),
        ("69.900000000000006", (69.9, None)),
        ("-", (None, "x")),
        ("x", (None, "x")),
        ("c", (None, "c")),
        ("z", (None, "z")),
        ("low", (None, "low")),
        ("..", (None, "x")),
        ("", (None, None)),
    ],
)
def test_parse_cell(text, expected):
    x, marker = common.parse_cell(text)
    assert marker == expected[1]
    if expected[0] is None:
        assert x is None
    else:
        assert math.isclose(x, expected[0])


def test_parse_cell_rejects_unknown_text():
    with pytest.raises(ValueError):
        common.parse_cell("NULL")


@pytest.mark.parametrize(
    ("x", "places", "text"),
    [
        (7.0000000000000007e-2, 4, "0.07"),
        (69.900000000000006, 3, "69.9"),
        (0.0, 3, "0"),
        (9.5180000000000001e-2, 4, "0.0952"),
        (307.1, 2, "307.1"),
    ],
)
def test_fmt_has_no_float_artefacts(x, places, text):
    assert common.fmt(x, places) == text


def test_lait_markers_never_become_numbers():
    df = lait_frame(
        [
            ("FSP_NEW_GOODDEV", "2020", "Islington", "-", 206),
            ("FSP_NEW_GOODDEV", "2019", "Islington", "71", 206),
            ("TotPermEx", "2019/20", "Islington", "4.972E-2", 206),
            ("TotPermEx", "2018/19", "Islington", "c", 206),
            ("TotPermEx", "2017/18", "Camden", "x", 202),
        ]
    )
    out = dfe_lait.convert_lait(df, NUMBERS, NAMES)
    assert one(out, indicator_id="good_level_of_development", period="2019/20")["value"] == "x"
    assert one(out, indicator_id="good_level_of_development", period="2018/19")["value"] == "71"
    assert one(out, indicator_id="permanent_exclusion_rate", period="2019/20")["value"] == "0.0497"
    assert one(out, indicator_id="permanent_exclusion_rate", period="2018/19")["value"] == "c"
    assert one(out, indicator_id="permanent_exclusion_rate", area_code="E09000007")["value"] == "x"


# --- Known problem 4: ReoffYO labelling ------------------------------------------------------------


def test_reoffending_labelled_as_the_dataset_does():
    out = dfe_lait.convert_lait(lait_frame([("ReoffYO", "2019", "Islington", "33.33", 206)]), NUMBERS, NAMES)
    row = one(out, indicator_id="reoffending_rate")
    assert row["period"] == "2018/19" and row["value"] == "33.33"
    assert "10-14" in row["note"] and "young offenders" in row["note"]
    ind = load_catalogue().get("reoffending_rate")
    assert "young offenders" in ind.title.lower()
    assert "10-14" in ind.definition and "ambiguous" in ind.definition


# --- Known problem 5: Census 2021 perturbation ------------------------------------------------------


def test_census_rows_carry_the_perturbation_note_and_one_dimension_each():
    df = pd.DataFrame(
        {
            "geo_code": ["E09000019"] * 4,
            "geo_name": ["Islington"] * 4,
            "ethnicity": ["Black", "Black", "White", "White"],
            "sex": ["female", "male", "female", "male"],
            "age_band": ["10-11", "15-17", "10-11", "12-14"],
            "population": ["464", "721", "873", "900"],
        }
    )
    out = census.convert_census(df)
    assert (out["note"].str.contains("perturbed")).all()
    assert one(out, dimension="all")["value"] == "2958"
    for dim in ("ethnicity", "sex", "age_band"):
        assert out[out["dimension"] == dim]["value"].astype(int).sum() == 2958
    assert set(out[out["dimension"] == "ethnicity"]["category"]) == {"black", "white"}
    assert set(out["period"]) == {"2021"}


# --- Other conversions ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("years", "kind", "code"),
    [
        ("2019", "year_ending", "2018/19"),
        ("2019", "calendar", "2019"),
        ("2019/20", "year_ending", "2019/20"),
        ("2024-25", "year_ending", "2024/25"),
        ("2016-17 (OT)", "year_ending", "2016/17"),
    ],
)
def test_lait_period(years, kind, code):
    assert common.lait_period(years, kind) == code


def test_exclusions_by_ethnicity_overall_is_the_all_row_with_england_rates():
    df = pd.DataFrame(
        [
            ["E09000019", "Islington", "2023/24", "suspension_rate", "Black", "603", "5286", "11.40749", "7.83576"],
            ["E09000019", "Islington", "2023/24", "suspension_rate", "overall", "2147", "23146", "9.2759", "11.30744"],
        ],
        columns=[
            "geo_code",
            "geo_name",
            "academic_year",
            "indicator",
            "ethnicity",
            "numerator",
            "denominator",
            "rate_pct",
            "england_rate_pct",
        ],
    )
    out = dfe_exclusions.convert_exclusions_by_ethnicity(df, NAMES)
    row = one(out, area_code="E09000019", dimension="all")
    assert (row["numerator"], row["denominator"], row["value"]) == ("2147", "23146", "9.2759")
    assert one(out, area_code="E92000001", category="black")["value"] == "7.8358"


def test_strategy_figures_and_custody_inconsistency():
    out = strategy.convert_strategy()
    row = one(out, indicator_id="custodial_sentences", period="2019/20")
    assert row["value"] == "7" and "9" in row["note"]
    assert one(out, indicator_id="first_time_entrants_count", period="2016/17")["value"] == "75"
    assert one(out, indicator_id="knife_crime_victims_under_25", period="2019/20")["value"] == "41"
    assert one(out, indicator_id="yos_cohort_share", category="looked_after")["value"] == "22.5"
    lac = one(out, indicator_id="yos_cohort_share", category="looked_after")
    assert "a fifth to a quarter" in lac["note"]
    assert one(out, indicator_id="secondary_pupils_share", category="sen_support")["value"] == "14.2"
    assert (out["illustrative"] == "false").all()


def test_illustrative_stage_totals_equal_the_sum_of_groups():
    out = illustrative.illustrative_stages()
    for (ind, period), g in out.groupby(["indicator_id", "period"]):
        groups = g[g["dimension"] == "ethnicity"]["value"].astype(int).sum()
        if ind == "first_time_entrants_count":
            # No invented total is appended to the real series (Figure 2, to 2019/20).
            assert (g["dimension"] != "all").all(), period
            assert groups == illustrative.STAGE_TOTALS[ind][illustrative.ILLUSTRATIVE_YEARS.index(period)]
            continue
        total = int(g[g["dimension"] == "all"]["value"].iloc[0])
        assert groups == total, (ind, period)
    assert (out["illustrative"] == "true").all()


def test_dedupe_keeps_the_higher_priority_source():
    a = common.frame(
        [
            common.make_row(
                "suspension_rate",
                "2023/24",
                "E09000019",
                "Islington",
                value="9.2759",
                numerator="2147",
                denominator="23146",
            )
        ]
    )
    b = common.frame([common.make_row("suspension_rate", "2023/24", "E09000019", "Islington", value="9.2759")])
    out = build.dedupe({"dfe_lait": b, "dfe_exclusions_by_ethnicity": a})
    assert len(out["dfe_exclusions_by_ethnicity"]) == 1 and len(out["dfe_lait"]) == 0


# --- The real shared files (skipped when the folder is absent) -------------------------------------


@pytest.fixture(scope="module")
def real_build():
    if not SOURCE_DIR.is_dir():
        pytest.skip("shared data-sources folder not available")
    return build.build(SOURCE_DIR)


def test_real_sources_known_problems(real_build):
    outputs = real_build.outputs
    lait = outputs["dfe_lait"]
    fte_eng = lait[(lait["indicator_id"] == "first_time_entrants") & (lait["area_code"] == "E92000001")]
    assert one(fte_eng, period="2016")["value"] == "307.1"
    fte_ldn = lait[(lait["indicator_id"] == "first_time_entrants") & (lait["area_code"] == "E12000007")]
    both = fte_eng.merge(fte_ldn, on="period")
    both = both[~both["value_x"].isin(MARKERS) & ~both["value_y"].isin(MARKERS)]
    ratio = both["value_x"].astype(float) / both["value_y"].astype(float)
    assert len(both) >= 5 and ratio.between(0.3, 3).all()  # England now the same order as London
    # LAIT's 'London (Inner)' 2016/17 equals DfE's own Inner London figure (17,140 / 430,845) in the
    # exclusions file, so it is Inner London (E13000001), not the London region.
    hist = outputs["dfe_exclusions_2007_2017"]
    inner = one(hist, indicator_id="suspension_rate", period="2016/17", area_code="E13000001")
    assert (inner["numerator"], inner["denominator"], inner["value"]) == ("17140", "430845", "3.9782")
    raw = pd.read_parquet(SOURCE_DIR / "dfe_lait" / "bds_long_0.parquet")
    raw = raw[
        (raw["Short Desc"] == "TotFixedEx") & (raw["Years"] == "2016/17") & (raw["LA and Regions"] == "London (Inner)")
    ]
    assert abs(float(raw["Values"].iloc[0]) - 3.9782) < 0.001
    susp = lait[(lait["indicator_id"] == "suspension_rate") & (lait["period"] == "2018/19")]
    assert one(susp, area_code="E13000001")["value"] == "4.4522"
    assert one(susp, area_code="E12000007")["value"] == "x"
    reoff = lait[lait["indicator_id"] == "reoffending_rate"]
    assert reoff["note"].str.contains("10-14").all()
    census = outputs["census2021"]
    assert census["note"].str.contains("perturbed").all()
    for df in outputs.values():
        for col in ("numerator", "denominator", "value"):
            assert not df[col].str.contains(r"E-|0000000|9999999", regex=True).any()


def test_committed_data_matches_a_fresh_build(real_build):
    areas, outputs = real_build.areas, real_build.outputs
    committed = pd.read_csv(AREAS_CSV, dtype=str, keep_default_na=False)
    pd.testing.assert_frame_equal(committed, areas.reset_index(drop=True))
    neighbours = pd.read_csv(AREAS_CSV.with_name("statistical_neighbours.csv"), dtype=str, keep_default_na=False)
    pd.testing.assert_frame_equal(neighbours, real_build.neighbours.reset_index(drop=True))
    assert {p.stem for p in DEFAULT_DIR.glob("*.csv")} == set(outputs)
    for name, df in outputs.items():
        on_disk = pd.read_csv(DEFAULT_DIR / f"{name}.csv", dtype=str, keep_default_na=False)
        assert len(on_disk) == len(df), name
        pd.testing.assert_frame_equal(on_disk.reset_index(drop=True), df.reset_index(drop=True), check_dtype=False)


# --- The committed output -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def committed():
    files = sorted(DEFAULT_DIR.glob("*.csv"))
    assert files, "data/default has no CSV files"
    frames = []
    for f in files:
        df = pd.read_csv(f, dtype=str, keep_default_na=False)
        assert list(df.columns) == common.COLUMNS, f.name
        frames.append(df.assign(_file=f.name))
    return pd.concat(frames, ignore_index=True)


def test_rows_use_catalogue_ids_and_canonical_periods(committed):
    cat = load_catalogue()
    assert set(committed["indicator_id"]) <= set(cat.ids())
    for (ind_id, period), _ in committed.groupby(["indicator_id", "period"]):
        ptype = cat.get(ind_id).period_type
        assert parse_period(period, ptype).code == period, (ind_id, period)


def test_rows_use_canonical_cohorts_and_known_areas(committed):
    for (dim, category), _ in committed.groupby(["dimension", "category"]):
        # an intersection (ethnicity+sex / black+male) in canonical order, each part a known category
        assert is_canonical(dim), (dim, category)
        assert all(d in CATEGORIES and c in CATEGORIES[d] for d, c in parts(dim, category)), (dim, category)
    areas = pd.read_csv(AREAS_CSV, dtype=str, keep_default_na=False)
    assert set(committed["area_code"]) <= set(areas["code"])
    assert {"E09000019", "E13000001", "E12000007", "E92000001"} <= set(areas["code"])
    assert (areas["statistical_neighbour"] == "true").sum() == 10
    assert set(areas["area_type"]) <= {"local_authority", "region", "sub_region", "country"}


def test_values_are_numbers_or_markers(committed):
    for col in ("numerator", "denominator", "value"):
        cells = committed[col]
        cells = cells[(cells != "") & ~cells.isin(MARKERS)]
        pd.to_numeric(cells, errors="raise")
    assert (committed["numerator"] != "").any()
    assert ((committed["value"] != "") | (committed["numerator"] != "")).all()
    assert set(committed["illustrative"]) <= {"true", "false"}


def test_no_duplicate_keys(committed):
    dup = committed[committed.duplicated(subset=common.KEY, keep=False)]
    assert dup.empty, dup[common.KEY + ["_file"]].head(10).to_string()


def test_illustrative_rows_are_labelled(committed):
    cat = load_catalogue()
    ill = committed[committed["illustrative"] == "true"]
    assert (ill["note"] == common.ILLUSTRATIVE_NOTE).all()
    for ind_id in set(ill["indicator_id"]):
        assert cat.get(ind_id).illustrative, ind_id


def test_at_least_seven_kpis_have_three_real_islington_periods(committed):
    cat = load_catalogue()
    isl = committed[
        (committed["area_code"] == "E09000019")
        & (committed["dimension"] == "all")
        & (committed["illustrative"] == "false")
        & ~committed["value"].isin(MARKERS | {""})
    ]
    periods = isl.groupby("indicator_id")["period"].nunique()
    kpis_ok = [i.id for i in cat.kpis() if periods.get(i.id, 0) >= 3]
    assert len(kpis_ok) >= 7, kpis_ok


def test_every_kpi_has_islington_data_from_2019_20(committed):
    cat = load_catalogue()
    isl = committed[(committed["area_code"] == "E09000019") & (committed["dimension"] == "all")]
    # The linked MoJ-DfE data pool the KS4 cohorts 2012/13-2017/18 into one figure: no series exists.
    single_figure = {"youth_justice_disproportionality"}
    for ind in cat.kpis():
        periods = isl[isl["indicator_id"] == ind.id]["period"]
        assert len(periods) >= (1 if ind.id in single_figure else 3), ind.id
