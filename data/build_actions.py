"""Build data/reference/actions.csv from the strategy text's action-plan appendix.

Usage (from the repo root)::

    .venv/bin/python data/build_actions.py [STRATEGY_TXT] [--out data/reference/actions.csv]

STRATEGY_TXT defaults to ../shared/strategy/islington-youth-safety-strategy-2020-2025.txt relative
to the repo root. Fails (exit 1) if the strand counts differ from the 57 actions the strategy lists.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from indicators.actions import (  # noqa: E402
    ACTIONS_CSV_COLUMNS,
    ACTIONS_FILE,
    STRANDS,
    Action,
    ActionPlanError,
    action_to_row,
    normalise_dashes,
    parse_objectives,
    parse_timescale,
)
from indicators.settings import REPO_ROOT  # noqa: E402

STRATEGY_FILE = REPO_ROOT.parent / "shared" / "strategy" / "islington-youth-safety-strategy-2020-2025.txt"

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})
_PARA = re.compile(r"<p>(.*?)</p>", re.IGNORECASE | re.DOTALL)


def _paragraphs(cell: str) -> list[str]:
    """A cell's paragraphs: the ``<p>..</p>`` blocks some cells hold, else the whole cell."""
    parts = _PARA.findall(cell) or [cell]
    return [p for p in (re.sub(r"\s+", " ", x).strip() for x in parts) if p]


def _dedupe(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(i for i in items if i))


# --------------------------------------------------------------------------- lead services / governance

# Board and committee names run together without a separator once the PDF's line breaks are lost.
_GOV_SPLIT = re.compile(r"(?:(?<=[Bb]oard)|(?<=Committee))\s+(?=[A-Z])|\s*,\s*")
_GOV_FIXES: dict[str, tuple[str, ...]] = {
    "Safer Islington Partnership Youth justice Services Management Board": (
        "Safer Islington Partnership Board",
        "Youth Justice Services Management Board",
    ),
}
_LEAD_PROTECT = ("Employment, Skills and Culture",)
_LEAD_SPLIT = re.compile(
    r"\s*[,/]\s*|(?<=[a-z)\0])\s+(?=(?:Youth and Community|Learning and Schools|School Improvement"
    r"|Safeguarding|Youth Council)\b)"
)
_LEAD_FIXES: dict[str, tuple[str, ...]] = {
    "Youth and Community and Fairer Together": ("Youth and Community", "Fairer Together"),
    "Police and Community Safety": ("Police", "Community Safety"),
    "You- Lead group": ("You Lead",),
    "You-participation group Lead": ("You Lead",),
}


def split_governance(cell: str) -> list[str]:
    """Split a Governance cell into group names (``board`` capitalised, curly quotes straightened)."""
    out: list[str] = []
    for para in _paragraphs(cell.translate(_QUOTES)):
        for part in _GOV_SPLIT.split(para):
            name = re.sub(r"\bboard$", "Board", part.strip(" ,"))
            out.extend(_GOV_FIXES.get(name, (name,)))
    return _dedupe(out)


def split_lead_services(cell: str) -> list[str]:
    """Split a Lead services cell on commas, slashes and run-together service names."""
    out: list[str] = []
    for para in _paragraphs(cell.translate(_QUOTES)):
        for i, name in enumerate(_LEAD_PROTECT):
            para = para.replace(name, f"\0{i}\0")
        for part in _LEAD_SPLIT.split(para):
            name = re.sub(r"\0(\d)\0", lambda m: _LEAD_PROTECT[int(m[1])], part.strip(" ,"))
            out.extend(_LEAD_FIXES.get(name, (name,)))
    return _dedupe(out)


# --------------------------------------------------------------------------- the action tables


@dataclass
class _Draft:
    strand: str
    line: int
    cells: list[str]
    text: list[str] = field(default_factory=list)
    lead: list[str] = field(default_factory=list)
    governance: list[str] = field(default_factory=list)

    def add(self, cells: list[str]) -> None:
        self.text.append("\n".join(_paragraphs(cells[0])))
        self.lead.extend(split_lead_services(cells[1]))
        self.governance.extend(split_governance(cells[2]))


_STRAND_BY_HEADER = {f"{name} action".lower(): sid for sid, name in STRANDS}


def _header_strand(cells: list[str], line: int) -> str | None:
    """The strand id of an action-table header row, None for any other table's header."""
    if not cells[0].lower().endswith(" action"):
        return None
    if (sid := _STRAND_BY_HEADER.get(re.sub(r"\s+", " ", cells[0]).lower())) is None:
        raise ActionPlanError(f"line {line}: unknown strand in table header '{cells[0]}'")
    return sid


def _is_header(cells: list[str]) -> bool:
    return cells[1].lower().startswith(("lead service", "date compiled"))


def _table_rows(text: str) -> Iterator[tuple[int, str, list[str]]]:
    """(line number, strand id, 5 cells) for each action-table data row, in order."""
    strand: str | None = None
    for number, line in enumerate(text.splitlines(), 1):
        if "\t" not in line:
            strand = strand if not line.strip() else None  # prose ends a table; blank lines don't
            continue
        cells = ([c.strip() for c in line.split("\t")] + [""] * 5)[:5]
        if _is_header(cells):
            strand = _header_strand(cells, number)
        elif strand is not None and any(cells):
            yield number, strand, cells


def _drafts(text: str) -> list[_Draft]:
    drafts: list[_Draft] = []
    for number, strand, cells in _table_rows(text):
        if cells[3] or cells[4]:
            drafts.append(_Draft(strand, number, cells))
        elif not drafts or drafts[-1].strand != strand:
            raise ActionPlanError(f"line {number}: a continuation row with no action above it")
        drafts[-1].add(cells)
    return drafts


def _to_action(draft: _Draft, number: int) -> Action:
    try:
        ts = parse_timescale(draft.cells[3])
        objectives = parse_objectives(draft.cells[4])
    except ActionPlanError as exc:
        raise ActionPlanError(f"line {draft.line}: {exc}") from exc
    return Action(
        id=f"{draft.strand}-{number:02d}",
        strand=draft.strand,
        number=number,
        text=" ".join(t for t in draft.text if t),
        lead_services=_dedupe(draft.lead),
        governance_groups=_dedupe(draft.governance),
        timescale_text=re.sub(r"\s+", " ", normalise_dashes(draft.cells[3])),
        start=ts.start,
        due=ts.due,
        ongoing=ts.ongoing,
        objectives=objectives,
    )


def parse_action_plan(text: str) -> list[Action]:
    """All actions in the strategy text, in document order, numbered within each strand."""
    counts: dict[str, int] = {}
    actions: list[Action] = []
    for draft in _drafts(text):
        counts[draft.strand] = counts.get(draft.strand, 0) + 1
        actions.append(_to_action(draft, counts[draft.strand]))
    return actions


def read_strategy_actions(path: Path | str = STRATEGY_FILE) -> list[Action]:
    """Parse the actions from the strategy text file at ``path``."""
    return parse_action_plan(Path(path).read_text(encoding="utf-8"))


EXPECTED_COUNTS = {
    "prevention": 6,
    "identification": 4,
    "engagement": 8,
    "diversion": 8,
    "support": 10,
    "protection": 7,
    "disruption": 8,
    "enforcement_prosecution": 6,
}


def write_actions_csv(actions: list[Action], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=ACTIONS_CSV_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(action_to_row(a) for a in actions)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("strategy", nargs="?", type=Path, default=STRATEGY_FILE)
    parser.add_argument("--out", type=Path, default=ACTIONS_FILE)
    args = parser.parse_args(argv)
    actions = read_strategy_actions(args.strategy)
    counts = dict(Counter(a.strand for a in actions))
    if counts != EXPECTED_COUNTS:
        print(f"unexpected strand counts {counts}; expected {EXPECTED_COUNTS}", file=sys.stderr)
        return 1
    write_actions_csv(actions, args.out)
    print(f"wrote {len(actions)} actions to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
