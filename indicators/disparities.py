"""The explain-or-change register's rules (the Lammy review's principle: where a disparity cannot
be explained, change the practice). Pure: findings in, planned register changes out.

A *finding* is one ratio for one period: a stage's relative rate index (RRI) for a group, or a
representation ratio. A key (measure, indicator, dimension, group, basis) is *flagged* in a period
when its ratio is reliable (no [u], [c] or [x] marker; an interval is known), significant (the
interval excludes 1) and beyond the threshold: ratio >= threshold or ratio <= 1 / threshold.

Rules, applied each time the register is synchronised with the data:
- open: a key flagged in its latest flagged period P, with no open entry, and P later than the
  period of any entry for the key that was closed before (so a closed entry is not reopened on the
  same evidence);
- update: an open entry whose key has a later flagged period takes that period's ratio;
- close: when the key is not significant in two periods after the entry's period ("no longer
  significant for two periods"), or when every linked action's latest status is complete.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

MEASURES: dict[str, str] = {"rri": "Relative rate index", "representation": "Representation ratio"}
KEY_COLUMNS: tuple[str, ...] = ("measure", "indicator_id", "dimension", "category", "basis")
FINDING_COLUMNS: tuple[str, ...] = (
    *KEY_COLUMNS, "stage", "group", "period", "period_start", "ratio", "lower", "upper", "marker", "significant",
)  # fmt: skip
UNRELIABLE_MARKERS = frozenset({"u", "c", "x"})
STATUSES: tuple[str, ...] = ("open", "closed")
CLOSED_AFTER_PERIODS = 2

Key = tuple[str, str, str, str, str]


@dataclass(frozen=True)
class Change:
    """One planned change to the register. ``entry_id`` is None for an entry still to be opened."""

    kind: str  # open | update | close
    key: Key
    entry_id: int | None
    period: str
    ratio: float | None = None
    lower: float | None = None
    upper: float | None = None
    stage: str = ""
    group: str = ""
    reason: str = ""


def key_of(row: Mapping[str, object]) -> Key:
    return tuple(str(row[c]) for c in KEY_COLUMNS)  # type: ignore[return-value]


def flag(findings: pd.DataFrame, threshold: float) -> pd.DataFrame:
    """Add `reliable` and `flagged` to a findings frame (see the module's rules)."""
    if threshold < 1:
        raise ValueError(f"the disparity threshold must be 1 or more, not {threshold}")
    out = findings.copy()
    ratio, lower, upper = (pd.to_numeric(out[c], errors="coerce") for c in ("ratio", "lower", "upper"))
    marker = out["marker"].fillna("").astype(str)
    out["reliable"] = ~marker.isin(UNRELIABLE_MARKERS) & ratio.notna() & lower.notna() & upper.notna()
    significant = out["significant"].fillna(False).astype(bool) & ((lower > 1) | (upper < 1))
    out["significant"] = significant & out["reliable"]
    out["flagged"] = out["significant"] & ((ratio >= threshold) | (ratio <= 1 / threshold))
    return out


def _after(rows: pd.DataFrame, period_start: pd.Timestamp) -> pd.DataFrame:
    return rows[rows["period_start"] > period_start]


def _not_significant_after(rows: pd.DataFrame, period: str) -> list[str]:
    """Periods after ``period`` in which the ratio was computed and not significant."""
    start = rows.loc[rows["period"] == period, "period_start"]
    if start.empty:
        return []
    later = _after(rows, start.iloc[0])
    quiet = later[~later["significant"] & pd.to_numeric(later["ratio"], errors="coerce").notna()]
    return quiet["period"].tolist()


def _change(kind: str, key: Key, entry_id: int | None, row: pd.Series, reason: str = "") -> Change:
    def num(v: object) -> float | None:
        return None if pd.isna(v) else float(v)  # type: ignore[arg-type]

    return Change(
        kind, key, entry_id, str(row["period"]), num(row["ratio"]), num(row["lower"]), num(row["upper"]),
        str(row["stage"]), str(row["group"]), reason,
    )  # fmt: skip


def plan_changes(
    flagged: pd.DataFrame, entries: pd.DataFrame, actions_complete: Mapping[int, bool] | None = None
) -> list[Change]:
    """What the register must do so it agrees with the flagged findings.

    ``entries``: the register (columns id, status, period and the KEY_COLUMNS).
    ``actions_complete``: entry id -> True when it has linked actions and all are complete.
    """
    actions_complete = actions_complete or {}
    changes: list[Change] = []
    by_key = {k: g.sort_values("period_start") for k, g in flagged.groupby(list(KEY_COLUMNS), sort=False)}
    for key, rows in by_key.items():
        hits = rows[rows["flagged"]]
        mine = entries[[key_of(e) == key for _, e in entries.iterrows()]] if len(entries) else entries
        open_rows = mine[mine["status"] == "open"] if len(mine) else mine
        if len(open_rows):
            entry = open_rows.iloc[0]
            entry_id = int(entry["id"])
            starts = dict(zip(rows["period"], rows["period_start"], strict=True))
            entry_start = starts.get(entry["period"])
            newer = hits if entry_start is None else hits[hits["period_start"] > entry_start]
            period = str(entry["period"])
            if len(newer):
                changes.append(_change("update", key, entry_id, newer.iloc[-1]))
                period = str(newer.iloc[-1]["period"])
            quiet = _not_significant_after(rows, period)
            if len(quiet) >= CLOSED_AFTER_PERIODS:
                reason = f"no longer significant in {quiet[0]} and {quiet[1]}"
                changes.append(_change("close", key, entry_id, rows[rows["period"] == quiet[1]].iloc[0], reason))
            elif actions_complete.get(entry_id):
                changes.append(_change("close", key, entry_id, rows.iloc[-1], "every linked action is complete"))
            continue
        if hits.empty:
            continue
        latest = hits.iloc[-1]
        if len(_not_significant_after(rows, str(latest["period"]))) >= CLOSED_AFTER_PERIODS:
            continue
        closed_starts = [
            rows.loc[rows["period"] == p, "period_start"].iloc[0]
            for p in (mine["period"] if len(mine) else [])
            if (rows["period"] == p).any()
        ]
        if closed_starts and latest["period_start"] <= max(closed_starts):
            continue
        changes.append(_change("open", key, None, latest))
    seen = set(by_key)
    for entry_id in close_for_actions(entries, actions_complete):
        entry = entries[entries["id"] == entry_id].iloc[0]
        if key_of(entry) not in seen:
            changes.append(Change("close", key_of(entry), entry_id, str(entry["period"]),
                                  reason="every linked action is complete"))  # fmt: skip
    return changes


def close_for_actions(entries: pd.DataFrame, actions_complete: Mapping[int, bool]) -> list[int]:
    """Open entries whose linked actions are all complete (closed even without new data)."""
    if entries.empty:
        return []
    open_ids = entries.loc[entries["status"] == "open", "id"].astype(int)
    return [i for i in open_ids if actions_complete.get(i)]


def all_complete(statuses: Sequence[str | None]) -> bool:
    """True when there is at least one linked action and every one's latest status is complete."""
    return bool(statuses) and all(s == "complete" for s in statuses)


def interval_text(ratio: float | None, lower: float | None, upper: float | None) -> str:
    """'2.40 (95% CI 1.90 to 3.03)'."""
    if ratio is None or pd.isna(ratio):
        return ""
    if lower is None or upper is None or pd.isna(lower) or pd.isna(upper):
        return f"{ratio:.2f}"
    return f"{ratio:.2f} (95% CI {lower:.2f} to {upper:.2f})"
