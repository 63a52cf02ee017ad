"""Tell an upload's format from its header row and read it with the matching reader.

The readers are leaves (readers, fingertips, publisher); this module imports them, so nothing
imports back. Formats: our native template, a Fingertips export, or a publisher file whose layout is
declared in ingest/mappings/*.toml ('ees' for DfE Explore Education Statistics files).
"""

from __future__ import annotations

import pandas as pd

from indicators.ingest.fingertips import read_fingertips
from indicators.ingest.mapping import Layout, find_layout
from indicators.ingest.problems import Problem, Reason
from indicators.ingest.publisher import read_publisher
from indicators.ingest.readers import read_native
from indicators.ingest.reference import Reference

FORMATS: tuple[str, ...] = ("native", "fingertips", "ees")
_NATIVE_HINT = {"indicator_id", "period", "area_code", "numerator", "value", "denominator", "category"}
_FINGERTIPS_HINT = {"indicator id", "time period", "area code"}
_EES_HINT = {"time_period", "time_identifier", "geographic_level"}


def detect_format(header: list[str]) -> str | None:
    """'native', 'fingertips', the layout key of a publisher file ('ees', 'lait', 'mps'...), or None."""
    names = {h.strip().lower() for h in header}
    if _FINGERTIPS_HINT <= names:
        return "fingertips"
    layout = find_layout(header)
    if layout is not None:
        return layout.key
    if _EES_HINT <= names:
        return "ees"
    if "indicator_id" in names or len(names & _NATIVE_HINT) >= 3:
        return "native"
    return None


def read_frame(raw: pd.DataFrame, fmt: str, reference: Reference) -> tuple[pd.DataFrame, list[Problem]]:
    """Read ``raw`` (strings + source_row) as ``fmt`` into the native columns."""
    if fmt == "native":
        return read_native(raw)
    if fmt == "fingertips":
        return read_fingertips(raw, reference)
    header = [str(c) for c in raw.columns if c != "source_row"]
    layout: Layout | None = find_layout(header, fmt)
    if layout is None:
        return pd.DataFrame(), [unknown_format(header, fmt)]
    return read_publisher(raw, layout, reference)


def unknown_format(header: list[str], fmt: str = "auto", row: int = 1) -> Problem:
    """One root-cause line: what the header looks like and which formats would be accepted."""
    shown = ", ".join(header[:6]) + (", ..." if len(header) > 6 else "")
    if fmt == "ees":
        return Problem(
            row,
            None,
            shown[:200],
            Reason.NO_MAPPING,
            f"no column of this Explore Education Statistics file is mapped to a catalogue "
            f"indicator (header: {shown}); a layout for it in indicators/ingest/mappings/dfe.toml "
            "would be needed",
        )
    return Problem(
        row,
        None,
        shown[:200],
        Reason.UNKNOWN_FORMAT,
        f"the header ({shown}) matches none of the accepted formats: our template (indicator_id, "
        "period, area_code, ...), a Fingertips export, or a publisher file listed in "
        "indicators/ingest/mappings (DfE, LAIT, MPS, YJB)",
    )
