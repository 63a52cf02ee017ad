"""A chart browser that hangs is replaced, not reused (no real browser: kaleido is never started)."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from typing import Any

import plotly.graph_objects as go
import pytest

from indicators.charts import images

FIGURE = go.Figure(go.Scatter(y=[1, 3, 2]))
REAL_RENDERER = images._Renderer


class FakeRenderer:
    """Stands in for images._Renderer; the script says what each start and render does."""

    starts: list[FakeRenderer] = []
    start_script: list[str] = []  # per start: "ok" or "hang"
    render_script: list[str] = []  # per render, over all renderers: "ok" or "hang"

    def __init__(self) -> None:
        FakeRenderer.starts.append(self)
        self.closed = threading.Event()
        if FakeRenderer.start_script and FakeRenderer.start_script.pop(0) == "hang":
            raise images.RendererTimeout("the chart renderer did not answer within 90 s")

    def render(self, figure: go.Figure, opts: dict[str, Any]) -> bytes:
        if FakeRenderer.render_script and FakeRenderer.render_script.pop(0) == "hang":
            raise images.RendererTimeout("the chart renderer did not answer within 65 s")
        return b"\x89PNG fake from renderer %d" % FakeRenderer.starts.index(self)

    @property
    def alive(self) -> bool:
        return not self.closed.is_set()

    def close(self) -> None:
        self.closed.set()


@pytest.fixture(autouse=True)
def fake(monkeypatch: pytest.MonkeyPatch) -> Iterator[type[FakeRenderer]]:
    images.stop()
    FakeRenderer.starts, FakeRenderer.start_script, FakeRenderer.render_script = [], [], []
    monkeypatch.setattr(images, "_Renderer", FakeRenderer)
    yield FakeRenderer
    images.stop()


def test_a_start_that_hangs_once_is_tried_again(fake: type[FakeRenderer]) -> None:
    fake.start_script = ["hang", "ok"]
    assert images.render(FIGURE) == b"\x89PNG fake from renderer 1"
    assert len(fake.starts) == 2


def test_a_start_that_hangs_twice_fails_then_fails_fast(fake: type[FakeRenderer]) -> None:
    fake.start_script = ["hang", "hang"]
    with pytest.raises(images.ChartExportError, match="did not answer within 90 s"):
        images.render(FIGURE)
    with pytest.raises(images.ChartExportError, match="did not answer within 90 s"):
        images.render(FIGURE)
    assert len(fake.starts) == 2  # the second call did not wait for another browser


def test_a_render_that_hangs_gets_a_fresh_browser(fake: type[FakeRenderer]) -> None:
    assert images.render(FIGURE) == b"\x89PNG fake from renderer 0"
    fake.render_script = ["hang", "ok"]
    assert images.render(FIGURE) == b"\x89PNG fake from renderer 1"
    assert fake.starts[0].closed.wait(5), "the hung browser was not closed"
    assert images.render(FIGURE) == b"\x89PNG fake from renderer 1"  # the fresh one is kept


def test_a_render_that_hangs_twice_is_an_error_and_neither_browser_is_reused(fake: type[FakeRenderer]) -> None:
    fake.render_script = ["hang", "hang"]
    with pytest.raises(images.ChartExportError, match="did not answer within 65 s"):
        images.render(FIGURE)
    assert all(r.closed.wait(5) for r in fake.starts) and len(fake.starts) == 2
    assert images.render(FIGURE) == b"\x89PNG fake from renderer 2"


def test_a_real_start_that_never_answers_times_out(monkeypatch: pytest.MonkeyPatch) -> None:
    """The real _Renderer's bounded wait, with kaleido's start replaced by one that never ends."""

    class NeverStarts(REAL_RENDERER):
        async def _open(self) -> None:
            await asyncio.Event().wait()

    monkeypatch.setattr(images, "_Renderer", NeverStarts)
    monkeypatch.setattr(images, "START_TIMEOUT_S", 0.2)
    with pytest.raises(images.ChartExportError, match="did not answer within 0 s"):
        images.render(FIGURE)
