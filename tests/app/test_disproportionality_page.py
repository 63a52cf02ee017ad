"""The disproportionality page (/disproportionality): every stage, year and basis renders; the
selections and the meeting view live in the URL; bad URL values give a message, not a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from indicators import meeting
from indicators.services import linked as linked_service
from indicators.services import rri as rri_service
from indicators.settings import get_settings
from indicators.store.db import make_engine
from tests.app.conftest import tables

ROOT = Path(__file__).resolve().parents[2]
PAGE = str(ROOT / "pages" / "disproportionality.py")


def _options() -> rri_service.DisproportionalityOptions:
    engine = make_engine(get_settings().resolved_database_url)
    try:
        return rri_service.disproportionality_options(engine)
    finally:
        engine.dispose()


OPTIONS = _options()
# every stage, dimension and year on the population basis; stage-to-stage for each stage's first
# and last year
STAGE_YEARS = [
    (s.id, d, p, "population") for s in OPTIONS.stages for d in OPTIONS.dimensions[s.id] for p in OPTIONS.periods[s.id]
]
STAGE_YEARS += [
    (s.id, OPTIONS.dimensions[s.id][0], p, "previous_stage")
    for s in OPTIONS.stages
    for p in dict.fromkeys([OPTIONS.periods[s.id][0], OPTIONS.periods[s.id][-1]])
]
AGENDA = meeting.build_agenda([(s.id, s.title) for s in OPTIONS.stages], "first_time_entrants_count")


def _run(session: dict | None = None, **params: str) -> AppTest:
    """The stage-by-stage example (``?show=example``) unless the test asks for another view."""
    at = AppTest.from_file(PAGE, default_timeout=30)
    params = {"show": "example", **params}
    for key, value in params.items():
        at.query_params[key] = value
    for key, value in (session or {}).items():
        at.session_state[key] = value
    return at.run(timeout=30)


def _figures(at: AppTest) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def _text(at: AppTest) -> str:
    return " ".join(m.value for m in at.markdown)


def test_default_view_has_forest_heatmap_trend_and_representation() -> None:
    at = _run()
    assert not at.exception
    assert dict(at.query_params) == {"show": "example"}  # the defaults are not written (no history entries)
    # The selectors are folded away until asked for; the choices are named in a sentence instead.
    assert not at.selectbox and at.pills(key="disproportionality.show").value == "example"
    assert (
        "**Showing:** First time entrants (number), 2024/25, ethnicity (5 major groups) compared with White "
        "children; population-based (per child aged 10-17)." in [m.value for m in at.markdown]
    )
    at.session_state["disproportionality.choose"] = True  # what opening the expander sets
    at.run(timeout=30)
    assert [s.label for s in at.selectbox] == ["Stage", "Year", "Groups", "Compared with", "Basis"]
    assert dict(at.query_params) == {"show": "example"}
    chosen = {k: at.selectbox(key=f"disproportionality.{k}").value for k in ("stage", "basis")}
    assert chosen == {"stage": "first_time_entrants_count", "basis": "population"}
    assert at.selectbox(key="disproportionality.period.first_time_entrants_count").value == "2024/25"
    assert at.selectbox(key="disproportionality.reference.ethnicity").value == "white"
    figures = _figures(at)
    assert len(figures) == 4
    forest, heatmap = figures[0], figures[1]
    assert forest["layout"]["title"]["text"].replace("<br>", " ").startswith("First time entrants (number), 2024/25")
    assert any(s.get("name") == "reference_line" and s["x0"] == 1 for s in forest["layout"]["shapes"])
    assert heatmap["data"][0]["type"] == "heatmap"
    text = _text(at)
    assert "times as likely as White children to enter the youth justice system" in text
    assert "8.0 times their share" in text and "2.8 times their share" in text
    assert "a fifth and a quarter" in text
    # illustrative stage data: the banner and, for a viewer, a sentence rather than an upload link
    assert any("Illustrative figures" in i.value for i in at.info)
    assert "upload the youth justice service's figures by ethnicity" in text
    assert "Analyst view" not in " ".join(w.value for w in at.warning)


@pytest.mark.parametrize("stage,dimension,period,basis", STAGE_YEARS)
def test_every_stage_year_and_basis_renders(stage: str, dimension: str, period: str, basis: str) -> None:
    at = _run(stage=stage, dimension=dimension, period=period, basis=basis)
    assert not at.exception
    assert not at.warning
    assert at.query_params["stage"] == stage and at.query_params["period"] == period
    figures = _figures(at)
    assert len(figures) == 4 and all(f["data"] for f in figures)


def test_small_numbers_are_suppressed_for_viewers() -> None:
    at = _run(stage="yj_custody", period="2019/20")
    assert not at.exception
    forest_table = tables(at)[0]
    assert set(forest_table["RRI"]) == {"[c]", "1 (reference)"}
    assert not any(c in {"1", "2", "3", "4"} for c in forest_table["Count"])
    assert "[c] suppressed: too few children to publish" in _text(at)
    assert any("[c] marks groups" in c.value for c in at.caption)


def test_analysts_see_unsuppressed_figures_and_the_upload_link() -> None:
    at = _run(session={"auth.role": "analyst"}, stage="yj_custody", period="2019/20")
    assert not at.exception
    assert any("Not for publication" in w.value for w in at.warning)
    assert "1" in set(tables(at)[0]["Count"])
    assert "Upload the youth justice service's figures by ethnicity" in _text(at)


def test_reference_switching_is_kept_in_the_url() -> None:
    at = _run(stage="yj_arrests", period="2019/20", reference="black")
    assert not at.exception and at.query_params["reference"] == "black"
    assert "White children were 0.4 times as likely as Black children to be arrested" in _text(at)


@pytest.mark.parametrize(
    "params,bad",
    [
        ({"stage": "bogus_stage"}, "bogus_stage"),
        ({"stage": "yj_arrests", "period": "1999/00"}, "1999/00"),
        ({"dimension": "ethnicity_minor"}, "ethnicity_minor"),
        ({"reference": "martian"}, "martian"),
        ({"basis": "vibes"}, "vibes"),
        ({"meeting": "1", "view": "99"}, "99"),
        ({"meeting": "1", "view": "two"}, "two"),
    ],
)
def test_bad_query_params_give_a_message_and_a_default(params: dict[str, str], bad: str) -> None:
    at = _run(**params)
    assert not at.exception
    # echoed values are Markdown-escaped (feedback.plain): compare the text a reader sees
    assert any(bad in w.value.replace("\\", "").replace("\u2060", "") for w in at.warning)
    assert at.get("plotly_chart")
    # Left in the URL (rewriting it would add a history entry) until the visitor's next choice.
    if "meeting" in params:
        at.button(key="disproportionality.next").click().run(timeout=30)
    else:
        at.session_state["disproportionality.choose"] = True  # the visitor opens the selectors
        at.run(timeout=30)
        assert sum(bad in w.value.replace("\\", "").replace("\u2060", "") for w in at.warning) == 1
        at.selectbox(key="disproportionality.basis").set_value("previous_stage").run(timeout=30)
    assert not at.exception
    assert bad not in at.query_params.values()


def _entirely_suppressed(item: meeting.AgendaItem) -> bool:
    """Worked out from the viewer's figures: every non-reference ratio of a forest slide is [c]."""
    if item.kind != meeting.FOREST:
        return False
    engine = make_engine(get_settings().resolved_database_url)
    try:
        table = rri_service.stage_rri_table(
            engine, item.stage_id, OPTIONS.periods[item.stage_id][-1], "ethnicity", None, "viewer"
        ).table
    finally:
        engine.dispose()
    return bool((table.loc[~table["reference"], "marker"] == "c").all())


def test_meeting_view_steps_through_the_agenda_one_chart_per_screen() -> None:
    slides = [item for item in AGENDA if not _entirely_suppressed(item)]
    skipped = [item.title for item in AGENDA if item not in slides]
    at = _run(meeting="1")
    assert not at.exception
    assert "view" not in at.query_params  # the first screen is not written back (no extra history entry)
    seen = []
    for number, item in enumerate(slides, start=1):
        assert at.query_params.get("view", "1") == str(number)
        assert len(at.get("plotly_chart")) == 1, item.title
        assert at.header[0].value == item.title
        seen.append(_figures(at)[0]["layout"]["font"]["size"])
        assert f"Screen {number} of {len(slides)}" in _text(at)
        assert all(title in _text(at) for title in skipped)  # the slide list names what was skipped
        assert "Compared with: " in " ".join(c.value for c in at.caption)
        assert at.button(key="disproportionality.next").disabled == (number == len(slides))
        if number < len(slides):
            at.button(key="disproportionality.next").click().run(timeout=30)
            assert not at.exception
    assert min(seen) >= 22  # projector type (charts built with meeting=True)
    at.button(key="disproportionality.previous").click().run(timeout=30)
    assert not at.exception and at.query_params["view"] == str(len(slides) - 1)


def test_meeting_view_opens_at_the_screen_in_the_url_and_can_be_left() -> None:
    at = _run(meeting="1", view="3")
    assert not at.exception
    assert at.header[0].value == AGENDA[2].title
    at.toggle(key="disproportionality.meeting").set_value(False).run(timeout=30)
    assert not at.exception
    assert "meeting" not in at.query_params and "view" not in at.query_params
    assert len(at.get("plotly_chart")) == 4


# --- The opening view: representation ratios from the MoJ-DfE linked data (real, published) ---


def _linked(**params: str) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=30)
    for key, value in params.items():
        at.query_params[key] = value
    return at.run(timeout=30)


def test_the_page_opens_on_real_linked_data_for_a_viewer() -> None:
    at = _linked()
    assert not at.exception
    assert not dict(at.query_params)  # the defaults are not written (no history entries to go Back through)
    assert at.pills(key="disproportionality.show").value == "linked"
    chosen = {k: at.selectbox(key=f"disproportionality.{k}").value for k in ("area", "offenders", "by")}
    assert chosen == {"area": "E09000019", "offenders": "yj_offenders_linked", "by": "ethnicity"}
    assert not any("Illustrative" in i.value for i in at.info)
    (figure,) = _figures(at)
    assert figure["layout"]["xaxis"]["type"] == "log"
    table = tables(at)[0].set_index("Group")
    # Black: 164 of 547 children who offended against 2,207 of 8,490 pupils (MoJ-DfE, Islington).
    # ratio (164/547)/(2207/8490) = 1.1534; Katz SE sqrt(1/164 - 1/547 + 1/2207 - 1/8490) = 0.067858;
    # 95% CI exp(ln 1.1534 -/+ 1.95996 x 0.067858) = 1.0098 to 1.3175: significant, just.
    assert table.loc["Black", "Representation ratio (95% CI)"] == "1.2 (1.01 to 1.3)"
    assert table.loc["Black", "Significant"] == "yes"
    # White: 230/547 against 3,820/8,490 = 0.9345; CI 0.845 to 1.034 includes 1.
    assert table.loc["White", "Significant"] == "no"
    assert "The difference is not statistically significant" in _text(at)
    assert "Source: MoJ" in " ".join(c.value for c in at.caption)


@pytest.mark.parametrize("area", ["E09000019", "E92000001"])
@pytest.mark.parametrize("offenders", ["yj_offenders_linked", "yj_serious_violence_offenders_linked"])
@pytest.mark.parametrize("by", ["ethnicity", "sen", "looked_after", "sex", "exclusion"])
def test_every_linked_view_renders_with_intervals(area: str, offenders: str, by: str) -> None:
    at = _linked(area=area, offenders=offenders, by=by)
    assert not at.exception and not at.warning
    shown = tables(at)[0]["Representation ratio (95% CI)"]
    assert any("(" in v for v in shown), "at least one group has an interval"


@pytest.mark.parametrize("offenders", ["yj_offenders_linked", "yj_serious_violence_offenders_linked"])
def test_linked_ratios_for_viewers_rest_on_no_small_count(offenders: str) -> None:
    engine = make_engine(get_settings().resolved_database_url)
    try:
        for dimension in linked_service.linked_options(engine).dimensions:
            for area in ("E09000019", "E92000001"):
                table = linked_service.linked_representation(engine, offenders, dimension, "viewer", area).table
                counts = pd.concat([table["cohort_count"], table["population_count"]]).dropna()
                assert not counts.between(1, 4).any(), (dimension, area)
                hidden = table["cohort_count"].isna() | table["population_count"].isna()
                assert table.loc[hidden, ["ratio", "lower", "upper"]].isna().all().all(), (dimension, area)
    finally:
        engine.dispose()


# --- Over time by SEN and care status: real counts with their population bases (issue 18) ---


def test_sen_and_care_status_are_offered_over_time_with_intervals() -> None:
    at = _linked(show="over_time")
    assert not at.exception and not at.warning
    assert "trend_by" not in at.query_params  # a default is not written into the URL (one history entry per choice)
    assert at.selectbox(key="disproportionality.over_time").value == "sen"
    assert at.selectbox(key="disproportionality.over_time").options == [
        "Special educational needs: 16-17 year olds NEET or activity not known",
        "Care status: children aged 10-17 convicted or cautioned",
    ]
    table = tables(at)[0]
    with_interval = table[table["Relative rate index (95% CI)"].str.contains(" to ")]
    assert with_interval["Year"].nunique() >= 3, with_interval
    # SEN support 2025: 44 of 466 against no identified SEN 94 of 3,027 (DfE NCCIS, Islington);
    # RRI (44/466)/(94/3027) = 3.0405; Katz SE sqrt(1/44 - 1/466 + 1/94 - 1/3027) = 0.17559;
    # 95% CI exp(ln 3.0405 -/+ 1.95996 x 0.17559) = 2.155 to 4.291.
    row = table[(table["Year"] == "2025") & (table["Group"] == "SEN support")].iloc[0]
    assert row["Relative rate index (95% CI)"] == "3.0 (2.2 to 4.3)" and row["Significant"] == "yes"
    (figure,) = _figures(at)
    assert figure["layout"]["yaxis"]["type"] == "log"
    assert {t["name"] for t in figure["data"]} == {"EHC plan", "SEN support"}  # the reference is the line at 1
    assert "Source" in " ".join(c.value for c in at.caption)


def test_care_status_over_time_for_a_viewer() -> None:
    at = _linked(show="over_time", trend_by="looked_after")
    assert not at.exception and not at.warning
    table = tables(at)[0].set_index(["Year", "Group"])
    # 10 of 203 looked-after children (DfE) against 57 of 17,410 other children (YJB 67 of 17,613, less them):
    # RRI 15.05, Katz 95% CI 7.80 to 29.04
    assert table.loc[("2020/21", "Looked after"), "Relative rate index (95% CI)"] == "15.1 (7.8 to 29.0)"
    assert table.loc[("2020/21", "Not looked after"), "Children in the group"] == "17,410"
    assert "convicted or cautioned" in _text(at)


def test_a_bad_over_time_choice_gives_a_message_and_the_default() -> None:
    at = _linked(show="over_time", trend_by="ethnicity")
    assert not at.exception
    assert any("not one of the choices" in w.value for w in at.warning)
    assert at.selectbox(key="disproportionality.over_time").value == "sen"


def test_over_time_axes_name_how_each_publisher_counts_years() -> None:
    sen = _figures(_linked(show="over_time", trend_by="sen"))[0]
    care = _figures(_linked(show="over_time", trend_by="looked_after"))[0]
    assert sen["layout"]["xaxis"]["title"]["text"].startswith("Calendar year")  # NCCIS: December-February
    assert care["layout"]["xaxis"]["title"]["text"].startswith("Financial year")  # the year to 31 March


def test_the_groups_the_strategy_names_have_rris_or_a_plain_reason() -> None:
    """?show=named: an RRI with a Katz interval where published counts hold a named group and its
    comparison (the early-years profile, DfE 2021/22), and the reason for every other named group."""
    at = _linked(show="named")
    assert not at.exception and not at.warning
    table = tables(at)[0].set_index("Group")
    # Girls 648 of 925 reached a good level of development, boys 587 of 985 (DfE EYFSP, Islington):
    # RRI (648/925)/(587/985) = 1.1755; Katz SE sqrt(1/648 - 1/925 + 1/587 - 1/985) = 0.03392;
    # 95% CI exp(ln 1.1755 -/+ 1.95996 x 0.03392) = 1.0999 to 1.2563.
    girls = table.loc["Girls and young women"]
    assert girls["Compared with"] == "Boys and young men"
    assert girls["Group: counted / children"] == "648 / 925"
    assert girls["Relative rate index (95% CI)"] == "1.2 (1.1 to 1.3)"
    # any SEN 72 of 304 against no identified SEN 1,157 of 1,588: RRI 0.3251, Katz CI 0.2651 to 0.3986
    sen = table.loc["Children with SEN"]
    assert sen["Compared with"] == "Children with no identified SEN"
    assert sen["Relative rate index (95% CI)"] == "0.3 (0.3 to 0.4)"
    text = _text(at)
    # the file has major ethnic groups only, so the strategy's intersections have no RRI: said, not hidden
    assert "Black Caribbean boys: no published counts for Black Caribbean boys in Islington" in text
    assert "White British boys from low-income families: no published counts" in text


def test_the_view_pills_switch_views_through_the_url() -> None:
    at = AppTest.from_file(PAGE, default_timeout=30).run(timeout=30)
    assert not at.exception
    view = at.pills(key="disproportionality.show")
    assert view.label == "View" and view.value == "linked" and "show" not in at.query_params
    view.set_value("example").run(timeout=30)
    assert not at.exception
    assert at.query_params["show"] == "example"
    assert any("**Showing:**" in m.value for m in at.markdown)  # the stage-by-stage example is drawn
