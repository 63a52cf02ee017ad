"""Sentences about the youth justice stages: how each stage is said, one RRI sentence per group,
and the heatmap in words. Pure; the single sentences are ``readings.rri_reading``.
"""

from __future__ import annotations

import pandas as pd

from indicators.catalogue import Indicator, load_catalogue
from indicators.readings import format_ratio, rri_reading

# stage id -> (what a child does to reach it, how a child is described once there)
STAGE_PHRASES: dict[str, tuple[str, str]] = {
    "yj_arrests": ("be arrested", "arrested"),
    "first_time_entrants_count": ("enter the youth justice system", "in the youth justice system"),
    "yj_court_outcomes": ("receive a court outcome", "given a court outcome"),
    "yj_custody": ("be sentenced to custody", "sentenced to custody"),
}


def previous_stage(stage: Indicator) -> Indicator | None:
    """The stage before ``stage`` in the catalogue's cascade (None for the first or the population)."""
    cascade = load_catalogue().stages()
    ids = [s.id for s in cascade]
    position = ids.index(stage.id) if stage.id in ids else 0
    return cascade[position - 1] if position > 0 else None


def stage_phrase(stage: Indicator, basis: str) -> str:
    """'be arrested'; on the stage-to-stage basis 'enter the youth justice system once arrested'.

    >>> stage_phrase(load_catalogue().get("yj_arrests"), "population")
    'be arrested'
    """
    phrase = STAGE_PHRASES.get(stage.id, (f"be counted in {stage.title.lower()}", ""))[0]
    previous = previous_stage(stage) if basis == "previous_stage" else None
    if previous is not None and previous.yj_stage != 0:
        phrase += f" once {STAGE_PHRASES.get(previous.id, ('', previous.title.lower()))[1]}"
    return phrase


def stage_readings(table: pd.DataFrame, reference_label: str, phrase: str) -> list[str]:
    """One readings.rri_reading sentence per group of an RRI table (the reference left out), largest first."""
    rows = table[~table["reference"]].sort_values("rri", ascending=False, na_position="last")
    reference_unreliable = bool(table.loc[table["reference"], "low_reliability"].any())
    return [
        rri_reading(
            r["label"],
            reference_label,
            r["rri"],
            r["lower"],
            r["upper"],
            phrase,
            bool(r["low_reliability"]),
            r["marker"],
            reference_unreliable,
        )  # fmt: skip
        for _, r in rows.iterrows()
    ]


def heatmap_reading(frame: pd.DataFrame, reference_label: str, basis: str = "population") -> str:
    """The significant and reliable cells in words, then how many are hidden or unreliable."""
    strong = frame[frame["significant"] & ~frame["low_reliability"] & ~frame["reference"]]
    catalogue = load_catalogue()
    parts = [
        f"{r['label']} children were {format_ratio(r['rri'])} times as likely to "
        f"{stage_phrase(catalogue.get(r['stage_id']), basis)}"
        for _, r in strong.iterrows()
    ]
    text = (
        f"Significant and reliable differences from {reference_label} children: " + "; ".join(parts) + "."
        if parts
        else f"No group differs significantly and reliably from {reference_label} children."
    )
    hidden, unreliable = int((frame["marker"] == "c").sum()), int((frame["marker"] == "u").sum())
    if hidden or unreliable:
        text += f" {hidden} cells are suppressed [c] and {unreliable} are of low reliability [u]."
    return text
