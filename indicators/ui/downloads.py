"""Download buttons: data as formula-safe CSV, charts as PNG and SVG."""

from __future__ import annotations

import hashlib
from typing import Any

import pandas as pd
import plotly.io as pio
import streamlit as st

from indicators.charts import images
from indicators.errors import IndicatorError
from indicators.safe_csv import analyst_mark, to_csv_bytes
from indicators.ui.cached import current_version
from indicators.ui.rendered import Image
from indicators.ui.session import current_role


def csv_download(frame: pd.DataFrame, file_name: str, label: str, key: str) -> None:
    """A CSV download; an analyst's starts with the not-for-publication line and its version (issue 16)."""
    mark = None
    if current_role() == "analyst":
        version = current_version() or {}
        mark = analyst_mark(version.get("id"), version.get("created_at"))
    csv_button(to_csv_bytes(frame, mark), file_name, label, key)


def csv_button(data: bytes, file_name: str, label: str, key: str) -> None:
    """A CSV download of bytes made already (ui.rendered: with the analyst's mark where due)."""
    size = len(data) / 1024
    st.download_button(f"{label} (CSV, {size:,.1f} KB)", data=data, file_name=file_name, mime="text/csv", key=key)


def image_buttons(images: tuple[Image, ...], file_stem: str, key: str) -> None:
    """'Download chart (PNG, N KB)' and SVG buttons for images drawn already (ui.rendered.chart_images)."""
    for column, image in zip(st.columns(len(images)), images, strict=True):
        if image.data is None:
            column.caption(
                f"The chart could not be saved as {image.fmt.upper()} ({image.problem}). The data download still works."
            )
            continue
        column.download_button(
            f"Download chart ({image.fmt.upper()}, {len(image.data) / 1024:,.0f} KB)",
            data=image.data,
            file_name=f"{file_stem}.{image.fmt}",
            mime=image.mime,
            key=f"{key}.{image.fmt}",
            on_click="ignore",
        )


@st.cache_data(ttl=3600, max_entries=64, show_spinner=False)
def _chart_image(digest: str, fmt: str, _figure_json: str) -> bytes:
    """Rendered once per figure (keyed by the SHA-256 of its JSON) and format."""
    return images.render(pio.from_json(_figure_json), fmt)  # type: ignore[arg-type]


def image_downloads(fig: Any, file_stem: str, key: str) -> None:
    """'Download chart (PNG, N KB)' and SVG buttons; a short message instead if drawing fails."""
    figure_json = fig.to_json()
    digest = hashlib.sha256(figure_json.encode("utf-8")).hexdigest()
    columns = st.columns(2)
    for column, fmt, mime in zip(columns, ("png", "svg"), ("image/png", "image/svg+xml"), strict=True):
        try:
            data = _chart_image(digest, fmt, figure_json)
        except Exception as exc:  # noqa: BLE001 - a download that fails must not break the page
            message = str(exc) if isinstance(exc, IndicatorError) else type(exc).__name__
            column.caption(
                f"The chart could not be saved as {fmt.upper()} ({message[:120]}). The data download still works."
            )
            continue
        column.download_button(
            f"Download chart ({fmt.upper()}, {len(data) / 1024:,.0f} KB)",
            data=data,
            file_name=f"{file_stem}.{fmt}",
            mime=mime,
            key=f"{key}.{fmt}",
            on_click="ignore",
        )
