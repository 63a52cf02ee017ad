"""indicators.services.series: the overview card and the indicator page state the same status for every
KPI (one rule for both), and the overview flags an indicator once a refresh saw a later period at the
publisher than the store holds."""

from __future__ import annotations

from indicators.catalogue import load_catalogue
from indicators.services import series
from indicators.store.db import session_scope
from indicators.store.publisher import record_publisher_periods


def _summary(item) -> tuple:
    s = item.status
    return (
        s.latest_period,
        s.latest_value,
        s.baseline_period,
        s.baseline_value,
        s.target.status if s.target else None,
        s.trend.status if s.trend else None,
        tuple(sorted(s.comparisons.items())),
    )


def test_overview_and_indicator_page_agree_for_every_kpi(seeded_engine) -> None:
    cards = {c.indicator.id: c for c in series.overview(seeded_engine, "viewer")}
    assert set(cards) == {i.id for i in load_catalogue().kpis()}
    for ind_id, card in cards.items():
        page = series.indicator_series(seeded_engine, [ind_id], "viewer")[ind_id]
        assert _summary(page) == _summary(card), ind_id


def test_every_kpi_has_a_target_and_a_latest_value(seeded_engine) -> None:
    for card in series.overview(seeded_engine, "viewer"):
        assert card.target is not None, card.indicator.id
        assert card.status.latest_value is not None, card.indicator.id


def test_no_flag_before_any_refresh_has_looked(seeded_engine) -> None:
    assert series.newer_at_publisher(seeded_engine) == {}
    assert all(card.newer_at_publisher == "" for card in series.overview(seeded_engine, "viewer"))


def test_a_later_period_at_the_publisher_is_flagged_and_an_earlier_one_is_not(seeded_engine) -> None:
    with session_scope(seeded_engine) as session:
        record_publisher_periods(
            session,
            {
                "first_time_entrants": ("2030", "fingertips-10401.csv"),  # later than anything stored
                "neet_16_17": ("2000", "ees-neet.csv"),  # earlier than anything stored
            },
        )
    newer = series.newer_at_publisher(seeded_engine)
    assert set(newer) == {"first_time_entrants"}
    assert "2030" in newer["first_time_entrants"] and "publisher" in newer["first_time_entrants"]
    cards = {c.indicator.id: c for c in series.overview(seeded_engine, "viewer")}
    assert "2030" in cards["first_time_entrants"].newer_at_publisher
    assert cards["neet_16_17"].newer_at_publisher == ""


def test_a_later_look_replaces_the_earlier_one(seeded_engine) -> None:
    with session_scope(seeded_engine) as session:
        record_publisher_periods(session, {"first_time_entrants": ("2030", "a.csv")})
    with session_scope(seeded_engine) as session:
        record_publisher_periods(session, {"first_time_entrants": ("2001", "b.csv")})
    assert series.newer_at_publisher(seeded_engine) == {}
