"""Writes for the explain-or-change register and young people's voice (writes.py is at its size
limit, so these live beside it and share its write lock and audit rows).

Nothing is deleted: an entry changes in place with ``version`` bumped, and each version is kept as
a DisparityEvent holding the whole entry as JSON, so its history can be replayed.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from indicators.disparities import Change
from indicators.errors import IndicatorError
from indicators.store.models import Action, DisparityAction, DisparityEntry, DisparityEvent, VoiceItem
from indicators.store.writes import lock_for_write, record_event


class RegisterError(IndicatorError, ValueError):
    """A register or voice change that cannot be made (unknown entry or action, closed entry)."""


@dataclass(frozen=True)
class VoiceRecord:
    objective: int
    quarter: str
    kind: str
    text: str
    source: str
    consent: bool


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _snapshot(entry: DisparityEntry, links: Sequence[str]) -> str:
    data = {c.name: getattr(entry, c.name) for c in DisparityEntry.__table__.columns}
    data["actions"] = list(links)
    return json.dumps(data, default=str, sort_keys=True)


def _links(session: Session, entry_id: int) -> list[str]:
    stmt = select(DisparityAction.action_id).where(DisparityAction.entry_id == entry_id).order_by(DisparityAction.id)
    return list(session.execute(stmt).scalars())


def _version(session: Session, entry: DisparityEntry, user: str, change: str, detail: str) -> None:
    """Bump the entry's version and keep it as an event and an audit row."""
    entry.version = (entry.version or 0) + 1
    entry.updated_at, entry.updated_by = _now(), user
    session.flush()
    session.add(
        DisparityEvent(
            entry_id=entry.id, version=entry.version, at=entry.updated_at, user=user, change=change, detail=detail,
            snapshot=_snapshot(entry, _links(session, entry.id)),
        )
    )  # fmt: skip
    record_event(session, user, f"register_{change}", f"entry {entry.id} v{entry.version}: {detail}")


def apply_changes(session: Session, changes: Sequence[Change], user: str) -> list[int]:
    """Open, update and close entries as indicators.disparities.plan_changes planned; ids touched."""
    lock_for_write(session)
    touched = []
    for c in changes:
        if c.kind == "open":
            measure, indicator_id, dimension, category, basis = c.key
            entry = DisparityEntry(
                measure=measure, indicator_id=indicator_id, stage=c.stage, dimension=dimension, category=category,
                group_label=c.group, basis=basis, period=c.period, ratio=c.ratio, lower=c.lower, upper=c.upper,
                status="open", opened_at=_now(), close_reason="", explanation="", evidence="", local_action="",
                owner="", version=0, updated_at=_now(), updated_by=user,
            )  # fmt: skip
            session.add(entry)
            session.flush()
            _version(session, entry, user, "opened", f"{c.group}, {c.stage}, {c.period}: ratio {c.ratio:.2f}")
        else:
            entry = _entry(session, c.entry_id)
            if c.kind == "update":
                entry.period, entry.ratio, entry.lower, entry.upper = c.period, c.ratio, c.lower, c.upper
                _version(session, entry, user, "updated", f"{c.period}: ratio {c.ratio:.2f}")
            elif c.kind == "close":
                entry.status, entry.closed_at, entry.close_reason = "closed", _now(), c.reason
                _version(session, entry, user, "closed", c.reason)
        touched.append(entry.id)
    return touched


def _entry(session: Session, entry_id: int | None) -> DisparityEntry:
    entry = session.get(DisparityEntry, entry_id) if entry_id is not None else None
    if entry is None:
        raise RegisterError(f"there is no register entry {entry_id}")
    return entry


def _open_entry(session: Session, entry_id: int) -> DisparityEntry:
    entry = _entry(session, entry_id)
    if entry.status != "open":
        raise RegisterError(f"register entry {entry_id} is closed ({entry.close_reason}); it can no longer change")
    return entry


def record_explanation(
    session: Session, entry_id: int, explanation: str, evidence: str, owner: str, review_date: date, user: str
) -> None:
    lock_for_write(session)
    entry = _open_entry(session, entry_id)
    entry.explanation, entry.evidence, entry.owner, entry.review_date = explanation, evidence, owner, review_date
    _version(session, entry, user, "explained", f"explanation recorded; owner {owner}, review {review_date}")


def link_actions(
    session: Session,
    entry_id: int,
    action_ids: Sequence[str],
    local_action: str,
    owner: str,
    review_date: date,
    user: str,
) -> None:
    """Link plan actions (and/or describe a new local action) to an open entry."""
    lock_for_write(session)
    entry = _open_entry(session, entry_id)
    known = set(session.execute(select(Action.id)).scalars())
    unknown = [a for a in action_ids if a not in known]
    if unknown:
        raise RegisterError(f"unknown action id(s): {', '.join(unknown)} (see data/reference/actions.csv)")
    already = set(_links(session, entry_id))
    new = [a for a in dict.fromkeys(action_ids) if a not in already]
    session.add_all(DisparityAction(entry_id=entry_id, action_id=a, linked_at=_now(), user=user) for a in new)
    if local_action:
        entry.local_action = local_action
    entry.owner, entry.review_date = owner, review_date
    what = ", ".join(new) or "no new plan action"
    _version(session, entry, user, "linked", f"{what}" + (f"; local action: {local_action}" if local_action else ""))


def add_voice(session: Session, records: Sequence[VoiceRecord], user: str) -> int:
    lock_for_write(session)
    now = _now()
    session.add_all(
        VoiceItem(
            objective=r.objective, quarter=r.quarter, kind=r.kind, text=r.text, source=r.source, consent=r.consent,
            created_at=now, user=user, withdrawn=False,
        )
        for r in records
    )  # fmt: skip
    record_event(session, user, "voice_added", f"{len(records)} young people's voice item(s)")
    return len(records)


def withdraw_voice(session: Session, item_id: int, user: str) -> None:
    lock_for_write(session)
    item = session.get(VoiceItem, item_id)
    if item is None:
        raise RegisterError(f"there is no voice item {item_id}")
    item.withdrawn = True
    record_event(session, user, "voice_withdrawn", f"voice item {item_id}")
