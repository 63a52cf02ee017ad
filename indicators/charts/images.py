"""PNG and SVG images of plotly figures, rendered by kaleido 1.x in a local Chromium.

Kaleido 1.x drives a real browser through choreographer. The browser is found from the
``BROWSER_PATH`` environment variable (choreographer's own override), else Debian's
``/usr/bin/chromium``, else whatever choreographer finds on ``PATH``.

Starting Chromium costs seconds, so one renderer (a browser plus an asyncio loop on a daemon
thread) is started on first use and kept: a meeting pack or a page's downloads reuse it. Every
wait is bounded; a start that hangs is tried once more, a browser that stops answering is closed
and the figure tried once on a fresh one; any failure becomes a ``ChartExportError`` with a short
message.

>>> import plotly.graph_objects as go
>>> to_png(go.Figure(go.Scatter(y=[1, 3, 2])))[:8]  # doctest: +SKIP
b'\\x89PNG\\r\\n\\x1a\\n'
"""

from __future__ import annotations

import asyncio
import atexit
import os
import threading
import time
from collections.abc import Iterator
from concurrent.futures import TimeoutError as FutureTimeout
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Literal

import plotly.graph_objects as go

from indicators.errors import IndicatorError

Format = Literal["png", "svg"]
DEBIAN_CHROMIUM = Path("/usr/bin/chromium")
START_TIMEOUT_S = 90.0
RENDER_TIMEOUT_S = 60.0
DEFAULT_WIDTH = 1000
DEFAULT_HEIGHT = 560


class ChartExportError(IndicatorError):
    """A chart could not be turned into an image (no browser, timeout, bad figure)."""


class RendererTimeout(ChartExportError):
    """The browser did not answer in time: it may be hung, so it is not used again."""


def browser_path() -> str | None:
    """The Chromium kaleido should drive: $BROWSER_PATH, else Debian's, else None (let it search)."""
    if env := os.environ.get("BROWSER_PATH"):
        return env
    return str(DEBIAN_CHROMIUM) if DEBIAN_CHROMIUM.exists() else None


class _Renderer:
    """One kaleido browser on its own event loop; callers from any thread submit figures to it."""

    def __init__(self) -> None:
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="chart-export", daemon=True)
        self._thread.start()
        self._kaleido: Any = None
        try:
            self._call(self._open(), START_TIMEOUT_S)
        except BaseException:
            self.close()
            raise

    async def _open(self) -> None:
        # kaleido starts a browser: loaded only when a chart image is first asked for.
        import kaleido

        kwargs: dict[str, Any] = {"n": 1, "timeout": RENDER_TIMEOUT_S, "mathjax": False}
        if path := browser_path():
            kwargs["path"] = path
        k = kaleido.Kaleido(**kwargs)
        await k.open()
        self._kaleido = k

    def _call(self, coroutine: Any, timeout: float) -> Any:
        future = asyncio.run_coroutine_threadsafe(coroutine, self._loop)
        try:
            return future.result(timeout=timeout)
        except FutureTimeout:
            future.cancel()
            raise RendererTimeout(f"the chart renderer did not answer within {timeout:.0f} s") from None

    def render(self, figure: go.Figure, opts: dict[str, Any]) -> bytes:
        return self._call(self._kaleido.calc_fig(figure, opts=opts), RENDER_TIMEOUT_S + 5)

    @property
    def alive(self) -> bool:
        return self._thread.is_alive() and self._kaleido is not None

    def close(self) -> None:
        if self._kaleido is not None:
            try:
                self._call(self._kaleido.close(), 15)
            except Exception:  # noqa: BLE001 - closing a browser that already died
                pass
            self._kaleido = None
        if self._loop.is_running():
            self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=5)


RETRY_AFTER_S = 300.0
START_ATTEMPTS = 2

_lock = threading.Lock()
_renderer: _Renderer | None = None
# After a failed start, fail fast for a while rather than make every page wait for a browser again.
_last_failure: tuple[float, str] | None = None


def _get_renderer() -> _Renderer:
    global _renderer, _last_failure
    with _lock:
        if _renderer is not None and _renderer.alive:
            return _renderer
        if _last_failure and time.monotonic() - _last_failure[0] < RETRY_AFTER_S:
            raise ChartExportError(_last_failure[1])
        # A browser start occasionally hangs on a loaded machine; a second start usually works,
        # and one that fails outright (no browser) fails again in well under a second.
        for attempt in range(1, START_ATTEMPTS + 1):
            try:
                started = _Renderer()
            except Exception as exc:  # noqa: BLE001 - choreographer/kaleido raise many kinds
                if attempt < START_ATTEMPTS:
                    continue
                message = (
                    str(exc)
                    if isinstance(exc, ChartExportError)
                    else f"could not start the chart renderer: {_short(exc)}"
                )
                _last_failure = (time.monotonic(), message)
                raise ChartExportError(message) from exc
            _renderer, _last_failure = started, None
            return started
        raise AssertionError("START_ATTEMPTS must be at least 1")


def _discard(stuck: _Renderer) -> None:
    """Forget a renderer that stopped answering, so the next render starts a fresh browser."""
    global _renderer
    with _lock:
        if _renderer is stuck:
            _renderer = None
    # Closing a hung browser can itself wait; nobody should wait for that.
    threading.Thread(target=stuck.close, name="chart-export-close", daemon=True).start()


def stop() -> None:
    """Close the shared browser (tests, and at interpreter exit) and forget any failed start."""
    global _renderer, _last_failure
    with _lock:
        _last_failure = None
        if _renderer is not None:
            _renderer.close()
            _renderer = None


atexit.register(stop)


@contextmanager
def renderer() -> Iterator[None]:
    """Start the browser up front for a batch (a meeting pack); it stays up for later calls."""
    _get_renderer()
    yield


def start_in_background() -> None:
    """Start the browser on a helper thread; the first render waits for it (and sees any failure)."""
    if _renderer is None or not _renderer.alive:
        threading.Thread(target=_start_quietly, name="chart-export-start", daemon=True).start()


def _start_quietly() -> None:
    try:
        _get_renderer()
    except ChartExportError:
        pass  # reported again, briefly, by the render that needed it


def _short(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:200]


def render(
    fig: go.Figure | dict,
    fmt: Format = "png",
    width: int = DEFAULT_WIDTH,
    height: int = DEFAULT_HEIGHT,
    scale: float = 1.0,
) -> bytes:
    """The figure as PNG or SVG bytes, at width x height CSS pixels (PNG pixels multiplied by scale)."""
    if fmt not in ("png", "svg"):
        raise ValueError(f"format must be png or svg, not {fmt!r}")
    opts = {"format": fmt, "width": width, "height": height, "scale": scale}
    try:
        figure = fig if isinstance(fig, go.Figure) else go.Figure(fig)
        data = _render_once_more_if_stuck(figure, opts)
    except ChartExportError:
        raise
    except Exception as exc:  # noqa: BLE001 - a rendering failure is reported, never a traceback
        raise ChartExportError(f"the chart could not be drawn as {fmt.upper()}: {_short(exc)}") from exc
    if isinstance(data, str):
        data = data.encode("utf-8")
    if not data:
        raise ChartExportError(f"the chart renderer returned an empty {fmt.upper()}")
    return bytes(data)


def _render_once_more_if_stuck(figure: go.Figure, opts: dict[str, Any]) -> Any:
    """Render; a browser that stops answering is replaced and the figure tried once more."""
    current = _get_renderer()
    try:
        return current.render(figure, opts)
    except RendererTimeout:
        _discard(current)
    fresh = _get_renderer()
    try:
        return fresh.render(figure, opts)
    except RendererTimeout:
        _discard(fresh)
        raise


def to_png(
    fig: go.Figure | dict, width: int = DEFAULT_WIDTH, height: int = DEFAULT_HEIGHT, scale: float = 2.0
) -> bytes:
    """PNG bytes; scale 2 by default so text stays sharp on a projector or in print."""
    return render(fig, "png", width, height, scale)
