"""Selectors whose value lives in the page's URL, so that each choice is a browser history entry.

Streamlit 1.67's frontend pushes a history entry whenever the script changes the query string, and
on Back/Forward reruns the page with the URL it returns to (writes during that rerun replace the
entry instead). Two things broke that: pages wrote their defaults into the URL on every first load
(three pushes on /cohorts, so Back "stayed on the page"), and a keyed widget kept its own value over
the URL, so the Back rerun wrote the newer choice straight back. Here the URL is the only source of
truth: the widget is set from it on every run, and only the user's change (a callback) writes it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Literal

import streamlit as st

from indicators.ui import feedback

INVALID_KEY = "ui.url_invalid"
# Pills where they fit (a few short options, all in view): a select or multiselect made a first visit
# fetch ~17 more script files, and the 4.6 MB chart code queued behind them (issue 21: on the indicator
# page Plotly's code arrived ~130 ms later than on a bare page; with pills it settled 1.12-1.23x, not
# 1.27-1.39x, of a bare page).


def _write(updates: Mapping[str, str | None], resets: Sequence[str]) -> None:
    """One query-string change (one history entry): set ``updates`` (None drops one), drop ``resets``
    and any value the page last rejected (still in the URL as typed, until the user's next choice)."""
    rejected = st.session_state.pop(INVALID_KEY, {})
    params = {
        k: v
        for k, v in st.query_params.to_dict().items()
        if k not in resets and k not in updates and rejected.get(k) != v
    }
    params.update({k: v for k, v in updates.items() if v is not None})
    st.query_params.from_dict(params)


def _chosen(key: str, param: str, resets: Sequence[str]) -> None:
    value = str(st.session_state[key])
    _write({param: value or None}, resets)  # "" (an "All ..." choice) is the default: no parameter


def chosen(
    label: str, options: Sequence[str], param: str, default: str, format_func: Callable[[str], str] = str
) -> str:
    """The choice ``?param=`` holds, or ``default``; an unknown value gets a message, not a traceback.
    What choose() shows, for a page that draws its selector only on request."""
    raw = st.query_params.get(param)
    if raw is not None and raw not in options:
        shown = feedback.plain(raw)
        st.warning(f"“{shown}” is not one of the choices for “{label}”, so this shows {format_func(default)} instead.")
        # Left in the URL (rewriting it now would add a history entry); the next choice drops it.
        st.session_state.setdefault(INVALID_KEY, {})[param] = raw
        raw = None
    return default if raw is None else raw


def choose(
    label: str,
    options: Sequence[str],
    param: str,
    default: str,
    key: str,
    format_func: Callable[[str], str] = str,
    where: object = st,
    resets: Sequence[str] = (),
    kind: Literal["selectbox", "pills"] = "selectbox",
) -> str:
    """A selectbox (or a row of pills, one always chosen) whose value lives in ``?param=``; an unknown
    value gets a message, not a traceback.

    ``resets`` names the parameters that depend on this one (a period of the old indicator), dropped
    when the user changes it so that the next selector falls back to its own default."""
    options = list(options)
    wanted = chosen(label, options, param, default, format_func)
    if st.session_state.get(key) != wanted:
        st.session_state[key] = wanted  # the URL wins: Back, Forward and shared links set the view
    if kind == "pills":
        return where.pills(  # type: ignore[attr-defined, no-any-return]
            label, options, format_func=format_func, key=key, on_change=_chosen, args=(key, param, resets),
            required=True,
        )  # fmt: skip
    return where.selectbox(  # type: ignore[attr-defined, no-any-return]
        label, options, format_func=format_func, key=key, on_change=_chosen, args=(key, param, resets)
    )


def _chose_many(key: str, param: str) -> None:
    _write({param: ",".join(st.session_state[key])}, ())  # "" (none chosen) differs from no parameter


def choose_many(
    label: str,
    options: Sequence[str],
    param: str,
    default: Sequence[str],
    key: str,
    format_func: Callable[[str], str] = str,
    kind: Literal["multiselect", "pills"] = "multiselect",
) -> list[str]:
    """A multiselect (or a row of pills) whose choices live in ``?param=a,b``; unknown values are left out."""
    raw = st.query_params.get(param)
    wanted = list(default) if raw is None else [v for v in raw.split(",") if v in options]
    if st.session_state.get(key) != wanted:
        st.session_state[key] = wanted  # the URL wins, as in choose()
    if kind == "pills":
        picked = st.pills(label, list(options), selection_mode="multi", format_func=format_func, key=key,
                          on_change=_chose_many, args=(key, param))  # fmt: skip
        return list(picked or [])
    return list(
        st.multiselect(label, list(options), format_func=format_func, key=key, on_change=_chose_many, args=(key, param))
    )


def _switched(key: str, on: Mapping[str, str]) -> None:
    _write({name: value if st.session_state[key] else None for name, value in on.items()}, ())


def switch(label: str, on: Mapping[str, str], key: str, where: object = st, kind: str = "toggle") -> bool:
    """A toggle (or checkbox) that is on while the URL holds the first parameter of ``on``.

    Turning it on adds them all, turning it off drops them all: one history entry each way."""
    wanted = st.query_params.get(next(iter(on))) == next(iter(on.values()))
    if st.session_state.get(key) != wanted:
        st.session_state[key] = wanted  # the URL wins, as in choose()
    widget = getattr(where, kind)
    return bool(widget(label, key=key, on_change=_switched, args=(key, dict(on))))
