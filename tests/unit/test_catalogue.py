"""Integrity of indicators/catalogue.toml."""

from __future__ import annotations

import re
from typing import get_args

import pytest
from pydantic import ValidationError

from indicators.catalogue import Polarity, Source, Unit, load_catalogue
from indicators.periods import PERIOD_TYPES

KPI_POLARITY = {
    "good_level_of_development": "high_is_good",
    "suspension_rate": "low_is_good",
    "permanent_exclusion_rate": "low_is_good",
    "attainment_gap_black_caribbean": "low_is_good",
    "attainment_gap_white_british_disadvantaged": "low_is_good",
    "neet_16_17": "low_is_good",
    "first_time_entrants": "low_is_good",
    "reoffending_rate": "low_is_good",
    "nrm_positive_outcomes": "high_is_good",
    "youth_justice_disproportionality": "low_is_good",
    "serious_youth_violence": "low_is_good",
    "missing_children": "low_is_good",
    "knife_crime_victims_under_25": "low_is_good",
    "semh_first_appointment_4_weeks": "high_is_good",
}
STRAND_IDS = [
    "prevention",
    "identification",
    "engagement",
    "diversion",
    "support",
    "protection",
    "disruption",
    "enforcement_prosecution",
]
PUBLISHERS = {"DfE", "YJB", "MoJ", "MPS", "ONS", "Islington Council", "Illustrative"}


@pytest.fixture(scope="module")
def cat():
    return load_catalogue()


def test_objectives_and_strands(cat):
    assert sorted(cat.objectives) == list(range(1, 9))
    assert cat.objectives[1].startswith("Protect children and young people")
    assert [s.id for s in cat.strands] == STRAND_IDS
    assert all(s.name and s.description for s in cat.strands)


def test_exactly_the_fourteen_kpis(cat):
    assert {i.id for i in cat.kpis()} == set(KPI_POLARITY)


@pytest.mark.parametrize(("ind_id", "polarity"), sorted(KPI_POLARITY.items()))
def test_kpi_polarity(cat, ind_id, polarity):
    assert cat.get(ind_id).polarity == polarity


def test_ids_unique(cat):
    assert len(cat.ids()) == len(set(cat.ids()))


def test_fields_valid(cat):
    for ind in cat.indicators:
        assert ind.unit in get_args(Unit), ind.id
        assert ind.polarity in get_args(Polarity), ind.id
        assert ind.period_type in PERIOD_TYPES, ind.id
        assert ind.objectives and all(1 <= o <= 8 for o in ind.objectives), ind.id
        assert ind.strands and set(ind.strands) <= set(STRAND_IDS), ind.id
        assert ind.title and ind.description and ind.definition and ind.unit_phrase, ind.id
        assert ind.source.publisher in PUBLISHERS, ind.id
        assert ind.source.url.startswith("https://"), ind.id
        assert ind.decimals >= 0, ind.id


def test_illustrative_indicators_have_a_note(cat):
    for ind in cat.indicators:
        if ind.illustrative:
            assert "illustrative" in ind.note.lower(), ind.id


def test_custodial_sentences_note_records_the_inconsistency(cat):
    note = cat.get("custodial_sentences").note
    assert "7" in note and "9" in note


def test_specific_definitions(cat):
    fte = cat.get("first_time_entrants")
    assert (fte.unit, fte.period_type, fte.fingertips_id) == ("rate_per_100000", "calendar_year", 10401)
    assert cat.get("youth_justice_disproportionality").unit == "ratio"
    assert cat.get("population_10_17").unit == "count"
    assert cat.get("children_looked_after_rate").unit == "rate_per_10000"
    assert cat.get("yjs_cautioned_or_sentenced_rate").unit == "rate_per_1000"
    for ind_id in (
        "attainment8_all",
        "attainment8_black",
        "attainment8_disadvantaged",
        "attainment8_non_disadvantaged",
    ):
        assert cat.get(ind_id).unit == "score"
    for ind_id in ("yos_cohort_share", "secondary_pupils_share"):
        assert (cat.get(ind_id).unit, cat.get(ind_id).period_type) == ("percent", "month")
    assert cat.get("knife_crime_victims_under_25").note == "Latest published: 2019/20."


def test_youth_justice_stage_cascade(cat):
    stages = [(i.id, i.yj_stage) for i in cat.stages()]
    assert stages == [
        ("population_10_17", 0),
        ("yj_arrests", 1),
        ("first_time_entrants_count", 2),
        ("yj_court_outcomes", 3),
        ("yj_custody", 4),
    ]
    for ind_id, _ in stages:
        assert cat.get(ind_id).period_type in ("financial_year", "calendar_year")


def test_release_calendar_is_recorded_and_never_guessed(cat):
    """Last release as YYYY-MM (published series); next release a date only from a publisher's calendar, else 'unknown'.
    No source at hand gives a next release date, so every one is 'unknown' until someone records one."""
    for ind in cat.indicators:
        published = ind.source.publisher != "Illustrative"  # an illustrative series has no release
        assert bool(re.fullmatch(r"\d{4}-\d{2}", ind.source.released)) == published, ind.id
        assert ind.source.next_release == "unknown", ind.id


def test_a_guessed_next_release_in_free_text_is_refused():
    with pytest.raises(ValidationError):
        Source(publisher="DfE", name="x", url="https://x", next_release="probably autumn")
    assert Source(publisher="DfE", name="x", url="https://x", next_release="2026-10").next_release == "2026-10"
