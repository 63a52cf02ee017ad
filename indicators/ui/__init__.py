"""The one place that wraps domain calls in st.cache_* and turns domain errors into messages.

Caches are keyed by the current dataset version, so a commit or rollback shows at once.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st
from sqlalchemy import Engine

from indicators.errors import IndicatorError, NotAuthorised
from indicators.safe_csv import to_csv_bytes
from indicators.services import series
from indicators.services.bootstrap import ensure_ready
from indicators.settings import get_settings
from indicators.store.db import get_engine
from indicators.suppression import SYMBOL_MEANINGS

ROLE_KEY = "auth.role"
USER_KEY = "auth.user"
ILLUSTRATIVE_TEXT = "Illustrative figures — not published data"
# A dataset version's rows never change, so entries keyed by it stay right until a new version;
# max_entries bounds memory. A short TTL only made the first visitor after each expiry wait for
# the cold path (overview 5.5 s against 3.3 s warm in bench/overview_browser.py).
VERSION_TTL_S = 24 * 3600


@st.cache_resource(show_spinner=False)
def engine() -> Engine:
    eng = get_engine()
    ensure_ready(eng, get_settings())
    return eng


@st.cache_data(ttl=5, show_spinner=False)
def data_version() -> int:
    current = series.current_version(engine())
    return int(current["id"]) if current else 0


@st.cache_data(ttl=VERSION_TTL_S, max_entries=4, show_spinner=False)
def current_version(version: int) -> dict | None:
    return series.current_version(engine())


@st.cache_data(ttl=VERSION_TTL_S, max_entries=8, show_spinner=False)
def overview(role: str, version: int) -> list[series.IndicatorSeries]:
    return series.overview(engine(), role)  # type: ignore[arg-type]


@st.cache_data(ttl=VERSION_TTL_S, max_entries=64, show_spinner=False)
def indicator(indicator_id: str, role: str, version: int) -> series.IndicatorSeries:
    return series.indicator_series(engine(), [indicator_id], role)[indicator_id]  # type: ignore[arg-type]


@st.cache_data(ttl=VERSION_TTL_S, max_entries=64, show_spinner=False)
def breakdown(indicator_id: str, dimension: str, role: str, version: int) -> pd.DataFrame:
    return series.breakdown(engine(), indicator_id, dimension, role)  # type: ignore[arg-type]


@st.cache_data(ttl=VERSION_TTL_S, max_entries=4, show_spinner=False)
def breakdown_index(version: int) -> pd.DataFrame:
    return series.breakdown_index(engine())


def current_role() -> str:
    """'analyst' only for a signed-in analyst (OIDC or local); everyone else is a viewer."""
    try:
        if st.user.is_logged_in:
            analysts = list(st.secrets.get("roles", {}).get("analysts", []))
            from indicators.store.credentials import role_for_oidc_user

            return role_for_oidc_user(st.user.get("email"), analysts)
    except Exception:  # noqa: BLE001 - no [auth] configured: st.user raises or is empty
        pass
    return st.session_state.get(ROLE_KEY, "viewer")


def current_user() -> str:
    try:
        if st.user.is_logged_in:
            return str(st.user.get("email") or st.user.get("name") or "signed-in user")
    except Exception:  # noqa: BLE001
        pass
    return st.session_state.get(USER_KEY, "anonymous")


def require_analyst() -> None:
    """Stop the page for anyone but an analyst, even if the URL was typed directly."""
    if current_role() != "analyst":
        st.error("This page is for signed-in analysts only. Sign in to upload data or roll back versions.")
        st.markdown("[Sign in](./sign-in)")  # a plain link works however the page was reached
        st.stop()


def run(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Call a domain function; show its IndicatorError as a message and stop the page."""
    try:
        return fn(*args, **kwargs)
    except IndicatorError as exc:
        st.error(str(exc))
        st.stop()


def publication_banner(role: str) -> None:
    if role == "analyst":
        st.warning("Analyst view: unsuppressed figures. **Not for publication.**", icon="🔒")


def illustrative_banner() -> None:
    st.info(f"**{ILLUSTRATIVE_TEXT}.** This series is invented to show how the view works.", icon="ℹ️")


def csv_download(frame: pd.DataFrame, file_name: str, label: str, key: str) -> None:
    data = to_csv_bytes(frame)
    size = len(data) / 1024
    st.download_button(f"{label} (CSV, {size:,.1f} KB)", data=data, file_name=file_name,
                       mime="text/csv", key=key)


def symbols_help() -> None:
    with st.expander("What [c], [x], [z], [low] and [u] mean"):
        for symbol, meaning in SYMBOL_MEANINGS.items():
            st.markdown(f"- **[{symbol}]** {meaning}")


def oidc_configured() -> bool:
    try:
        return "auth" in st.secrets
    except Exception:  # noqa: BLE001 - no secrets file at all
        return False


def sign_in(name: str, password: str) -> bool:
    """Local sign-in: bcrypt check against the credentials file; audited either way."""
    from indicators.store.credentials import verify

    role = verify(name.strip(), password) if name and password else None
    series.record_event(engine(), name.strip() or "(blank)", "sign_in" if role else "sign_in_failed", "")
    if role:
        st.session_state[ROLE_KEY] = role
        st.session_state[USER_KEY] = name.strip()
    return role is not None


def sign_out() -> None:
    series.record_event(engine(), current_user(), "sign_out", "")
    st.session_state.pop(ROLE_KEY, None)
    st.session_state.pop(USER_KEY, None)
    try:
        if st.user.is_logged_in:
            st.logout()
    except Exception:  # noqa: BLE001
        pass


@st.cache_data(ttl=VERSION_TTL_S, max_entries=4, show_spinner=False)
def versions(version: int) -> pd.DataFrame:
    return series.versions(engine())


def audit_log() -> pd.DataFrame:
    return series.audit_log(engine())


def rollback(version_id: int) -> str:
    """Analysts only; the page checks the role and this checks it again."""
    from indicators.store.db import session_scope
    from indicators.store.versions import rollback as do_rollback

    if current_role() != "analyst":
        raise NotAuthorised("only analysts can roll back")
    with session_scope(engine()) as session:
        message = do_rollback(session, version_id, user=current_user())
    data_version.clear()
    return message


# --- Cohorts and disproportionality pages (indicators.cohort_service, indicators.rri_service), cached by
# data version ---


@st.cache_data(ttl=VERSION_TTL_S, max_entries=4, show_spinner=False)
def cohort_options(version: int) -> pd.DataFrame:
    from indicators.services import cohorts as cohort_service

    return cohort_service.cohort_options(engine())


@st.cache_data(ttl=VERSION_TTL_S, max_entries=64, show_spinner=False)
def cohort_view(indicator_id: str, dimension: str, period: str, role: str, version: int) -> Any:
    from indicators.services import cohorts as cohort_service

    return cohort_service.cohort_view(engine(), indicator_id, dimension, period, role)  # type: ignore[arg-type]


@st.cache_data(ttl=VERSION_TTL_S, max_entries=4, show_spinner=False)
def disproportionality_options(version: int) -> Any:
    from indicators.services import rri as rri_service

    return rri_service.disproportionality_options(engine())


@st.cache_data(ttl=VERSION_TTL_S, max_entries=128, show_spinner=False)
def stage_rri_table(
    stage_id: str, period: str, dimension: str, reference: str | None, role: str, basis: str, version: int
) -> Any:
    from indicators.services import rri as rri_service

    return rri_service.stage_rri_table(engine(), stage_id, period, dimension, reference, role, basis)  # type: ignore[arg-type]


@st.cache_data(ttl=VERSION_TTL_S, max_entries=64, show_spinner=False)
def rri_heatmap_frame(
    period: str, dimension: str, reference: str | None, role: str, basis: str, version: int
) -> pd.DataFrame:
    from indicators.services import rri as rri_service

    return rri_service.rri_heatmap_frame(engine(), period, dimension, reference, role, basis)  # type: ignore[arg-type]


@st.cache_data(ttl=VERSION_TTL_S, max_entries=64, show_spinner=False)
def rri_over_time(stage_id: str, dimension: str, reference: str | None, role: str, basis: str, version: int) -> Any:
    from indicators.services import rri as rri_service

    return rri_service.rri_over_time(engine(), stage_id, dimension, reference, role, basis)  # type: ignore[arg-type]


@st.cache_data(ttl=VERSION_TTL_S, max_entries=4, show_spinner=False)
def representation(role: str, version: int) -> Any:
    from indicators.services import rri as rri_service

    return rri_service.representation(engine(), role)  # type: ignore[arg-type]


@st.cache_data(ttl=3600, max_entries=64, show_spinner=False)
def _chart_image(digest: str, fmt: str, _figure_json: str) -> bytes:
    """Rendered once per figure (keyed by the SHA-256 of its JSON) and format."""
    import plotly.io as pio

    from indicators.charts.trend import images

    return images.render(pio.from_json(_figure_json), fmt)  # type: ignore[arg-type]


def image_downloads(fig: Any, file_stem: str, key: str) -> None:
    """'Download chart (PNG, N KB)' and SVG buttons; a short message instead if drawing fails."""
    import hashlib

    figure_json = fig.to_json()
    digest = hashlib.sha256(figure_json.encode("utf-8")).hexdigest()
    columns = st.columns(2)
    for column, fmt, mime in zip(columns, ("png", "svg"), ("image/png", "image/svg+xml"), strict=True):
        try:
            data = _chart_image(digest, fmt, figure_json)
        except Exception as exc:  # noqa: BLE001 - a download that fails must not break the page
            message = str(exc) if isinstance(exc, IndicatorError) else type(exc).__name__
            column.caption(f"The chart could not be saved as {fmt.upper()} ({message[:120]}). "
                           "The data download still works.")
            continue
        column.download_button(f"Download chart ({fmt.upper()}, {len(data) / 1024:,.0f} KB)", data=data,
                               file_name=f"{file_stem}.{fmt}", mime=mime, key=f"{key}.{fmt}",
                               on_click="ignore")


@st.cache_data(ttl=600, max_entries=8, show_spinner=False)  # short: the title page carries today's date
def meeting_pack_pdf(indicator_ids: tuple[str, ...], views: tuple[tuple[str, str | None, str | None], ...],
                     role: str, version: int) -> bytes:
    """The meeting pack PDF; views are (kind, stage_id, period) tuples, so the cache can hash them."""
    from indicators.services.meeting_pack import DisproportionalityView, build_pack

    chosen = [DisproportionalityView(kind, stage, period) for kind, stage, period in views]  # type: ignore[arg-type]
    return build_pack(engine(), list(indicator_ids), chosen, role)  # type: ignore[arg-type]


def ensure_navigation() -> None:
    """Make every page run inside app.py's st.navigation, even when opened first by a deep link.

    Streamlit sets a server-wide legacy flag when a pages/ folder sits beside the main script; until
    app.py has called st.navigation once, a deep link (/cohorts?...) runs the page file on its own,
    with a sidebar listing every file. Clearing the flag and rerunning hands the same URL to app.py.
    """
    from streamlit.runtime.pages_manager import PagesManager

    # Only on a session's first run, so a rerun can never swallow a button click.
    first_run = not st.session_state.get("ui.navigation_checked", False)
    st.session_state["ui.navigation_checked"] = True
    if PagesManager.uses_pages_directory and first_run:
        PagesManager.uses_pages_directory = False
        st.rerun()


def sidebar_menu(sections: dict[str, list]) -> None:
    """The sidebar: a labelled group of page links per section, in reading order."""
    with st.sidebar:
        st.markdown("**Islington Youth Safety Indicators**")
        for name, pages in sections.items():
            st.caption(name)
            for page in pages:
                st.page_link(page)
        if current_role() == "analyst":
            st.caption(f"Signed in as {current_user()} (analyst)")
