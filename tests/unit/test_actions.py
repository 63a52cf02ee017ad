"""Action plan: timescale / objective parsing, the 57 actions, status CSV validation, overdue."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pandas as pd
import pytest

from data import build_actions
from indicators.actions import (
    ACTIONS_FILE,
    STATUSES,
    STRAND_IDS,
    Action,
    ActionPlanError,
    StatusUpdate,
    load_actions,
    overdue,
    parse_objectives,
    parse_timescale,
)
from indicators.errors import IndicatorError
from indicators.ingest.action_status import read_status_csv
from tests.strategy_facts import STRAND_COUNTS

# The strategy-text parser is build-time code (data/build_actions.py), not part of the package.
STRATEGY_FILE = build_actions.STRATEGY_FILE
parse_action_plan = build_actions.parse_action_plan
read_strategy_actions = build_actions.read_strategy_actions
split_governance = build_actions.split_governance
split_lead_services = build_actions.split_lead_services

EN = "\u2013"  # the en dash the document uses alongside plain hyphens

needs_strategy = pytest.mark.skipif(not STRATEGY_FILE.exists(), reason="strategy text not available")


# --------------------------------------------------------------------------- timescales

# Every Timescale cell value in the document (the first 15 rows), then other forms we accept.
TIMESCALES = [
    ("July 2021", None, date(2021, 7, 31), False),
    ("October 2021", None, date(2021, 10, 31), False),
    ("March 2021", None, date(2021, 3, 31), False),
    ("April 2021", None, date(2021, 4, 30), False),
    ("June 2021", None, date(2021, 6, 30), False),
    ("January 2021", None, date(2021, 1, 31), False),
    ("December 2020", None, date(2020, 12, 31), False),
    ("December 2020 - ongoing", date(2020, 12, 1), None, True),
    ("December 2020/Ongoing", date(2020, 12, 1), None, True),
    ("January 2021/Ongoing", date(2021, 1, 1), None, True),
    ("April 2020/Ongoing", date(2020, 4, 1), None, True),
    ("Jan 2021 - ongoing", date(2021, 1, 1), None, True),
    ("December 20/Ongoing", date(2020, 12, 1), None, True),
    (f"December 2020 {EN} Sept 2021", date(2020, 12, 1), date(2021, 9, 30), False),
    (f"December 2020 {EN} March 2022", date(2020, 12, 1), date(2022, 3, 31), False),
    ("Ongoing", None, None, True),
    ("February 2024", None, date(2024, 2, 29), False),
    ("  march   2021 ", None, date(2021, 3, 31), False),
    ("Dec 2020 to Mar 2021", date(2020, 12, 1), date(2021, 3, 31), False),
    ("December 2020 - March 2022", date(2020, 12, 1), date(2022, 3, 31), False),
    (f"December 2020 {EN} ongoing", date(2020, 12, 1), None, True),
]
DOCUMENT_TIMESCALES = {t[0] for t in TIMESCALES[:15]}


@pytest.mark.parametrize(("text", "start", "due", "ongoing"), TIMESCALES)
def test_parse_timescale(text: str, start: date | None, due: date | None, ongoing: bool) -> None:
    ts = parse_timescale(text)
    assert (ts.start, ts.due, ts.ongoing, ts.text) == (start, due, ongoing, text)


@pytest.mark.parametrize("text", ["", "soon", "Smarch 2021", "March 2022 - December 2020", "2021"])
def test_parse_timescale_rejects(text: str) -> None:
    with pytest.raises(ActionPlanError):
        parse_timescale(text)


# --------------------------------------------------------------------------- objectives

OBJECTIVE_FORMS = [
    (f"1 {EN} 6 8", {1, 2, 3, 4, 5, 6, 8}),
    (f"1 {EN} 4 6 8", {1, 2, 3, 4, 6, 8}),
    (f"1 {EN} 4 8", {1, 2, 3, 4, 8}),
    (f"1 {EN} 3 7 8", {1, 2, 3, 7, 8}),
    ("1 - 8", set(range(1, 9))),
    ("1 - 3 7 8", {1, 2, 3, 7, 8}),
    ("1 - 4 7 8", {1, 2, 3, 4, 7, 8}),
    ("1, 3, 5", {1, 3, 5}),
    ("1;2;3", {1, 2, 3}),
    ("2 and 4", {2, 4}),
    ("All", set(range(1, 9))),
    ("7", {7}),
]
DOCUMENT_OBJECTIVES = {t[0] for t in OBJECTIVE_FORMS[:7]}


@pytest.mark.parametrize(("text", "expected"), OBJECTIVE_FORMS)
def test_parse_objectives(text: str, expected: set[int]) -> None:
    assert parse_objectives(text) == frozenset(expected)


@pytest.mark.parametrize("text", ["", "none", "0", "1 - 9", "6 - 2", "1 x 3"])
def test_parse_objectives_rejects(text: str) -> None:
    with pytest.raises(ActionPlanError):
        parse_objectives(text)


def test_errors_are_indicator_errors() -> None:
    with pytest.raises(IndicatorError):
        parse_objectives("nope")


# --------------------------------------------------------------------------- the 57 actions


@pytest.fixture(scope="module")
def csv_actions() -> list[Action]:
    return load_actions(ACTIONS_FILE)


def _check_actions(actions: list[Action]) -> None:
    assert len(actions) == 57
    assert dict(Counter(a.strand for a in actions)) == STRAND_COUNTS
    assert [a.strand for a in actions] == sorted((a.strand for a in actions), key=STRAND_IDS.index)
    assert len({a.id for a in actions}) == 57
    for a in actions:
        assert a.id == f"{a.strand}-{a.number:02d}"
        assert a.text and a.lead_services and a.governance_groups and a.objectives
        assert a.ongoing or a.due is not None


def test_committed_csv_has_57_actions(csv_actions: list[Action]) -> None:
    _check_actions(csv_actions)


@needs_strategy
def test_strategy_text_has_57_actions_matching_csv(csv_actions: list[Action]) -> None:
    parsed = read_strategy_actions(STRATEGY_FILE)
    _check_actions(parsed)
    assert parsed == csv_actions


@needs_strategy
def test_every_document_form_is_covered() -> None:
    text = STRATEGY_FILE.read_text(encoding="utf-8")
    plan = text[text.index("Prevention Action\t") :]
    rows = [line.split("\t") for line in plan.splitlines() if line.count("\t") == 4]
    timescales = {r[3].strip() for r in rows if r[3].strip() and r[3].strip() != "Timescale"}
    objectives = {r[4].strip() for r in rows if r[4].strip() and not r[4].startswith("Overarching")}
    assert timescales == DOCUMENT_TIMESCALES
    assert objectives == DOCUMENT_OBJECTIVES


# Actions that straddle a page break, with the full text's start and end.
SPLIT_ACTIONS = [
    ("identification-04", "Work with the partnership", "minority groups) as covered in section 4.4"),
    ("engagement-03", "Carry out an interventions review", "engage with children and young people who find "
     "it more difficult to access services and support"),
    ("diversion-05", "Work with the community and voluntary sector", "by ensuring a wide range of "
     "opportunities and services are on offer for young people and families in Islington"),
    ("support-10", "Enhance transitions processes", "transferring from the Youth Offending Service to the "
     "adult sphere ensuring that interventions remain robust and effective"),
    ("protection-06", "Carry out research", "serious youth violence and offending. This will help to guide "
     "practice and our strategic response"),
]  # fmt: skip


@pytest.mark.parametrize(("action_id", "start", "end"), SPLIT_ACTIONS)
def test_no_action_cut_at_a_page_break(csv_actions: list[Action], action_id: str, start: str, end: str) -> None:
    action = next(a for a in csv_actions if a.id == action_id)
    assert action.text.startswith(start)
    assert action.text.endswith(end)


def test_continuation_rows_merge_lists(csv_actions: list[Action]) -> None:
    by_id = {a.id: a for a in csv_actions}
    assert by_id["diversion-05"].lead_services[-3:] == [
        "Metropolitan Police", "Youth and Community", "Safer Neighborhood Board"]  # fmt: skip
    assert by_id["diversion-05"].governance_groups == [
        "Safer Islington Partnership Board", "Youth Justice Services Management Board"]  # fmt: skip
    assert "Youth Justice Services Management Board" in by_id["support-04"].governance_groups
    assert "Safer Islington Partnership Board" in by_id["disruption-02"].governance_groups
    assert "Youth Council" in by_id["engagement-03"].lead_services[-1]


def test_known_action_details(csv_actions: list[Action]) -> None:
    by_id = {a.id: a for a in csv_actions}
    gangs = by_id["enforcement_prosecution-03"]
    assert gangs.text.startswith("Launch a new multi-agency gangs panel")
    assert (gangs.due, gangs.ongoing) == (date(2020, 12, 31), False)
    assert by_id["engagement-04"].timescale_text == "December 2020 - Sept 2021"
    assert by_id["disruption-06"].objectives == frozenset({1, 2, 3, 7, 8})
    assert "<p>" not in by_id["identification-01"].text
    assert by_id["identification-01"].governance_groups == [
        "Islington Children's Safeguarding Board", "Youth Justice Services Management Board"]  # fmt: skip


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("Employment, Skills and Culture Youth and Community",
         ["Employment, Skills and Culture", "Youth and Community"]),
        ("Youth and Community Learning and Schools, School Improvement",
         ["Youth and Community", "Learning and Schools", "School Improvement"]),
        ("Youth and Community/ Communications Team", ["Youth and Community", "Communications Team"]),
        ("St Giles Trust, Youth and Community, Police and Community Safety",
         ["St Giles Trust", "Youth and Community", "Police", "Community Safety"]),
    ],
)  # fmt: skip
def test_split_lead_services(cell: str, expected: list[str]) -> None:
    assert split_lead_services(cell) == expected


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("Youth Justice Services Management Board Islington Children's Safeguarding board",
         ["Youth Justice Services Management Board", "Islington Children's Safeguarding Board"]),
        ("Safer Islington Partnership Youth justice Services Management Board",
         ["Safer Islington Partnership Board", "Youth Justice Services Management Board"]),
        ("Youth Justice Services Management Board Children's Services Scrutiny Committee",
         ["Youth Justice Services Management Board", "Children's Services Scrutiny Committee"]),
        ("Youth Justice Services Management Board,", ["Youth Justice Services Management Board"]),
    ],
)  # fmt: skip
def test_split_governance(cell: str, expected: list[str]) -> None:
    assert split_governance(cell) == expected


HEADER = "\t".join(
    [
        "Prevention Action",
        "Lead services/organisations",
        "Governance group/s",
        "Timescale",
        f"Overarching Objective (1 {EN} 8)",
    ]
)


def test_parse_action_plan_merges_page_break_rows() -> None:
    text = "\n".join([
        "1. Prevention", "", HEADER, "Do the first\tA\tB Board\tApril 2021\t1 - 8",
        "Do the second and\tC,\tD Board\tMay 2021\t1, 2", "", HEADER,
        "the rest\tE\tF Board\t\t", "Do the third\tG\tH Board\tOngoing\tAll",
    ])  # fmt: skip
    actions = parse_action_plan(text)
    assert [a.id for a in actions] == ["prevention-01", "prevention-02", "prevention-03"]
    assert actions[1].text == "Do the second and the rest"
    assert actions[1].lead_services == ["C", "E"]
    assert actions[1].governance_groups == ["D Board", "F Board"]


def test_parse_action_plan_rejects_orphan_continuation() -> None:
    with pytest.raises(ActionPlanError, match="line 2"):
        parse_action_plan(HEADER + "\nthe rest\tE\tF Board\t\t")


def test_parse_action_plan_ignores_other_tables() -> None:
    assert parse_action_plan("Crime type\t2017/18\t2018/19\nKnife crime\t1\t2\n") == []


# --------------------------------------------------------------------------- status updates

IDS = ["prevention-01", "prevention-02", "support-10"]


def _read(body: str) -> tuple[list[StatusUpdate], list]:
    return read_status_csv(body.encode(), "status.csv", IDS, user="alice")


def test_read_good_status_csv() -> None:
    updates, problems = _read(
        "\ufeffAction_ID,Status,Date,Note\n"
        "prevention-01,on_track,2021-02-01,Training booked\n"
        "Prevention-02,On track,2021-03-01,\n"
        "\n"
        'support-10,complete,2021-04-30,"Done, signed off"\n'
    )
    assert problems == []
    assert updates == [
        StatusUpdate("prevention-01", "on_track", date(2021, 2, 1), "Training booked", "alice"),
        StatusUpdate("prevention-02", "on_track", date(2021, 3, 1), "", "alice"),
        StatusUpdate("support-10", "complete", date(2021, 4, 30), "Done, signed off", "alice"),
    ]


def test_status_csv_note_column_optional() -> None:
    updates, problems = _read("action_id,status,date\nprevention-01,at_risk,2021-02-01\n")
    assert problems == [] and updates[0].note == ""


@pytest.mark.parametrize(
    ("row", "column", "reason", "hint"),
    [
        ("prevention-99,on_track,2021-02-01,", "action_id", "unknown_action", "did you mean"),
        ("prevention-01,on trak,2021-02-01,", "status", "unknown_status", "did you mean 'on_track'"),
        ("prevention-01,finished,2021-02-01,", "status", "unknown_status", "not_started"),
        ("prevention-01,complete,01/02/2021,", "date", "bad_date", "yyyy-mm-dd"),
        ("prevention-01,complete,2021-02-30,", "date", "bad_date", "yyyy-mm-dd"),
        ("prevention-01,complete,2021-2-1,", "date", "bad_date", "yyyy-mm-dd"),
        (",complete,2021-02-01,", "action_id", "blank_required", "blank"),
        ("prevention-01,,2021-02-01,", "status", "blank_required", "blank"),
        ("prevention-01,complete,,", "date", "blank_required", "blank"),
    ],
)
def test_status_csv_bad_rows(row: str, column: str, reason: str, hint: str) -> None:
    updates, problems = _read(f"action_id,status,date,note\nprevention-02,at_risk,2021-01-01,ok\n{row}\n")
    assert [u.action_id for u in updates] == ["prevention-02"]
    assert len(problems) == 1
    p = problems[0]
    assert (p.row, p.column, p.code, p.severity) == (3, column, reason, "error")
    assert p.value == row.split(",")[["action_id", "status", "date"].index(column)]
    assert hint in p.message and p.describe().startswith(f"row 3, column {column}: ")


def test_status_csv_reports_every_problem_in_a_row() -> None:
    _, problems = _read("action_id,status,date,note\nnope,bad,never,\n")
    assert [(p.row, p.column, p.code) for p in problems] == [
        (2, "action_id", "unknown_action"),
        (2, "status", "unknown_status"),
        (2, "date", "bad_date"),
    ]


@pytest.mark.parametrize(
    ("data", "row", "column", "reason"),
    [
        (b"", None, None, "empty_file"),
        (b"action_id,status,date,note\n", None, None, "empty_file"),
        (b"%PDF-1.4 ...", None, None, "not_csv"),
        (b"action_id,state,date,note\nprevention-01,complete,2021-01-01,\n", 1, "status", "missing_column"),
        (b"prevention-01,complete,2021-01-01,\n", 1, "action_id", "missing_column"),
    ],
)
def test_status_csv_file_problems(data: bytes, row: int | None, column: str | None, reason: str) -> None:
    updates, problems = read_status_csv(data, "status.csv", IDS)
    assert updates == []
    assert problems and (problems[0].row, problems[0].column, problems[0].code) == (row, column, reason)


def test_status_csv_reads_windows_1252() -> None:
    data = "action_id,status,date,note\nprevention-01,complete,2021-01-01,£5k spent – done\n".encode("cp1252")
    updates, problems = read_status_csv(data, "status.csv", IDS)
    # the Windows-1252 fallback is reported (issue 22), as a warning: the file still loads
    assert [(p.code, p.severity) for p in problems] == [("encoding", "warning")]
    assert updates[0].note == "£5k spent – done"


def test_status_csv_defaults_to_committed_action_ids() -> None:
    updates, problems = read_status_csv(b"action_id,status,date\nsupport-10,complete,2021-01-01\n", "s.csv")
    assert problems == [] and len(updates) == 1


def test_statuses() -> None:
    assert STATUSES == ("not_started", "on_track", "at_risk", "off_track", "complete")


# --------------------------------------------------------------------------- overdue


@pytest.mark.parametrize(
    ("due", "status", "today", "expected"),
    [
        (date(2021, 4, 30), None, date(2021, 5, 1), True),
        (date(2021, 4, 30), "on_track", date(2021, 5, 1), True),
        (date(2021, 4, 30), "complete", date(2021, 5, 1), False),
        (date(2021, 4, 30), None, date(2021, 4, 30), False),
        (None, "at_risk", date(2030, 1, 1), False),
    ],
)
def test_overdue(due: date | None, status: str | None, today: date, expected: bool) -> None:
    assert overdue(pd.Series([due], dtype=object), pd.Series([status], dtype=object), today).tolist() == [expected]
