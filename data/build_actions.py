"""Build data/reference/actions.csv from the strategy text's action-plan appendix.

Usage (from the repo root)::

    .venv/bin/python data/build_actions.py [STRATEGY_TXT] [--out data/reference/actions.csv]

STRATEGY_TXT defaults to ../shared/strategy/islington-youth-safety-strategy-2020-2025.txt relative
to the repo root. Fails (exit 1) if the strand counts differ from the 57 actions the strategy lists.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from indicators.action_plan import (  # noqa: E402
    ACTIONS_CSV_COLUMNS,
    ACTIONS_FILE,
    STRATEGY_FILE,
    Action,
    action_to_row,
    read_strategy_actions,
)

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
