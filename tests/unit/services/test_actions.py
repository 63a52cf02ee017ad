"""Action tracker: the 57 actions with their latest status, status uploads, versioning and rollback."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from sqlalchemy import Engine, func, select

from indicators.errors import NotAuthorised
from indicators.ingest.problems import IngestRejected
from indicators.services import actions as tracker
from indicators.services import versions as version_service
from indicators.store import queries
from indicators.store.db import session_scope
from indicators.store.models import ActionStatus, AuditEvent, DatasetVersion
from indicators.store.writes import rollback
from tests.strategy_facts import STRAND_COUNTS

GOOD = (
    b"action_id,status,date,note\r\n"
    b"prevention-01,on_track,2021-03-31,Training under way\r\n"
    b"prevention-01,complete,2021-07-15,All sessions delivered\r\n"
    b"support-03,At risk,2021-06-30,\r\n"
)


def _counts(engine: Engine) -> tuple[int, int, int]:
    with session_scope(engine) as s:
        return tuple(
            s.execute(select(func.count()).select_from(t)).scalar_one()  # type: ignore[return-value]
            for t in (ActionStatus, DatasetVersion, AuditEvent)
        )


def _row(frame: pd.DataFrame, action_id: str) -> pd.Series:
    return frame.set_index("action_id").loc[action_id]


def test_every_action_by_strand_in_plan_order(seeded_engine: Engine) -> None:
    frame = tracker.action_plan_frame(seeded_engine)
    assert len(frame) == 57
    assert frame["strand"].value_counts().to_dict() == STRAND_COUNTS
    assert list(dict.fromkeys(frame["strand"])) == list(STRAND_COUNTS)
    assert list(frame.columns) == tracker.FRAME_COLUMNS
    assert set(frame["latest_status"]) == {tracker.NOT_REPORTED}
    assert _row(frame, "prevention-01")["strand_name"] == "Prevention"


def test_service_and_strand_summary_use_the_tracker(seeded_engine: Engine) -> None:
    frame = tracker.action_plan_frame(seeded_engine)
    summary = tracker.strand_summary(frame)
    assert summary["strand"].tolist() == list(STRAND_COUNTS)
    assert summary["actions"].tolist() == list(STRAND_COUNTS.values())
    assert summary["No update yet"].sum() == 57


def test_good_file_sets_latest_status_in_one_version(seeded_engine: Engine) -> None:
    before = _counts(seeded_engine)
    result = tracker.commit_status_updates(seeded_engine, GOOD, "status.csv", "analyst1")
    assert (result.added, result.unchanged) == (3, 0)
    assert _counts(seeded_engine) == (before[0] + 3, before[1] + 1, before[2] + 1)
    frame = tracker.action_plan_frame(seeded_engine, today=date(2022, 1, 1))
    first = _row(frame, "prevention-01")
    assert (first["latest_status"], first["status_note"], first["updated_by"]) == (
        "complete",
        "All sessions delivered",
        "analyst1",
    )
    assert str(first["status_date"]) == "2021-07-15"
    assert _row(frame, "support-03")["latest_status"] == "at_risk"
    versions = version_service.versions(seeded_engine)
    newest = versions.iloc[0]
    assert (newest["id"], newest["kind"], newest["format"], newest["rows_added"]) == (
        result.version_id,
        "actions",
        "action_status",
        3,
    )
    assert bool(newest["is_current"]) and len(newest["sha256"]) == 64
    assert versions["is_current"].sum() == 1


def test_bad_file_reports_every_problem_and_writes_nothing(seeded_engine: Engine) -> None:
    bad = (
        b"action_id,status,date,note\n"
        b"prevention-01,on_track,2021-03-31,fine\n"
        b"prevention-99,on_track,2021-03-31,\n"
        b"support-03,nearly done,2021-06-30,\n"
        b"support-04,complete,31/06/2021,\n"
        b",complete,,\n"
    )
    before = _counts(seeded_engine)
    with pytest.raises(IngestRejected) as caught:
        tracker.commit_status_updates(seeded_engine, bad, "bad.csv", "analyst1")
    found = {(p.row, p.column, p.code) for p in caught.value.errors}
    assert found == {
        (3, "action_id", "unknown_action"),
        (4, "status", "unknown_status"),
        (5, "date", "bad_date"),
        (6, "action_id", "blank_required"),
        (6, "date", "blank_required"),
    }
    assert _counts(seeded_engine) == before
    problems = tracker.problems_frame(caught.value.problems)
    assert len(problems) == 5 and problems["row"].tolist() == [3, 4, 5, 6, 6]


@pytest.mark.parametrize(
    "data,code",
    [
        (b"", "empty_file"),
        (b"action_id,status,date,note\n", "empty_file"),
        (b"action,status,date\nprevention-01,on_track,2021-03-31\n", "missing_column"),
    ],
)
def test_files_without_usable_rows_are_rejected(seeded_engine: Engine, data: bytes, code: str) -> None:
    with pytest.raises(IngestRejected) as caught:
        tracker.commit_status_updates(seeded_engine, data, "x.csv", "analyst1")
    assert code in {p.code for p in caught.value.errors}


def test_identical_reupload_is_a_noop(seeded_engine: Engine) -> None:
    tracker.commit_status_updates(seeded_engine, GOOD, "status.csv", "analyst1")
    before = _counts(seeded_engine)
    again = tracker.commit_status_updates(seeded_engine, GOOD, "status.csv", "analyst2")
    assert again.version_id is None and (again.added, again.unchanged) == (0, 3)
    assert "Nothing to change" in again.message
    assert _counts(seeded_engine) == before


def test_partly_new_file_stores_only_the_new_rows(seeded_engine: Engine) -> None:
    tracker.commit_status_updates(seeded_engine, GOOD, "status.csv", "analyst1")
    more = GOOD + b"diversion-02,off_track,2021-08-01,Funding ended\r\n"
    result = tracker.commit_status_updates(seeded_engine, more, "status2.csv", "analyst1")
    assert (result.added, result.unchanged) == (1, 3)
    with seeded_engine.connect() as conn:
        assert len(queries.action_statuses(conn)) == 4


def test_rollback_hides_later_status_updates_and_rolling_forward_restores_them(seeded_engine: Engine) -> None:
    seed_version = int(version_service.current_version(seeded_engine)["id"])
    first = tracker.commit_status_updates(seeded_engine, GOOD, "status.csv", "analyst1")
    later = tracker.add_status(seeded_engine, "prevention-01", "off_track", date(2021, 9, 1), "Slipped", "a1")
    assert _row(tracker.action_plan_frame(seeded_engine), "prevention-01")["latest_status"] == "off_track"

    with session_scope(seeded_engine) as s:
        rollback(s, first.version_id, user="analyst1")
    assert _row(tracker.action_plan_frame(seeded_engine), "prevention-01")["latest_status"] == "complete"
    with session_scope(seeded_engine) as s:
        rollback(s, seed_version, user="analyst1")
    frame = tracker.action_plan_frame(seeded_engine)
    assert set(frame["latest_status"]) == {tracker.NOT_REPORTED}
    with seeded_engine.connect() as conn:
        assert len(queries.action_statuses(conn)) == 4  # history kept: nothing deleted

    with session_scope(seeded_engine) as s:
        rollback(s, later.version_id, user="analyst1")
    assert _row(tracker.action_plan_frame(seeded_engine), "prevention-01")["latest_status"] == "off_track"


def test_upload_after_rollback_builds_on_the_version_rolled_back_to(seeded_engine: Engine) -> None:
    seed_version = int(version_service.current_version(seeded_engine)["id"])
    tracker.commit_status_updates(seeded_engine, GOOD, "status.csv", "analyst1")
    with session_scope(seeded_engine) as s:
        rollback(s, seed_version, user="analyst1")
    result = tracker.add_status(seeded_engine, "support-03", "on_track", date(2021, 10, 1), "", "a1")
    assert result.added == 1
    frame = tracker.action_plan_frame(seeded_engine)
    assert _row(frame, "support-03")["latest_status"] == "on_track"
    assert _row(frame, "prevention-01")["latest_status"] == tracker.NOT_REPORTED


def test_in_app_edit_is_versioned_and_validated(seeded_engine: Engine) -> None:
    result = tracker.add_status(seeded_engine, "Protection-02", "On track", date(2021, 5, 1), " ok ", "a1")
    newest = version_service.versions(seeded_engine).iloc[0]
    assert (newest["id"], newest["kind"], newest["format"]) == (result.version_id, "actions", "in_app_edit")
    row = _row(tracker.action_plan_frame(seeded_engine), "protection-02")
    assert (row["latest_status"], row["status_note"]) == ("on_track", "ok")
    with pytest.raises(IngestRejected) as caught:
        tracker.add_status(seeded_engine, "protection-02", "finished", date(2021, 5, 1), "", "a1")
    assert [p.code for p in caught.value.errors] == ["unknown_status"]


@pytest.mark.parametrize("user", ["", "   "])
def test_writes_need_a_named_user(seeded_engine: Engine, user: str) -> None:
    with pytest.raises(NotAuthorised):
        tracker.commit_status_updates(seeded_engine, GOOD, "status.csv", user)
    with pytest.raises(NotAuthorised):
        tracker.add_status(seeded_engine, "support-03", "on_track", date(2021, 5, 1), "", user)


@pytest.mark.parametrize(
    "action_id,status,today,overdue",
    [
        # prevention-01: timescale 'July 2021', so due 2021-07-31
        ("prevention-01", None, date(2021, 7, 31), False),  # due today: not yet overdue
        ("prevention-01", None, date(2021, 8, 1), True),  # past due, no update
        ("prevention-01", "on_track", date(2021, 8, 1), True),  # past due, still in progress
        ("prevention-01", "complete", date(2030, 1, 1), False),  # complete is never overdue
        ("prevention-03", None, date(2030, 1, 1), False),  # 'December 2020/Ongoing': no due date
    ],
)
def test_overdue_against_the_timescale(
    seeded_engine: Engine, action_id: str, status: str | None, today: date, overdue: bool
) -> None:
    if status:
        tracker.add_status(seeded_engine, action_id, status, date(2021, 6, 1), "", "a1")
    row = _row(tracker.action_plan_frame(seeded_engine, today=today), action_id)
    assert bool(row["overdue"]) is overdue


def test_filters_and_options(seeded_engine: Engine) -> None:
    frame = tracker.action_plan_frame(seeded_engine)
    options = tracker.filter_options(frame)
    assert "Youth Justice Services Management Board" in options["governance"]
    assert len(tracker.filter_actions(frame, strand="support")) == 10
    by_objective = tracker.filter_actions(frame, objective=7)
    assert all("7" in o.split(";") for o in by_objective["objectives"])
    lead = options["lead"][0]
    assert all(lead in tracker.split_list(c) for c in tracker.filter_actions(frame, lead=lead)["lead_services"])
    assert tracker.filter_actions(frame, status="complete").empty


def test_json_records_and_display_table(seeded_engine: Engine) -> None:
    frame = tracker.action_plan_frame(seeded_engine, today=date(2022, 1, 1))
    records = tracker.action_records(frame)
    first = records[0]
    assert first["due"] == "2021-07-31" and first["objectives"] == [1, 2, 3, 4, 5, 6, 8]
    assert first["overdue"] is True and isinstance(first["lead_services"], list)
    table = tracker.display_frame(frame)
    assert table.loc[0, "Status"] == "No update yet" and table.loc[0, "Due"] == "31 Jul 2021"


def test_template_is_a_valid_status_file(seeded_engine: Engine) -> None:
    data = tracker.template_csv()
    assert data.startswith(b"action_id,status,date,note\r\n")
    updates, problems = tracker.check_status_csv(seeded_engine, data, "template.csv")
    assert problems == [] and len(updates) == len(tracker.TEMPLATE_ROWS)
