"""Issue 22: what a page draws is built once per data version and role (ui.rendered); the views must
carry exactly what the pages drew before: escaped catalogue text, the role's CSV mark, and a plain
message where a chart image cannot be drawn."""

from __future__ import annotations

import plotly.graph_objects as go
import pytest

from indicators.charts import images
from indicators.errors import IndicatorError
from indicators.home import current_home
from indicators.services import series
from indicators.services.benchmark import benchmark
from indicators.ui import rendered


@pytest.fixture
def no_browser(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(fig: go.Figure, fmt: str) -> bytes:
        raise IndicatorError("no browser here")

    monkeypatch.setattr(images, "render", refuse)


def test_a_card_escapes_the_title_and_carries_the_status(seeded_engine, monkeypatch) -> None:
    item = series.indicator_series(seeded_engine, ["neet_16_17"], "viewer")["neet_16_17"]
    item.indicator = item.indicator.model_copy(update={"title": "NEET <script>alert(1)</script>"})
    card = rendered.card_view(item, current_home())
    assert "<script>" not in card.head_html and "&lt;script&gt;" in card.head_html
    assert card.metric_label == f"Latest ({item.status.latest_period})"
    for label, verdict in item.status.verdicts().items():
        if label in ("Trend", "Target") or verdict is item.status.baseline:
            assert f"{label}:" in card.head_html


def test_a_viewers_csv_has_no_mark_and_an_analysts_starts_with_it(seeded_engine, no_browser) -> None:
    home = current_home()
    viewer_view = rendered.benchmark_view(benchmark(seeded_engine, "neet_16_17", "viewer"), None)
    analyst_view = rendered.benchmark_view(benchmark(seeded_engine, "neet_16_17", "analyst"), "# MARK")
    bom = b"\xef\xbb\xbf"  # Excel reads UTF-8 only with it (safe_csv)
    assert viewer_view.csv.startswith(bom + b"area_code,") and analyst_view.csv.startswith(bom + b"# MARK\r\n")
    assert viewer_view.everyone is not None and viewer_view.everyone.csv.startswith(bom + b"area_code,")
    assert (viewer_view.london is not None) == home.in_london
    # no browser: each image is a short message, not an exception that breaks the page
    assert [(i.fmt, i.data, i.problem) for i in viewer_view.everyone.images] == [
        ("png", None, "no browser here"),
        ("svg", None, "no browser here"),
    ]


def test_a_markdown_table_is_a_real_table_with_literal_text() -> None:
    """Rendered by an independent CommonMark parser with GFM tables, as Streamlit's renderer reads it."""
    import pandas as pd
    from markdown_it import MarkdownIt

    frame = pd.DataFrame(
        {"Council": ["Hackney", "A|B <b>x</b> [l](http://e.vil)"], "Value": ["12.5", "[c]"], "Rank": [3.0, None]}
    )
    html = MarkdownIt("commonmark").enable("table").render(rendered.markdown_table(frame))
    assert html.count("</th>") == 3 and "<td>Hackney</td>" in html
    assert '<th style="text-align:right">Value</th>' in html and "<th>Council</th>" in html
    # The pipe stays in its cell, the tags and the link are text, and the word joiners keep it unlinked.
    assert "<td>A|B &lt;b&gt;x&lt;/b&gt; [l](http\u2060://e\u2060.vil)</td>" in html
    assert '<td style="text-align:right">[c]</td>' in html and '<td style="text-align:right">3</td>' in html
    assert "<a " not in html and "<b>" not in html
