"""`python -m indicators` as DESIGN §8 specifies: commands, output and exit codes."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from indicators.catalogue import load_catalogue

GOOD = (
    "indicator_id,period,area_code,area_name,dimension,category,numerator,denominator,value,lower_ci,upper_ci,note\n"
    "serious_youth_violence,2025/26,E09000019,Islington,all,all,150,,,,,\n"
)
BAD = (
    "indicator_id,period,area_code,area_name,dimension,category,numerator,denominator,value,lower_ci,upper_ci,note\n"
    "serious_youth_violence,2025/26,E09000019,Islington,all,all,-1,,,,,\n"
    "no_such_indicator,2025/26,E09000019,Islington,all,all,3,,,,,\n"
)


def _write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_ingest_commits_and_versions_lists_it_newest_first(cli, tmp_path: Path) -> None:
    result = cli("ingest", _write(tmp_path, "good.csv", GOOD), "--user", "alice")
    assert result.returncode == 0, result.stderr
    assert "Committed version 2" in result.stdout
    lines = cli("versions").stdout.splitlines()
    assert lines[0].split("\t")[0] == "2" and "alice" in lines[0] and "good.csv" in lines[0]
    assert lines[1].startswith("1\t")


def test_rejected_file_exits_1_names_every_problem_and_writes_nothing(cli, tmp_path: Path) -> None:
    before = cli("versions").stdout
    result = cli("ingest", _write(tmp_path, "bad.csv", BAD))
    assert result.returncode == 1
    assert "bad.csv: row 2, column numerator:" in result.stderr
    assert "bad.csv: row 3, column indicator_id:" in result.stderr
    assert "nothing was written" in result.stderr
    assert cli("versions").stdout == before


def test_dry_run_validates_without_writing(cli, tmp_path: Path) -> None:
    before = cli("versions").stdout
    result = cli("ingest", _write(tmp_path, "good.csv", GOOD), "--dry-run")
    assert result.returncode == 0
    assert "Dry run" in result.stdout
    assert cli("versions").stdout == before


@pytest.mark.parametrize(
    "args",
    [
        ["ingest"],
        ["ingest", "x.csv", "--format", "xlsx"],
        ["frobnicate"],
        ["ingest", "/no/such/file.csv"],
        ["rollback", "one"],
    ],
)
def test_usage_errors_exit_2(cli, args: list[str]) -> None:
    assert cli(*args).returncode == 2


def test_rollback_command_and_missing_version(cli, tmp_path: Path) -> None:
    cli("ingest", _write(tmp_path, "good.csv", GOOD))
    ok = cli("rollback", "1")
    assert ok.returncode == 0 and "Version 1" in ok.stdout
    assert "(current)" in cli("versions").stdout.splitlines()[1]
    missing = cli("rollback", "42")
    assert missing.returncode == 1 and "no dataset version 42" in missing.stderr


def test_catalogue_json_lists_every_kpi_with_its_attributes(cli) -> None:
    records = json.loads(cli("catalogue", "--format", "json").stdout)
    by_id = {r["id"]: r for r in records}
    for ind in load_catalogue().kpis():
        rec = by_id[ind.id]
        assert rec["kpi"] is True
        for key in ("title", "polarity", "unit", "period_type", "source", "objectives", "strands", "illustrative"):
            assert key in rec
    assert sum(r["kpi"] for r in records) == 14


def test_viewer_export_shows_no_small_count(cli) -> None:
    out = cli("export", "--role", "viewer")
    assert out.returncode == 0
    units = {i.id: i.unit for i in load_catalogue().indicators}
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    assert len(rows) > 50_000
    small = []
    for r in rows:
        cells = [r["numerator"], r["denominator"]] + ([r["value"]] if units[r["indicator_id"]] == "count" else [])
        for cell in cells:
            try:
                number = float(cell)
            except ValueError:
                continue
            if 0 < number < 5:
                small.append(r)
    assert not small, small[:3]
    assert any(r["numerator"] == "c" or r["value"] == "c" for r in rows)


def test_analyst_export_is_unsuppressed(cli) -> None:
    viewer = cli("export", "--role", "viewer", "--indicator", "yj_custody").stdout
    analyst = cli("export", "--role", "analyst", "--indicator", "yj_custody").stdout
    # the analyst's has one more line: the not-for-publication mark before the header (DESIGN §10)
    assert analyst.splitlines()[0].startswith("# OFFICIAL-SENSITIVE - not for publication; ")
    assert "dataset version 1" in analyst.splitlines()[0] and "," not in analyst.splitlines()[0]
    assert analyst.splitlines()[1] == viewer.splitlines()[0]
    assert len(viewer.splitlines()) + 1 == len(analyst.splitlines())
    assert viewer.count(",c,") > analyst.count(",c,")


def test_export_holds_the_strategy_figures_for_islington(cli) -> None:
    rows = list(csv.DictReader(io.StringIO(cli("export", "--indicator", "custodial_sentences").stdout)))
    islington = {r["period"]: r for r in rows if r["area_code"] == "E09000019"}
    assert set(islington) >= {"2016/17", "2017/18", "2018/19", "2019/20"}


def test_init_twice_changes_nothing(cli) -> None:
    before = (cli("versions").stdout, cli("export", "--role", "analyst").stdout)
    again = cli("init")
    assert again.returncode == 0 and "up to date" in again.stdout
    assert (cli("versions").stdout, cli("export", "--role", "analyst").stdout) == before
