"""The indicator page places the council among all English councils (issue 19)."""

from __future__ import annotations

import os

import numpy as np
import pandas as pd
from scipy.stats import rankdata
from sqlalchemy import create_engine, text

from indicators.catalogue import load_catalogue
from tests.app.conftest import figures, page, tables


def _stored_suspension_rates() -> tuple[str, pd.DataFrame, int]:
    """Every LA's stored suspension rate, read with plain SQL (not the app's queries): the latest
    period in which at least 75% of LAs have a value, and the number of LAs in the reference list."""
    engine = create_engine(os.environ["DATABASE_URL"])
    with engine.connect() as conn:
        rows = pd.read_sql(
            text(
                "SELECT p.code AS period, p.start_date, o.area_code, o.value FROM observation o "
                "JOIN period p ON p.id = o.period_id JOIN cohort c ON c.id = o.cohort_id "
                "JOIN area a ON a.code = o.area_code "
                "WHERE o.indicator_id = 'suspension_rate' AND o.current AND c.dimension = 'all' "
                "AND a.area_type = 'local_authority' AND o.value IS NOT NULL"
            ),
            conn,
        )
        las = conn.execute(text("SELECT count(*) FROM area WHERE area_type = 'local_authority'")).scalar_one()
    engine.dispose()
    counts = rows.groupby(["start_date", "period"]).size().reset_index(name="n").sort_values("start_date")
    period = counts[counts["n"] >= 0.75 * las]["period"].iloc[-1]
    return period, rows[rows["period"] == period], las


def test_suspension_rate_rank_and_quartile_match_the_lait_method_recomputed() -> None:
    period, rows, las = _stored_suspension_rates()
    values = rows.set_index("area_code")["value"].astype(float)
    m = len(values)
    # Low is good: rank 1 = lowest; ties share the lowest rank (scipy's "min" method).
    ranks = pd.Series(rankdata(values.to_numpy(), method="min"), index=values.index)
    home = "E09000019"
    n = int(ranks[home])
    # Quartile bands from Excel QUARTILE cut points (numpy's default linear percentiles);
    # a value on a cut point takes the better band.
    q1, q2, q3 = np.percentile(values.to_numpy(), [25, 50, 75])
    v = values[home]
    band = "A" if v <= q1 else "B" if v <= q2 else "C" if v <= q3 else "D"

    # As an analyst: the stored values are what an analyst's ranking uses. A viewer's ranking leaves out
    # councils whose figure is suppressed (test_viewer_rank_leaves_out_suppressed_councils).
    at = page("indicator", analyst=True, id="suspension_rate").run()
    assert not at.exception, at.exception
    shown = "\n".join(md.value for md in at.markdown)
    assert f"**Rank {n} of {m}** English councils in {period} · quartile **{band}**" in shown
    assert m >= 0.75 * las and 1 <= n <= m


def test_all_areas_chart_and_london_tiles_are_drawn_with_tables() -> None:
    at = page("indicator", id="suspension_rate").run()
    assert not at.exception
    titles = [f["layout"]["title"]["text"] for f in figures(at)]
    assert any("every council" in t for t in titles)
    assert any("London boroughs by quartile" in t for t in titles)
    all_areas = next(f for f in figures(at) if "every council" in f["layout"]["title"]["text"])
    assert {t["name"] for t in all_areas["data"]} >= {"Islington", "Statistical neighbours", "Other councils"}
    tiles = next(f for f in figures(at) if "London boroughs" in f["layout"]["title"]["text"])
    assert sum(len(t["x"]) for t in tiles["data"]) == 33  # 32 boroughs and the City, each a labelled tile
    assert all("text" in t for t in tiles["data"])
    assert any(e.label.startswith("All councils: table and download (") for e in at.expander)
    assert any(len(frame) >= 150 for frame in tables(at)), "a table with every council"
    assert not [b for b in at.get("download_button") if "every council" in b.proto.label]  # folded away
    at.session_state["suspension_rate-table-open"] = True  # the visitor opens the table
    at.run()
    (button,) = [b for b in at.get("download_button") if "every council" in b.proto.label]
    assert button.proto.label.startswith("Download every council's figures (CSV, ")


def test_counts_are_not_ranked() -> None:
    # children_looked_after: a count published for every LA in the default dataset.
    ind = load_catalogue().get("children_looked_after")
    assert ind.unit == "count"
    at = page("indicator", id=ind.id).run()
    assert not at.exception
    assert at.title[0].value == ind.title
    shown = "\n".join(md.value for md in at.markdown)
    assert "**Not ranked: counts depend on the size of each council, so they are not ranked**" in shown


def test_viewer_rank_leaves_out_suppressed_councils() -> None:
    """A hidden [c] value is neither drawn nor ranked: a viewer's M is the analyst's M less the hidden ones."""
    _, rows, _ = _stored_suspension_rates()
    viewer = page("indicator", id="suspension_rate").run()
    analyst = page("indicator", analyst=True, id="suspension_rate").run()
    assert not viewer.exception and not analyst.exception

    def of(at) -> int:  # noqa: ANN001
        line = next(md.value for md in at.markdown if md.value.startswith("**Rank "))
        return int(line.split(" of ")[1].split("**")[0])

    assert of(analyst) == len(rows) and of(viewer) <= of(analyst)


def test_comparators_and_period_are_pills_that_live_in_the_url() -> None:
    at = page("indicator", id="neet_16_17").run()
    assert not at.exception
    compare = at.pills(key="indicator.comparators")
    assert compare.label == "Compare with" and "England" in compare.value
    trend = next(f for f in figures(at) if "England" in {t.get("name") for t in f["data"]})
    assert "London" in {t.get("name") for t in trend["data"]}
    assert "compare" not in at.query_params  # the default is not written (no history entry)

    compare.set_value(["England"]).run()  # the visitor leaves only England chosen
    assert not at.exception
    assert at.query_params["compare"] == "England"
    names = {t.get("name") for t in figures(at)[0]["data"]}
    assert "England" in names and "London" not in names

    period = at.pills(key="indicator.bench_period")
    assert period.label == "Period for the comparison of councils"
    older = period.options[-1]
    period.set_value(older).run()
    assert not at.exception
    assert at.query_params["period"] == older
    assert any(f" in {older} " in md.value for md in at.markdown if md.value.startswith("**Rank "))
