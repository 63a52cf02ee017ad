"""`python -m indicators <command>`: init, ingest, export, versions, rollback, actions, disparities, pack,
catalogue, serve, add-user, backup, check.

Exit codes (DESIGN §8): 0 success; 1 a rejected file or a refused operation; 2 usage errors.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from indicators.catalogue import load_catalogue
from indicators.errors import IndicatorError
from indicators.ingest import refresh
from indicators.safe_csv import analyst_mark, neutralise_formulas, one_line, to_csv_text
from indicators.services import actions as tracker
from indicators.services import bootstrap, meeting_pack, series, uploads
from indicators.services import disparities as disparity_service
from indicators.services import versions as version_service
from indicators.settings import get_settings
from indicators.store import backup as store_backup
from indicators.store import credentials, faults
from indicators.store.db import get_engine
from indicators.suppression import SYMBOL_MEANINGS

EXIT_OK, EXIT_REJECTED, EXIT_USAGE = 0, 1, 2


def _engine():  # noqa: ANN202 - a SQLAlchemy Engine; this module names no SQLAlchemy type
    return get_engine()


def cmd_init(args: argparse.Namespace) -> int:

    print(bootstrap.init_database(_engine(), get_settings()))
    return EXIT_OK


def cmd_ingest(args: argparse.Namespace) -> int:
    path = Path(args.file)
    if not path.is_file():
        print(f"error: {path}: no such file", file=sys.stderr)
        return EXIT_USAGE
    _ready()
    if uploads.in_parts(path):
        return _ingest_in_parts(path, args)
    parsed = uploads.parse(path.read_bytes(), path.name, fmt=args.format, max_bytes=None, sheet=args.sheet)
    for problem in parsed.problems:
        print(uploads.describe(problem, path.name), file=sys.stderr if problem.is_error else sys.stdout)
    if not parsed.ok:
        print(f"{path.name}: rejected ({len(parsed.errors)} problem(s)); nothing was written.", file=sys.stderr)
        return EXIT_REJECTED
    summary = uploads.preview(_engine(), parsed)
    print(
        f"{path.name}: {parsed.format} format, {len(parsed.frame)} rows valid "
        f"({summary.added} to add, {summary.changed} to change, {summary.unchanged} unchanged)."
    )
    if args.dry_run:
        print("Dry run: nothing was written.")
        return EXIT_OK
    result = uploads.commit(_engine(), parsed, user=args.user or getpass.getuser())
    print(result.message)
    return EXIT_OK


def _ingest_in_parts(path: Path, args: argparse.Namespace) -> int:
    """A large text file, read, validated and written part by part (same messages as a whole file)."""
    out = uploads.ingest_in_parts(_engine(), path, args.format, args.user or getpass.getuser(), args.dry_run)
    state = out.state
    for problem in state.problems:
        print(uploads.describe(problem, path.name), file=sys.stderr if problem.is_error else sys.stdout)
    if not state.ok or out.summary is None:
        print(f"{path.name}: rejected ({len(state.errors)} problem(s)); nothing was written.", file=sys.stderr)
        return EXIT_REJECTED
    s = out.summary
    print(
        f"{path.name}: {state.format} format, {state.rows_valid} rows valid "
        f"({s.added} to add, {s.changed} to change, {s.unchanged} unchanged)."
    )
    print("Dry run: nothing was written." if args.dry_run else out.result.message if out.result else "")
    return EXIT_OK


def cmd_refresh(args: argparse.Namespace) -> int:
    """Pull the latest publisher data; exit 1 (nothing written) if any source fails or is rejected."""
    _ready()
    try:
        loaded, unmapped = uploads.fetch_latest(args.source, args.base_url, refresh.Policy(timeout=args.timeout))
    except refresh.PublisherUnavailable as exc:
        print(f"error: the publisher could not be read: {exc}", file=sys.stderr)
        return EXIT_REJECTED
    for parsed in unmapped:
        print(f"{parsed.filename}: skipped: {parsed.errors[0].message}")
    noted = uploads.note_publisher_periods(_engine(), loaded)  # what the publishers offer, not their data
    print(f"Publishers' latest periods noted for {noted} indicator(s) (the overview flags newer data).")
    rejected = [p for p in loaded if not p.ok]
    for parsed in rejected:
        for problem in parsed.errors[:20]:
            print(uploads.describe(problem, parsed.filename), file=sys.stderr)
    if rejected:
        print(f"refresh rejected ({len(rejected)} file(s) with problems); nothing was written.", file=sys.stderr)
        return EXIT_REJECTED
    changing = []
    for parsed in loaded:
        summary = uploads.preview(_engine(), parsed)
        print(
            f"{parsed.filename}: {parsed.format} format, {len(parsed.frame)} rows valid ({summary.added} to add, "
            f"{summary.changed} to change, {summary.unchanged} unchanged)."
        )
        if summary.added or summary.changed:
            changing.append(parsed)
    if not changing:
        print("Nothing to do: the store already holds the publishers' latest data.")
    elif args.dry_run:
        print("Dry run: no data was written.")
    else:
        for parsed in changing:
            print(uploads.commit(_engine(), parsed, user=args.user or getpass.getuser()).message)
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    _ready()
    frame = series.export_frame(_engine(), role=args.role, indicator_ids=[args.indicator] if args.indicator else None)
    mark = None
    if args.role == "analyst":  # DESIGN §10: one line before the header; viewer output keeps its shape
        current = version_service.current_version(_engine()) or {}
        mark = analyst_mark(current.get("id"), current.get("created_at"))
    sys.stdout.write(to_csv_text(frame, mark))
    if args.role == "viewer":
        _symbol_legend()
    return EXIT_OK


def _symbol_legend() -> None:
    """What the markers in a viewer export mean, on stderr: stdout stays the native CSV, unchanged
    in shape (DESIGN §10), so it can be piped or uploaded; a person running the command sees both."""

    print("Markers in place of a number:", file=sys.stderr)
    for symbol in ("c", "low", "x", "z"):
        print(f"  {symbol}: {SYMBOL_MEANINGS[symbol]}", file=sys.stderr)


def cmd_versions(args: argparse.Namespace) -> int:
    _ready()
    frame = version_service.versions(_engine())
    for v in frame.itertuples():
        mark = " (current)" if v.is_current else ""
        print(
            # Names are escaped (\n, \t, ...) so each version stays one tab-separated line.
            f"{v.id}\t{v.created_at:%Y-%m-%d %H:%M:%S}\t{one_line(v.user)}\t{one_line(v.file_name)}\t"
            f"+{v.rows_added} ~{v.rows_changed} ={v.rows_unchanged}{mark}"
        )
    return EXIT_OK


def cmd_rollback(args: argparse.Namespace) -> int:

    _ready()
    print(version_service.rollback(_engine(), args.version_id, user=args.user or getpass.getuser()))
    return EXIT_OK


def cmd_actions(args: argparse.Namespace) -> int:

    _ready()
    frame = tracker.action_plan_frame(_engine())
    if args.format == "json":
        print(json.dumps(tracker.action_records(frame), indent=2, ensure_ascii=False))
    else:
        sys.stdout.write(frame.to_csv(index=False))
    return EXIT_OK


def cmd_disparities(args: argparse.Namespace) -> int:
    _ready()
    frame = disparity_service.register_frame(_engine(), role="viewer", status=None if args.all else "open")
    if args.format == "json":
        print(json.dumps(disparity_service.register_records(frame), indent=2, ensure_ascii=False))
    else:
        sys.stdout.write(neutralise_formulas(frame).to_csv(index=False))
    return EXIT_OK


def cmd_pack(args: argparse.Namespace) -> int:
    _ready()
    pdf = meeting_pack.build_board_pack(_engine(), args.board, args.quarter, role="viewer")
    output = Path(args.output or f"pack-{args.board.lower().replace(' ', '-').replace(chr(39), '')}.pdf")
    output.write_bytes(pdf)
    print(f"{output}: {len(pdf) / 1024:.0f} KB")
    return EXIT_OK


def cmd_catalogue(args: argparse.Namespace) -> int:
    records = [
        {
            "id": i.id,
            "title": i.title,
            "polarity": i.polarity,
            "unit": i.unit,
            "period_type": i.period_type,
            "source": i.source.model_dump(),
            "objectives": i.objectives,
            "strands": i.strands,
            "illustrative": i.illustrative,
            "kpi": i.kpi,
            "description": i.description,
            "definition": i.definition,
            "note": i.note,
        }
        for i in load_catalogue().indicators
    ]
    if args.format == "json":
        print(json.dumps(records, indent=2, ensure_ascii=False))
    else:
        flat = pd.DataFrame(records)
        flat["source"] = [f"{r['source']['publisher']}: {r['source']['name']} ({r['source']['url']})" for r in records]
        flat["objectives"] = flat["objectives"].map(lambda v: ";".join(map(str, v)))
        flat["strands"] = flat["strands"].map(";".join)
        sys.stdout.write(flat.to_csv(index=False))
    return EXIT_OK


def cmd_add_user(args: argparse.Namespace) -> int:
    if problem := credentials.name_problem(args.name):
        print(f"error: {problem}; nothing was written.", file=sys.stderr)
        return EXIT_REJECTED
    password = args.password or getpass.getpass(f"Password for {args.name}: ")
    try:
        credentials.add_user(args.name, password, args.role)
    except ValueError as exc:
        print(f"error: {exc}; nothing was written.", file=sys.stderr)
        return EXIT_REJECTED
    print(f"User {args.name} saved with role {args.role}.")
    return EXIT_OK


def cmd_backup(args: argparse.Namespace) -> int:
    # No _ready(): a backup must never create or migrate the database it copies.
    print(store_backup.backup(_engine(), Path(args.file)))
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    problems = store_backup.check(_engine())
    for problem in problems:
        print(problem, file=sys.stderr)
    healthy = "The database is healthy: integrity and invariants hold."
    print(f"{len(problems)} problem(s) found." if problems else healthy)
    return EXIT_REJECTED if problems else EXIT_OK


def cmd_serve(streamlit_args: Sequence[str]) -> int:
    # Streamlit is imported only to serve: every other command runs without loading it.
    from indicators.ui.navigation import serve

    bootstrap.ensure_ready(_engine(), get_settings())
    return serve(streamlit_args) or EXIT_OK


def _ready() -> None:
    """Every data command works on a fresh checkout: create and seed the database if needed."""
    bootstrap.ensure_ready(_engine(), get_settings())


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m indicators", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("init", help="create/upgrade the database and load the default dataset").set_defaults(func=cmd_init)
    p = sub.add_parser(
        "ingest", help="validate and load a CSV or .xlsx (native, Fingertips or a mapped publisher file); no size limit"
    )
    p.add_argument("file")
    p.add_argument("--format", choices=["auto", "native", "fingertips", "ees"], default="auto")
    p.add_argument("--dry-run", action="store_true", help="validate and preview only")
    p.add_argument("--user", help="who is uploading (default: the login name)")
    p.add_argument("--sheet", help="the sheet of an .xlsx workbook (default: its only sheet holding data)")
    p.set_defaults(func=cmd_ingest)
    p = sub.add_parser("refresh", help="load the latest data from the DfE (EES) and Fingertips APIs")
    p.add_argument("--source", choices=list(refresh.SOURCES))
    p.add_argument("--dry-run", action="store_true", help="fetch, validate and preview only")
    p.add_argument("--base-url", help="read this server instead of the publishers' (tests, mirrors)")
    p.add_argument("--timeout", type=float, default=20.0, help="seconds to wait for each answer (default 20)")
    p.add_argument("--user", help="who is refreshing (default: the login name)")
    p.set_defaults(func=cmd_refresh)
    p = sub.add_parser("export", help="the current data in the native format")
    p.add_argument("--indicator")
    p.add_argument("--role", choices=["viewer", "analyst"], default="viewer")
    p.add_argument("--format", choices=["csv"], default="csv")
    p.set_defaults(func=cmd_export)
    sub.add_parser("versions", help="dataset versions, newest first").set_defaults(func=cmd_versions)
    p = sub.add_parser("rollback", help="make an earlier dataset version current again")
    p.add_argument("version_id", type=int)
    p.add_argument("--user")
    p.set_defaults(func=cmd_rollback)
    p = sub.add_parser("actions", help="the action plan with each action's latest status")
    p.add_argument("--format", choices=["csv", "json"], default="csv")
    p.set_defaults(func=cmd_actions)
    p = sub.add_parser("disparities", help="the explain-or-change register's open entries (suppressed)")
    p.add_argument("--format", choices=["csv", "json"], default="csv")
    p.add_argument("--all", action="store_true", help="closed entries too")
    p.set_defaults(func=cmd_disparities)
    p = sub.add_parser("pack", help="a board's quarterly PDF pack (suppressed for publication)")
    p.add_argument("--board", required=True, help="a governance group named in the action plan")
    p.add_argument("--quarter", help="reporting quarter YYYY-QN (default: the current quarter)")
    p.add_argument("--output", help="PDF file to write (default: pack-<board>.pdf)")
    p.set_defaults(func=cmd_pack)
    p = sub.add_parser("catalogue", help="the indicator catalogue")
    p.add_argument("--format", choices=["csv", "json"], default="csv")
    p.set_defaults(func=cmd_catalogue)
    # Handled before parsing (its options belong to streamlit); listed here for --help.
    sub.add_parser("serve", help="run the app: streamlit run app.py [streamlit options]")
    p = sub.add_parser("add-user", help="add or update a local sign-in (salted bcrypt hash)")
    p.add_argument("name")
    p.add_argument("--role", choices=["viewer", "analyst"], default="analyst")
    p.add_argument("--password", help="omit to be prompted")
    p.set_defaults(func=cmd_add_user)
    p = sub.add_parser("backup", help="copy the database to FILE (SQLite online backup; PostgreSQL: pg_dump)")
    p.add_argument("file")
    p.set_defaults(func=cmd_backup)
    sub.add_parser("check", help="integrity check and the store's invariants; exit 1 on any problem").set_defaults(
        func=cmd_check
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["serve"]:
        return cmd_serve(argv[1:])
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return EXIT_USAGE if exc.code else EXIT_OK
    try:
        return args.func(args)
    except IndicatorError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_REJECTED
    except Exception as exc:
        # A database fault raised outside an engine call (e.g. by the sqlite3 module itself).
        fault = faults.classify(exc) if faults.is_database_error(exc) else None
        if fault is None:
            raise
        print(f"error: {fault}", file=sys.stderr)
        return EXIT_REJECTED
