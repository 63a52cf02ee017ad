"""The named groups' RRIs on /disproportionality (services.named_rri), on the seeded default dataset."""

from __future__ import annotations

import math

import pandas as pd

from indicators.services import named_rri, viewer


def test_girls_against_boys_by_hand(seeded_engine):
    # DfE EYFSP 2021/22, Islington: girls 648 of 925 reached a good level of development, boys 587 of 985.
    # RRI (648/925)/(587/985) = 1.175524; Katz SE sqrt(1/648 - 1/925 + 1/587 - 1/985) = 0.033919;
    # 95% CI exp(ln 1.175524 -/+ 1.959964 x 0.033919) = 1.099917 to 1.256328.
    result = named_rri.named_rris(seeded_engine, "viewer")
    (girls,) = [r for r in result.results if r.cohort.id == "girls"]
    assert (girls.against.name, girls.indicator.id, girls.period) == (
        "Boys and young men",
        "good_level_of_development",
        "2021/22",
    )
    assert (girls.events, girls.population, girls.ref_events, girls.ref_population) == (648, 925, 587, 985)
    assert math.isclose(girls.rri, 1.175524, rel_tol=1e-5)
    assert math.isclose(girls.lower, 1.099917, rel_tol=1e-5)
    assert math.isclose(girls.upper, 1.256328, rel_tol=1e-5)
    assert "70.1% of girls and young women against 59.6% of boys and young men" in girls.reading


def test_shares_of_all_offenders_are_not_rates(seeded_engine):
    """The linked data's looked-after row is a share of all offenders (denominator = everyone): no RRI."""
    result = named_rri.named_rris(seeded_engine, "analyst")
    assert not any(r.indicator.id.endswith("_linked") or "linked" in r.indicator.id for r in result.results)
    assert "none for a group to compare them with" in result.reasons["Looked-after children"]
    assert result.reasons["Black Caribbean boys"] == "no published counts for Black Caribbean boys in Islington"


def test_a_hidden_count_gives_a_reason_not_a_ratio(seeded_engine, monkeypatch):
    original = viewer.observations

    def hide_girls(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202 - the stand-in passes everything on
        frame = original(*args, **kwargs)
        girls = frame["category"] == "female"
        return frame.assign(
            numerator=frame["numerator"].mask(girls, float("nan")), marker=frame["marker"].mask(girls, "c")
        )

    monkeypatch.setattr(viewer, "observations", hide_girls)
    result = named_rri.named_rris(seeded_engine, "viewer")
    assert not any(r.cohort.id == "girls" for r in result.results)
    assert result.reasons["Girls and young women"] == "no published counts for girls and young women in Islington"
    assert isinstance(result.results, list) and pd.notna(result.results[0].rri)  # SEN is untouched
