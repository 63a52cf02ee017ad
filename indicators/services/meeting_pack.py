"""The meeting pack's content: one page per indicator and per disproportionality view, for a role.

Figures come from the service layer, so a pack built for the viewer role carries exactly the
suppressed numbers the public pages show (DESIGN §6); ``indicators.charts.pdf`` lays them out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Literal

import pandas as pd

from indicators import readings
from indicators.catalogue import Indicator, load_catalogue
from indicators.charts import images, trend
from indicators.charts import rri as rri_charts
from indicators.charts.pdf import Cover, PackPage, PackSection, render_pdf
from indicators.home import current_home
from indicators.periods import parse_period
from indicators.services import delivery, series
from indicators.services import rri as rri_service
from indicators.services import versions as version_service
from indicators.services import voice as voice_service
from indicators.services.series import benchmark_names
from indicators.suppression import display_value

if TYPE_CHECKING:
    from sqlalchemy import Engine


@dataclass(frozen=True)
class DisproportionalityView:
    """A disproportionality chart for the pack: a stage's RRI by group, or SEN representation."""

    kind: Literal["stage_rri", "representation"]
    stage_id: str | None = None
    period: str | None = None  # None: the stage's latest year
    dimension: str = "ethnicity"
    reference: str | None = None  # None: the service's default reference group
    basis: Literal["population", "previous_stage"] = "population"


# --------------------------------------------------------------------------------------------
# Pages from the service layer
# --------------------------------------------------------------------------------------------


def _trajectory(item: series.IndicatorSeries) -> pd.DataFrame | None:
    if not item.status.trajectory:
        return None
    frame = pd.DataFrame(item.status.trajectory, columns=["period", "expected"])
    frame["period_start"] = [pd.Timestamp(parse_period(p, item.indicator.period_type).start) for p in frame["period"]]
    return frame


def _indicator_table(item: series.IndicatorSeries) -> pd.DataFrame:
    ind, series = item.indicator, item.series.sort_values("period_start")
    out = pd.DataFrame(
        {
            "Period": series["period"].astype(str),
            "Count": [
                display_value(v, "c" if m == "c" and pd.isna(v) else None, 0)
                for v, m in zip(series["numerator"], series["marker"], strict=True)
            ],
            "Value": [
                display_value(v, m, ind.decimals) for v, m in zip(series["value"], series["marker"], strict=True)
            ],
            "95% CI": [
                _interval(lo, hi, m, ind.decimals)
                for lo, hi, m in zip(series["lower_ci"], series["upper_ci"], series["marker"], strict=True)
            ],
        }
    )
    for name in benchmark_names(current_home()):
        comparator = item.comparators.get(name)
        if comparator is not None and not comparator.empty:
            values = dict(
                zip(
                    comparator["period"],
                    [
                        display_value(v, m, ind.decimals)
                        for v, m in zip(comparator["value"], comparator["marker"], strict=True)
                    ],
                    strict=True,
                )
            )
            out[name] = [values.get(p, "[x]") for p in out["Period"]]
    return out.reset_index(drop=True)


def _interval(lower: object, upper: object, marker: object, decimals: int) -> str:
    if marker == "c":
        return "[c]"
    if pd.isna(lower) or pd.isna(upper):
        return ""
    return f"{display_value(lower, None, decimals)} to {display_value(upper, None, decimals)}"


def indicator_pages(engine: Engine, indicator_ids: list[str], role: series.Role) -> list[PackPage]:
    """One trend chart per indicator, against its comparators and target trajectory."""
    items = series.indicator_series(engine, indicator_ids, role) if indicator_ids else {}
    pages = []
    for ind_id in indicator_ids:
        item, s = items[ind_id], items[ind_id].status
        comparators = pd.concat(item.comparators.values()) if item.comparators else None
        fig = trend.trend_chart(
            item.series,
            item.indicator,
            comparators=comparators,
            trajectory=_trajectory(item),
            baseline_period=s.baseline_period,
            launch_date=current_home().launch_date,
        )
        reading = [readings.status_reading(item.indicator, s, item.target, area=current_home().name)]
        pages.append(
            PackPage(
                item.indicator.title,
                fig,
                reading,
                _indicator_table(item),
                item.indicator.illustrative,
                _source(item.indicator),
            )
        )
    return pages


def _source(ind: Indicator) -> str:
    return f"Source: {ind.source.publisher} — {ind.source.name}"


def _rri_page(engine: Engine, view: DisproportionalityView, role: series.Role) -> PackPage:
    options = rri_service.disproportionality_options(engine)
    stage_id = view.stage_id or options.stages[0].id
    period = view.period or options.periods[stage_id][-1]
    result = rri_service.stage_rri_table(engine, stage_id, period, view.dimension, view.reference, role, view.basis)
    title = f"{result.stage.title}, {period}: relative rate index by {view.dimension.replace('_', ' ')}"
    fig = rri_charts.forest_plot(result.table, result.reference_label, title)
    rows = result.table.sort_values("rri", ascending=False, na_position="last")
    table = pd.DataFrame(
        {
            "Group": rows["label"],
            "Children": [
                display_value(v, "c" if m == "c" else None, 0)
                for v, m in zip(rows["events"], rows["marker"], strict=True)
            ],
            "Population": [display_value(v, None, 0) for v in rows["population"]],
            "RRI": [
                "1 (reference)" if ref else display_value(v, m, 2)
                for v, m, ref in zip(rows["rri"], rows["marker"], rows["reference"], strict=True)
            ],
            "95% CI": [
                "" if ref else _interval(lo, hi, m, 2)
                for lo, hi, m, ref in zip(rows["lower"], rows["upper"], rows["marker"], rows["reference"], strict=True)
            ],
        }
    )
    return PackPage(
        title,
        fig,
        result.readings,
        table.reset_index(drop=True),
        result.illustrative,
        _source(result.stage),
        list(result.notes),
    )


def _representation_page(engine: Engine, role: series.Role) -> PackPage:
    rep = rri_service.representation(engine, role)
    cohort_name, population_name = "the youth offending service cohort", "secondary pupils"
    title = f"Special educational needs: youth offending service cohort against secondary pupils ({rep.period})"
    fig = rri_charts.representation_chart(
        rep.sen, title=title, cohort_name=cohort_name, population_name=population_name
    )
    table = pd.DataFrame(
        {
            "Group": rep.sen["label"],
            "Share of cohort (%)": [display_value(v, None, 1) for v in rep.sen["cohort_share"]],
            "Share of pupils (%)": [display_value(v, None, 1) for v in rep.sen["population_share"]],
            "Ratio": [display_value(v, None, 1) for v in rep.sen["ratio"]],
        }
    )
    catalogue = load_catalogue()
    illustrative = any(catalogue.get(i).illustrative for i in ("yos_cohort_share", "secondary_pupils_share"))
    return PackPage(title, fig, list(rep.readings), table, illustrative, _source(catalogue.get("yos_cohort_share")))


def disproportionality_pages(engine: Engine, views: list[DisproportionalityView], role: series.Role) -> list[PackPage]:
    return [_rri_page(engine, v, role) if v.kind == "stage_rri" else _representation_page(engine, role) for v in views]


def build_pack(
    engine: Engine,
    indicator_ids: list[str],
    disproportionality_views: list[DisproportionalityView],
    role: series.Role,
    today: date | None = None,
) -> bytes:
    """The meeting pack as PDF bytes: title page, then one page per indicator and per view."""
    if role not in series.ROLES:
        raise ValueError(f"unknown role {role!r}")
    images.start_in_background()  # the browser starts while the figures are queried
    pages = indicator_pages(engine, list(indicator_ids), role)
    pages += disproportionality_pages(engine, list(disproportionality_views), role)
    home = current_home()
    return render_pdf(
        pages, version_service.current_version(engine), role, today, title=home.strategy_title, author=home.name
    )


# --------------------------------------------------------------------------------------------
# A board's quarterly pack
# --------------------------------------------------------------------------------------------

ACTION_TEXT_CHARS = 160


def _short(text: object, limit: int = ACTION_TEXT_CHARS) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _board_sections(content: delivery.BoardContent) -> list[PackSection]:
    versions = pd.DataFrame({
        "Version": content.versions["id"], "Loaded": [f"{t:%d %b %Y %H:%M}" for t in content.versions["created_at"]],
        "By": content.versions["user"], "File": content.versions["file_name"],
        "Rows added / changed": [f"{a} / {c}" for a, c in zip(content.versions["rows_added"],
                                                              content.versions["rows_changed"], strict=True)],
    })  # fmt: skip
    changed = pd.DataFrame({
        "Action": content.changed["action_id"], "What we will do": content.changed["action"].map(_short),
        "Was": content.changed["previous_status"], "Now": content.changed["status"],
        "Date": content.changed["status_date"].astype(str), "Note": content.changed["note"],
    })  # fmt: skip
    actions = pd.DataFrame({
        "Action": content.actions["action_id"], "What we will do": content.actions["action"].map(_short),
        "Lead": content.actions["lead_services"].map(lambda t: _short(t, 60)),
        "Timescale": content.actions["timescale"],
        "Status": content.actions["status"], "Overdue": ["yes" if o else "" for o in content.actions["overdue"]],
    })  # fmt: skip
    reg = content.register
    register = pd.DataFrame({
        "Entry": reg["id"], "Stage": reg["stage"], "Group": reg["group_label"], "Basis": reg["basis"],
        "Period": reg["period"], "Ratio (95% CI)": reg["interval"], "Explanation": reg["explanation"].map(_short),
        "Actions": reg["actions"], "Owner": reg["owner"],
        "Review": [str(d) if isinstance(d, date) else "" for d in reg["review_date"]],
    })  # fmt: skip
    voice = pd.DataFrame({
        "Objective": content.voice["objective"], "Quarter": content.voice["quarter"],
        "Kind": content.voice["kind"].map(lambda k: "Survey result" if k == "survey" else "Quote"),
        "What young people said": content.voice["text"], "Source": content.voice["source"],
    })  # fmt: skip
    previous = delivery.previous_quarter(content.quarter)
    objectives = ", ".join(map(str, sorted(content.objectives))) or "none"
    return [
        PackSection(
            "What changed since the previous pack",
            [
                f"Dataset versions loaded after the end of {previous} (the previous pack's quarter): {len(versions)}.",
                f"Action statuses that changed in {content.quarter}: {len(changed)}.",
            ],
            versions if len(versions) else None,
        ),  # fmt: skip
        PackSection(f"Status changes in {content.quarter}", [] if len(changed) else ["No status changed."], changed),
        PackSection(
            f"The board's actions and their status at the end of {content.quarter}",
            [
                f"{len(actions)} actions name the {content.board} as a governance group; "
                f"{int(content.actions['overdue'].sum())} are overdue (timescale passed, not complete)."
            ],
            actions,
        ),  # fmt: skip
        PackSection(
            "Explain-or-change register: open entries",
            [
                "Each entry is a reliable, significant disparity the Delivery group must explain or act on; "
                "a ratio of 1 means the same rate as the reference group, and the 95% interval is the range "
                "the true ratio is likely to lie in."
            ]
            + ([] if len(register) else ["No entry is open."]),
            register,
        ),  # fmt: skip
        PackSection(
            "Young people's voice",
            [f"Consented, anonymous quotes and survey results for objectives {objectives}, up to {content.quarter}."]
            + ([] if len(voice) else ["No item has been recorded for these objectives yet."]),
            voice,
        ),  # fmt: skip
    ]


def build_board_pack(
    engine: Engine, board: str, quarter: str | None, role: series.Role, today: date | None = None
) -> bytes:
    """A board's quarterly pack: cover, changes, its actions, the register, voice, its KPIs' charts."""
    if role not in series.ROLES:
        raise ValueError(f"unknown role {role!r}")
    images.start_in_background()
    today = today or date.today()
    quarter = quarter or delivery.current_quarter(today)
    content = delivery.board_content(engine, board, quarter, role, voice_service.items(engine, quarter=quarter))
    version = version_service.current_version(engine)
    used = f"Data version {version['id']}, loaded on {version['created_at']:%d %B %Y}" if version else "No data loaded"
    cover = Cover(
        f"{board}", f"Youth Safety Strategy: quarterly pack for {quarter}",
        [f"Prepared on {today:%d %B %Y} by the Youth Safety Delivery group.", f"{used}.",
         "Data versions loaded since the previous pack: "
         + (", ".join(str(v) for v in content.versions["id"]) or "none") + "."],
    )  # fmt: skip
    pages = indicator_pages(engine, content.kpi_ids, role)
    return render_pdf(
        pages, version, role, today, cover=cover, sections=_board_sections(content), author=current_home().name
    )
