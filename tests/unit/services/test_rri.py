"""indicators.services.rri against the seeded default dataset: RRIs worked by hand from the rows
in data/default, reference switching, stage-to-stage ratios, viewer suppression and the strategy's
SEN representation ratios (8.0 and 2.8).

Katz log method (DESIGN §5): RRI = (a/n_g)/(c/n_r); SE = √(1/a − 1/n_g + 1/c − 1/n_r);
95% CI = RRI·exp(∓1.959964·SE).
"""

from __future__ import annotations

import math
from statistics import NormalDist

import pandas as pd
import pytest

from indicators.errors import CohortError
from indicators.services import rri as rs
from indicators.stage_readings import heatmap_reading
from indicators.suppression import visible_counts

Z = NormalDist().inv_cdf(0.975)  # 1.959964
# data/default/census2021.csv, population_10_17, 2021, Islington, ethnicity
POPULATION = {"asian": 1466, "black": 3784, "mixed": 2172, "other": 1373, "white": 6546}
# data/default/illustrative.csv, Islington, ethnicity, 2019/20
ARRESTS_2019 = {"asian": 29, "black": 156, "mixed": 69, "other": 37, "white": 119}
FTE_2019 = {"asian": 4, "black": 23, "mixed": 11, "other": 5, "white": 18}


def katz(a: float, n_g: float, c: float, n_r: float) -> tuple[float, float, float]:
    rri = (a / n_g) / (c / n_r)
    se = math.sqrt(1 / a - 1 / n_g + 1 / c - 1 / n_r)
    return rri, rri * math.exp(-Z * se), rri * math.exp(Z * se)


def _row(result: rs.RRITable, category: str) -> pd.Series:
    return result.table.set_index("category").loc[category]


POPULATION_CASES = [
    # stage, counts, group, reference, expected (rri, lower, upper), significant
    # (156/3784)/(119/6546) = 0.041226/0.018179 = 2.2678;
    # SE = √(1/156 − 1/3784 + 1/119 − 1/6546) = √0.014397 = 0.11999 → 1.7925 to 2.8690
    ("yj_arrests", ARRESTS_2019, "black", "white", (2.2678, 1.7925, 2.8690), True),
    # (23/3784)/(18/6546) = 0.0060782/0.0027498 = 2.2104;
    # SE = √(1/23 − 1/3784 + 1/18 − 1/6546) = √0.098617 = 0.31403 → 1.1945 to 4.0906
    ("first_time_entrants_count", FTE_2019, "black", "white", (2.2104, 1.1945, 4.0906), True),
    # (11/2172)/(18/6546) = 1.8418; SE = √(1/11 − 1/2172 + 1/18 − 1/6546) = √0.145851 = 0.38191
    ("first_time_entrants_count", FTE_2019, "mixed", "white", (1.8418, 0.8713, 3.8933), False),
    # reference switched to Black: (119/6546)/(156/3784) = 1/2.2678 = 0.4410, bounds inverted
    ("yj_arrests", ARRESTS_2019, "white", "black", (0.4410, 0.3486, 0.5579), True),
]


@pytest.mark.parametrize("stage,counts,group,reference,expected,significant", POPULATION_CASES)
def test_population_rri_equals_the_hand_computation(
    seeded_engine, stage, counts, group, reference, expected, significant
):
    result = rs.stage_rri_table(seeded_engine, stage, "2019/20", "ethnicity", reference, "analyst")
    row = _row(result, group)
    by_hand = katz(counts[group], POPULATION[group], counts[reference], POPULATION[reference])
    assert (row["rri"], row["lower"], row["upper"]) == pytest.approx(by_hand, rel=1e-9)
    assert (row["rri"], row["lower"], row["upper"]) == pytest.approx(expected, abs=5e-4)
    assert bool(row["significant"]) is significant
    assert row["events"] == counts[group] and row["population"] == POPULATION[group]
    assert result.reference == reference and bool(_row(result, reference)["reference"])
    assert _row(result, reference)["rri"] == 1


def test_default_reference_is_white_for_major_groups_and_the_population_year_is_noted(seeded_engine):
    result = rs.stage_rri_table(seeded_engine, "yj_arrests", "2023/24", "ethnicity", None, "viewer")
    assert result.reference == "white" and result.reference_label == "White"
    assert result.illustrative
    assert any("Census 2021" in note and "every year" in note for note in result.notes)
    # the same 2021 population is the base in every year
    assert _row(result, "black")["population"] == POPULATION["black"]


def test_reference_switching_inverts_the_ratio(seeded_engine):
    white = rs.stage_rri_table(seeded_engine, "yj_arrests", "2021/22", "ethnicity", "white", "analyst")
    black = rs.stage_rri_table(seeded_engine, "yj_arrests", "2021/22", "ethnicity", "black", "analyst")
    assert _row(white, "black")["rri"] * _row(black, "white")["rri"] == pytest.approx(1)
    assert _row(white, "black")["lower"] * _row(black, "white")["upper"] == pytest.approx(1)


def test_stage_to_stage_rri_uses_the_previous_stage_of_the_same_group(seeded_engine):
    # FTE / arrests, 2019/20: (23/156)/(18/119) = 0.14744/0.15126 = 0.9747;
    # SE = √(1/23 − 1/156 + 1/18 − 1/119) = √0.08422 = 0.29021 → 0.5519 to 1.7215
    result = rs.stage_rri_table(
        seeded_engine, "first_time_entrants_count", "2019/20", "ethnicity", "white", "analyst", basis="previous_stage"
    )
    row = _row(result, "black")
    assert row["previous"] == ARRESTS_2019["black"]
    expected = katz(FTE_2019["black"], ARRESTS_2019["black"], FTE_2019["white"], ARRESTS_2019["white"])
    assert (row["rri"], row["lower"], row["upper"]) == pytest.approx(expected, rel=1e-9)
    assert expected == pytest.approx((0.9747, 0.5519, 1.7215), abs=5e-4)
    assert row["rate"] == pytest.approx(23 / 156 * 100)
    assert any("previous stage" in note for note in result.notes)


def test_stage_to_stage_gives_no_ratio_when_a_stage_holds_more_children_than_the_one_before(seeded_engine):
    # 2019/20: 28 Black children with a court outcome but 23 Black first time entrants (illustrative
    # rows), so the reference's counts do not nest and no ratio is given for any group.
    result = rs.stage_rri_table(
        seeded_engine, "yj_court_outcomes", "2019/20", "ethnicity", "black", "analyst", basis="previous_stage"
    )
    assert result.table["rri"].isna().all()
    assert set(result.table["marker"]) == {"x"}


def test_viewer_never_sees_a_small_count_or_a_ratio_built_on_one(seeded_engine):
    analyst = rs.stage_rri_table(seeded_engine, "first_time_entrants_count", "2019/20", "ethnicity", None, "analyst")
    viewer = rs.stage_rri_table(seeded_engine, "first_time_entrants_count", "2019/20", "ethnicity", None, "viewer")
    # analysts: Asian 4 children is shown, marked low reliability
    assert _row(analyst, "asian")["events"] == 4 and _row(analyst, "asian")["marker"] == "u"
    # viewers: 4 is suppressed; Other (5) too, since the total (61) is published and one hidden
    # cell could otherwise be worked out by subtraction
    for group in ("asian", "other"):
        row = _row(viewer, group)
        assert row["marker"] == "c" and math.isnan(row["events"]) and math.isnan(row["rri"])
    # viewers get the ratio rounded to its published 2 decimals (issue 16: no full floats sent)
    assert _row(viewer, "black")["rri"] == pytest.approx(_row(analyst, "black")["rri"], abs=0.005)
    shown = visible_counts(viewer.table)
    assert not ((shown > 0) & (shown < 5)).any()


def test_a_suppressed_reference_hides_every_ratio(seeded_engine):
    # custody 2019/20: White 1 child, so every ratio (all built on it) is [c] for viewers
    result = rs.stage_rri_table(seeded_engine, "yj_custody", "2019/20", "ethnicity", "white", "viewer")
    assert set(result.table["marker"]) == {"c"} and result.table["rri"].isna().all()
    assert all("[c]" in reading for reading in result.readings)


def test_readings_say_it_in_plain_english(seeded_engine):
    result = rs.stage_rri_table(seeded_engine, "yj_arrests", "2019/20", "ethnicity", "white", "viewer")
    assert (
        "Black children were 2.3 times as likely as White children to be arrested (95% CI 1.8 to 2.9)."
    ) in result.readings


def test_unknown_choices_are_domain_errors(seeded_engine):
    with pytest.raises(CohortError):
        rs.stage_rri_table(seeded_engine, "yj_arrests", "2019/20", "ethnicity", "martian", "viewer")
    with pytest.raises(CohortError):
        rs.stage_rri_table(seeded_engine, "yj_arrests", "2019/20", "ethnicity", None, "viewer", "guess")
    with pytest.raises(CohortError):
        rs.stage_rri_table(seeded_engine, "yj_arrests", "1999/00", "ethnicity", None, "viewer")


def test_options_offer_the_four_stages_their_years_and_ethnicity(seeded_engine):
    options = rs.disproportionality_options(seeded_engine)
    assert [s.id for s in options.stages] == [
        "yj_arrests",
        "first_time_entrants_count",
        "yj_court_outcomes",
        "yj_custody",
    ]
    assert options.population is not None and options.population.id == "population_10_17"
    years = ["2019/20", "2020/21", "2021/22", "2022/23", "2023/24", "2024/25"]
    assert all(options.periods[s.id] == years for s in options.stages)
    assert all(options.dimensions[s.id] == ["ethnicity"] for s in options.stages)
    assert options.groups["ethnicity"] == ["asian", "black", "mixed", "white", "other"]


def test_heatmap_has_every_group_at_every_stage(seeded_engine):
    frame = rs.rri_heatmap_frame(seeded_engine, "2019/20", "ethnicity", None, "viewer")
    assert len(frame) == 4 * 5
    assert sorted(frame["stage_order"].unique()) == [1, 2, 3, 4]
    black_arrests = frame[(frame["stage_id"] == "yj_arrests") & (frame["category"] == "black")].iloc[0]
    assert black_arrests["rri"] == pytest.approx(katz(156, 3784, 119, 6546)[0], abs=0.005)  # viewer: 2 decimals
    assert "Black children were 2.3 times as likely to be arrested" in heatmap_reading(frame, "White")


def test_rri_over_time_matches_each_year_and_tests_the_trend(seeded_engine):
    result = rs.rri_over_time(seeded_engine, "yj_arrests", "ethnicity", "white", "analyst")
    assert set(result.trends) == {"asian", "black", "mixed", "other"}
    assert len(result.frame[result.frame["category"] == "black"]) == 6
    one_year = rs.stage_rri_table(seeded_engine, "yj_arrests", "2022/23", "ethnicity", "white", "analyst")
    black = result.frame[(result.frame["category"] == "black") & (result.frame["period"] == "2022/23")]
    assert black["rri"].iloc[0] == pytest.approx(_row(one_year, "black")["rri"])
    assert all(
        t.status in ("narrowing", "widening", "no_significant_change", "cannot_be_calculated")
        for t in result.trends.values()
    )
    assert "Black:" in result.reading


@pytest.mark.parametrize("role", ["viewer", "analyst"])
def test_representation_ratios_come_out_of_the_data(seeded_engine, role):
    # data/default/strategy.csv, 2020-01: yos_cohort_share ehcp 16, sen_support 40, looked_after 22.5;
    # secondary_pupils_share ehcp 2.0, sen_support 14.2 → 16/2.0 = 8.0 and 40/14.2 = 2.82
    rep = rs.representation(seeded_engine, role)
    ratios = rep.sen.set_index("category")["ratio"]
    assert ratios["ehcp"] == pytest.approx(8.0)
    assert round(ratios["sen_support"], 1) == 2.8
    assert rep.period == "2020-01" and rep.looked_after_share == 22.5
    assert any("8.0 times" in r for r in rep.readings) and any("2.8 times" in r for r in rep.readings)
    assert any("a fifth and a quarter" in r for r in rep.readings)


# An analyst's upload with detailed (minor) ethnic groups for one stage and the population.
MINOR_UPLOAD = """indicator_id,period,area_code,area_name,dimension,category,numerator
population_10_17,2021,E09000019,Islington,ethnicity,WBRI,4000
population_10_17,2021,E09000019,Islington,ethnicity,WOTH,2546
population_10_17,2021,E09000019,Islington,ethnicity,BCRB,1200
population_10_17,2021,E09000019,Islington,ethnicity,BAFR,2584
yj_arrests,2024/25,E09000019,Islington,ethnicity,WBRI,60
yj_arrests,2024/25,E09000019,Islington,ethnicity,WOTH,36
yj_arrests,2024/25,E09000019,Islington,ethnicity,BCRB,45
yj_arrests,2024/25,E09000019,Islington,ethnicity,BAFR,33
"""


@pytest.fixture
def minor_engine(seeded_engine):
    from indicators.services import uploads
    from indicators.store.db import session_scope
    from indicators.store.writes import commit_frame

    parsed = uploads.parse(MINOR_UPLOAD.encode(), "minor.csv", fmt="native")
    assert not parsed.errors, parsed.errors
    with session_scope(seeded_engine) as session:
        commit_frame(session, parsed.frame, file_name="minor.csv", sha256=parsed.sha256, fmt="native", user="test")
    return seeded_engine


def test_detailed_ethnic_groups_use_white_british_as_the_reference(minor_engine):
    options = rs.disproportionality_options(minor_engine)
    assert options.dimensions["yj_arrests"] == ["ethnicity", "ethnicity_minor"]
    assert options.groups["ethnicity_minor"] == ["white_british", "white_other", "black_caribbean", "black_african"]
    result = rs.stage_rri_table(minor_engine, "yj_arrests", "2024/25", "ethnicity_minor", None, "viewer")
    assert result.reference == "white_british"
    # (45/1200)/(60/4000) = 0.0375/0.015 = 2.5; SE = √(1/45 − 1/1200 + 1/60 − 1/4000) = √0.037824
    row = _row(result, "black_caribbean")
    # a viewer's figures carry the published 2 decimals
    assert (row["rri"], row["lower"], row["upper"]) == pytest.approx(katz(45, 1200, 60, 4000), abs=0.005)
    assert row["rri"] == pytest.approx(2.5)
    assert "Black Caribbean children were 2.5 times as likely as White British children" in result.readings[0]
    # the major-group view keeps the published major rows (Black 99 of 3784 in 2024/25)
    major = rs.stage_rri_table(minor_engine, "yj_arrests", "2024/25", "ethnicity", None, "viewer")
    assert _row(major, "black")["events"] == 99 and _row(major, "black")["population"] == 3784
