"""The overview card and the indicator page state the same status for every KPI (one rule for both)."""

from __future__ import annotations

from indicators.catalogue import load_catalogue
from indicators.services import series


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
