"""The explain-or-change register end to end: an upload opens an entry, linking an action and
explaining it are versioned and audited, and the history shows every version."""

from __future__ import annotations

import json
import math
from datetime import date
from pathlib import Path

import pytest
from alembic.config import Config
from alembic.script import ScriptDirectory

from indicators.errors import IndicatorError
from indicators.services import actions as tracker
from indicators.services import disparities, uploads
from indicators.services import versions as version_service
from indicators.store.db import MIGRATIONS_DIR

HEADER = "indicator_id,period,area_code,area_name,dimension,category,numerator,denominator,value,lower_ci,upper_ci,note"
# Census 2021 children aged 10-17 in Islington (data/default/census2021.csv): asian 1466, black 3784,
# mixed 2172, other 1373, white 6546. Arrests below: every group at White's rate (2%) but Black.
SIGNIFICANT = {"asian": 29, "black": 189, "mixed": 43, "other": 27, "white": 131}
EVEN = {"asian": 29, "black": 76, "mixed": 43, "other": 27, "white": 131}


def _stage_file(tmp_path: Path, period: str, counts: dict[str, int]) -> uploads.ParsedFile:
    lines = [HEADER, f"yj_arrests,{period},E09000019,Islington,all,all,{sum(counts.values())},,,,,"]
    lines += [f"yj_arrests,{period},E09000019,Islington,ethnicity,{g},{n},,,,," for g, n in counts.items()]
    data = ("\n".join(lines) + "\n").encode()
    parsed = uploads.parse(data, f"arrests-{period.replace('/', '-')}.csv")
    assert parsed.ok, [p.message for p in parsed.problems]
    return parsed


def _ingest(engine, tmp_path: Path, period: str, counts: dict[str, int]) -> None:
    uploads.commit(engine, _stage_file(tmp_path, period, counts), user="test-analyst")


def test_ingesting_a_significant_reliable_ratio_opens_exactly_one_entry(seeded_engine, tmp_path) -> None:
    assert disparities.register_frame(seeded_engine, "analyst").empty  # the seed's stage data is illustrative
    _ingest(seeded_engine, tmp_path, "2024/25", SIGNIFICANT)
    register = disparities.register_frame(seeded_engine, "analyst")
    assert len(register) == 1
    entry = register.iloc[0]
    assert (entry["indicator_id"], entry["dimension"], entry["group_label"], entry["period"]) == (
        "yj_arrests",
        "ethnicity",
        "Black",
        "2024/25",
    )
    # Katz: RRI = (189/3784)/(131/6546) = 2.4958; SE = sqrt(1/189 - 1/3784 + 1/131 - 1/6546) = 0.11184
    se = math.sqrt(1 / 189 - 1 / 3784 + 1 / 131 - 1 / 6546)
    rri = (189 / 3784) / (131 / 6546)
    assert entry["ratio"] == pytest.approx(2.4958, abs=1e-4)
    assert entry["lower"] == pytest.approx(rri * math.exp(-1.959964 * se), rel=1e-4)  # 2.0046
    assert entry["upper"] == pytest.approx(rri * math.exp(1.959964 * se), rel=1e-4)  # 3.1075
    # the same file again changes nothing and opens nothing more
    _ingest(seeded_engine, tmp_path, "2024/25", SIGNIFICANT)
    assert len(disparities.register_frame(seeded_engine, "analyst")) == 1


def test_linking_an_action_is_recorded_versioned_and_audited(seeded_engine, tmp_path) -> None:
    _ingest(seeded_engine, tmp_path, "2024/25", SIGNIFICANT)
    entry_id = int(disparities.register_frame(seeded_engine, "analyst")["id"].iloc[0])
    disparities.link_actions(
        seeded_engine, entry_id, ["diversion-03"], "", owner="YJS head of service", review_date=date(2026, 3, 31),
        user="test-analyst",
    )  # fmt: skip
    disparities.record_explanation(
        seeded_engine, entry_id, "Partly explained by a 2024 stop-and-search operation in one ward.",
        "Met Police operation report, May 2024", owner="YJS head of service", review_date=date(2026, 3, 31),
        user="test-analyst",
    )  # fmt: skip
    entry = disparities.register_frame(seeded_engine, "analyst").iloc[0]
    assert entry["actions"] == "diversion-03"
    assert entry["owner"] == "YJS head of service"
    assert entry["version"] == 3
    history = disparities.history(seeded_engine, entry_id)
    assert history["change"].tolist() == ["opened", "linked", "explained"]
    assert history["version"].tolist() == [1, 2, 3]
    assert history["user"].tolist() == ["register (automatic)", "test-analyst", "test-analyst"]
    snapshots = [json.loads(s) for s in history["snapshot"]]
    assert snapshots[0]["actions"] == [] and snapshots[1]["actions"] == ["diversion-03"]
    assert snapshots[1]["explanation"] == "" and snapshots[2]["explanation"].startswith("Partly explained")
    audit = version_service.audit_log(seeded_engine)
    assert {"register_opened", "register_linked", "register_explained"} <= set(audit["event"])


def test_bad_changes_are_refused(seeded_engine, tmp_path) -> None:
    _ingest(seeded_engine, tmp_path, "2024/25", SIGNIFICANT)
    entry_id = int(disparities.register_frame(seeded_engine, "analyst")["id"].iloc[0])
    with pytest.raises(IndicatorError, match="unknown action id"):
        disparities.link_actions(seeded_engine, entry_id, ["diversion-99"], "", "Owner", date(2026, 1, 1), "a")
    with pytest.raises(IndicatorError, match="owner"):
        disparities.link_actions(seeded_engine, entry_id, ["diversion-03"], "", " ", date(2026, 1, 1), "a")
    with pytest.raises(IndicatorError, match="evidence"):
        disparities.record_explanation(seeded_engine, entry_id, "Because.", "", "Owner", date(2026, 1, 1), "a")
    with pytest.raises(IndicatorError, match="no register entry"):
        disparities.record_explanation(seeded_engine, 999, "Because.", "Report", "Owner", date(2026, 1, 1), "a")


def test_an_entry_closes_when_no_longer_significant_for_two_periods(seeded_engine, tmp_path) -> None:
    _ingest(seeded_engine, tmp_path, "2022/23", SIGNIFICANT)
    _ingest(seeded_engine, tmp_path, "2023/24", EVEN)  # black 76/3784 = 2.0%: RRI 1.00
    assert len(disparities.register_frame(seeded_engine, "analyst")) == 1
    _ingest(seeded_engine, tmp_path, "2024/25", EVEN)
    assert disparities.register_frame(seeded_engine, "analyst").empty
    closed = disparities.register_frame(seeded_engine, "analyst", status="closed")
    assert closed["close_reason"].tolist() == ["no longer significant in 2023/24 and 2024/25"]


def test_an_entry_closes_when_its_linked_actions_are_complete(seeded_engine, tmp_path) -> None:
    _ingest(seeded_engine, tmp_path, "2024/25", SIGNIFICANT)
    entry_id = int(disparities.register_frame(seeded_engine, "analyst")["id"].iloc[0])
    disparities.link_actions(seeded_engine, entry_id, ["diversion-03"], "", "Owner", date(2026, 1, 1), "test-analyst")
    assert len(disparities.register_frame(seeded_engine, "analyst")) == 1  # no status yet
    tracker.add_status(seeded_engine, "diversion-03", "complete", date(2025, 9, 30), "", "test-analyst")
    disparities.sync(seeded_engine)
    closed = disparities.register_frame(seeded_engine, "analyst", status=None)
    assert closed[["status", "close_reason"]].values.tolist() == [["closed", "every linked action is complete"]]
    assert disparities.history(seeded_engine, entry_id)["change"].tolist() == ["opened", "linked", "closed"]


def test_the_migrations_have_exactly_one_head() -> None:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    assert len(ScriptDirectory.from_config(cfg).get_heads()) == 1
