"""The benchmark generator (bench/generate.py) writes files the upload pipeline accepts as they are."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from indicators.catalogue import load_catalogue
from indicators.services import uploads

GENERATOR = Path(__file__).resolve().parents[2] / "bench" / "generate.py"


@pytest.fixture(scope="module")
def generate():
    spec = importlib.util.spec_from_file_location("bench_generate", GENERATOR)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("with_stages", [False, True])
def test_generated_file_passes_validation(generate, tmp_path: Path, with_stages: bool) -> None:
    path = tmp_path / "national.csv"
    generate.main([str(path), "--rows", "2000", "--seed", "7", *(["--with-stages"] if with_stages else [])])
    parsed = uploads.parse(path.read_bytes(), path.name)
    assert parsed.format == "native"
    assert [uploads.describe(p) for p in parsed.errors] == []
    assert len(parsed.frame) == 2000
    kpis = {i.id for i in load_catalogue().kpis()}
    ids = set(parsed.frame["indicator_id"])
    assert ids <= kpis | {s.id for s in load_catalogue().stages()}
    assert len(ids & kpis) == 14
    assert parsed.frame["area_code"].nunique() > 100  # national, not one borough
    percent = parsed.frame[parsed.frame["indicator_id"] == "good_level_of_development"].dropna(subset=["numerator"])
    assert (percent["numerator"] <= percent["denominator"]).all()


def test_generator_is_seeded_and_full_size_is_national(generate) -> None:
    a = generate.generate_frame(seed=3)
    b = generate.generate_frame(seed=3)
    assert a.equals(b)
    n_areas = len(generate.national_areas())
    assert len(a) == n_areas * 14 * generate.N_PERIODS * len(generate.COHORTS)
    assert len(generate.COHORTS) == 26
    assert 1_000_000 <= len(a) <= 1_300_000
