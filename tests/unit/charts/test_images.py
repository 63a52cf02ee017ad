"""Chart images through kaleido 1.x and Debian's chromium (one browser for the whole module)."""

from __future__ import annotations

import plotly.graph_objects as go
import pytest

from indicators.charts import images

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def figure() -> go.Figure:
    fig = go.Figure(go.Scatter(x=["2019/20", "2020/21", "2021/22"], y=[4.1, 3.8, 3.2], name="Islington"))
    fig.update_layout(title="NEET 16-17 (%)")
    return fig


@pytest.fixture(scope="module", autouse=True)
def _one_browser():
    with images.renderer():
        yield
    images.stop()


def test_png_has_signature_and_size(figure: go.Figure) -> None:
    data = images.to_png(figure, width=600, height=400, scale=1)
    assert data.startswith(PNG_SIGNATURE)
    assert len(data) > 1000
    # IHDR holds width and height as big-endian ints at bytes 16-24.
    assert int.from_bytes(data[16:20], "big") == 600
    assert int.from_bytes(data[20:24], "big") == 400


def test_svg_is_svg_text(figure: go.Figure) -> None:
    data = images.render(figure, "svg")
    assert len(data) > 0
    text = data.decode("utf-8")
    assert "<svg" in text
    assert "NEET 16-17" in text


def test_accepts_a_figure_dict(figure: go.Figure) -> None:
    assert images.to_png(figure.to_dict(), scale=1).startswith(PNG_SIGNATURE)


@pytest.mark.parametrize("bad", [{"data": [{"type": "no_such_trace"}]}, {"layout": 3}])
def test_bad_figure_is_a_short_domain_error(bad: dict) -> None:
    with pytest.raises(images.ChartExportError) as info:
        images.to_png(bad)
    assert len(str(info.value)) <= 300


def test_unknown_format_is_rejected(figure: go.Figure) -> None:
    with pytest.raises(ValueError, match="png or svg"):
        images.render(figure, "gif")  # type: ignore[arg-type]
