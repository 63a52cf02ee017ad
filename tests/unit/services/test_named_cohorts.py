"""services.named_cohorts: a named group against its comparison, with intervals and a test of the
difference computed here independently (scipy), and nothing small shown to a viewer."""

from __future__ import annotations

import pytest
from scipy.stats import binomtest, chi2

from indicators.cohorts import named_cohort
from indicators.errors import CohortError
from indicators.services import named_cohorts, uploads

HEADER = (
    "indicator_id,period,area_code,area_name,dimension,category,numerator,denominator,value,lower_ci,upper_ci,note\n"
)


def _commit(engine, *rows: str) -> None:
    parsed = uploads.parse((HEADER + "\n".join(rows) + "\n").encode(), "t.csv")
    assert parsed.ok, [p.message for p in parsed.problems if p.is_error]
    uploads.commit(engine, parsed, "t")


def test_group_against_all_boys_with_exact_limits_and_a_poisson_rate_test(seeded_engine) -> None:
    _commit(
        seeded_engine,
        "suspension_rate,2023/24,E09000019,Islington,ethnicity+sex,black_caribbean+male,50,600,,,,",
        "suspension_rate,2023/24,E09000019,Islington,sex,male,1500,11800,,,,",
    )
    cohort = named_cohort("black_caribbean_boys")
    assert [a.name for a in named_cohorts.available(seeded_engine, "suspension_rate", "analyst")[cohort.id]] == [
        "All boys",
        "All children",  # the seeded total; White British boys have no figures
    ]
    result = named_cohorts.compare(seeded_engine, "suspension_rate", cohort, cohort.comparisons[0], "analyst")
    assert result.period == "2023/24"
    first = result.rows.iloc[0]
    assert first["value"] == pytest.approx(50 / 600 * 100)
    # Byar's approximation against the exact (Garwood) limits: within 0.01 per 100 at 50 events
    assert first["lower_ci"] == pytest.approx(chi2.ppf(0.025, 100) / 2 / 6, abs=0.01)
    assert first["upper_ci"] == pytest.approx(chi2.ppf(0.975, 102) / 2 / 6, abs=0.01)
    # exact conditional test: 50 of the 1,550 events, expected share 600 / 12,400
    p = binomtest(50, 1550, 600 / 12400).pvalue
    assert result.difference.p_value == pytest.approx(p)
    assert result.difference.direction == "lower"
    assert "unlikely to be chance" in result.reading


def test_a_small_group_is_hidden_from_a_viewer_and_not_compared(seeded_engine) -> None:
    _commit(
        seeded_engine,
        "suspension_rate,2023/24,E09000019,Islington,ethnicity+sex,black_african+male,3,400,,,,",
        "suspension_rate,2023/24,E09000019,Islington,ethnicity+sex,black_african+female,9,380,,,,",
        "suspension_rate,2023/24,E09000019,Islington,sex,male,1500,11800,,,,",
    )
    cohort = named_cohort("black_african_boys")
    result = named_cohorts.compare(seeded_engine, "suspension_rate", cohort, cohort.comparisons[0], "viewer")
    shown = result.rows.iloc[0]
    assert shown["marker"] == "c" and shown[["numerator", "value", "lower_ci", "upper_ci"]].isna().all()
    assert "not shown" in result.reading and "cannot be compared" in result.reading


def test_no_common_year_is_a_cohort_error(seeded_engine) -> None:
    cohort = named_cohort("white_british_boys_fsm")
    with pytest.raises(CohortError, match="no year"):
        named_cohorts.compare(seeded_engine, "suspension_rate", cohort, cohort.comparisons[0], "analyst")


def test_intersection_breakdown_keeps_the_major_group_roll_up(seeded_engine) -> None:
    from indicators.services import cohorts as cohort_service  # the breakdown view, beside the named groups

    _commit(
        seeded_engine,
        "suspension_rate,2023/24,E09000019,Islington,ethnicity+sex,black_caribbean+male,50,600,,,,",
        "suspension_rate,2023/24,E09000019,Islington,ethnicity+sex,black+male,300,2600,,,,",
        "suspension_rate,2023/24,E09000019,Islington,ethnicity+sex,white_irish+female,20,300,,,,",
    )
    view = cohort_service.cohort_view(seeded_engine, "suspension_rate", "ethnicity+sex", "2023/24", "analyst")
    got = dict(zip(view.groups["category"], zip(view.groups["label"], view.groups["major"], strict=True), strict=True))
    assert got == {
        "black_caribbean+male": ("Black Caribbean, Male", "black+male"),
        "black+male": ("Black, Male", "black+male"),
        "white_irish+female": ("White Irish, Female", "white+female"),
    }
