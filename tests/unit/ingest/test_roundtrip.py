"""The analyst export uploaded back unchanged is valid and changes nothing (issue 22), on the whole
default dataset; one edited cell changes exactly one observation."""

from __future__ import annotations

from indicators.safe_csv import analyst_mark, to_csv_text
from indicators.services import series, uploads
from indicators.services import versions as version_service


def _export(engine) -> str:
    """Exactly what `export --role analyst` writes: the not-for-publication line, then the CSV."""
    current = version_service.current_version(engine)
    mark = analyst_mark(current["id"], current["created_at"])
    return to_csv_text(series.export_frame(engine, role="analyst"), mark)


def test_the_analyst_export_round_trips_unchanged(seeded_engine) -> None:
    text = _export(seeded_engine)
    parsed = uploads.parse(text.encode("utf-8"), "export.csv", max_bytes=None)
    assert parsed.ok, [p.describe() for p in parsed.errors[:5]]
    summary = uploads.preview(seeded_engine, parsed)
    assert (summary.added, summary.changed) == (0, 0)
    assert summary.unchanged == len(parsed.frame) == text.count("\n") - 2  # the comment line and the header


def test_one_edited_cell_is_one_change(seeded_engine) -> None:
    lines = _export(seeded_engine).splitlines(keepends=True)
    target = next(i for i, line in enumerate(lines) if line.startswith("neet_16_17,") and '"' not in line)
    cells = lines[target].split(",")
    cells[11] = "edited in Excel"  # the note
    lines[target] = ",".join(cells)
    parsed = uploads.parse("".join(lines).encode("utf-8"), "edited.csv", max_bytes=None)
    assert parsed.ok, [p.describe() for p in parsed.errors[:5]]
    summary = uploads.preview(seeded_engine, parsed)
    assert (summary.added, summary.changed) == (0, 1)
