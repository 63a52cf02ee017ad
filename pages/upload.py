"""Upload data (analysts): validate every row, preview the change, then commit as a new version."""

import streamlit as st

from indicators.catalogue import load_catalogue
from indicators.services import uploads
from indicators.ui import cached, downloads, feedback, navigation, session

# Problems shown in full on the page; more are in the download.
TABLE_ROWS = 200

navigation.ensure_navigation()

session.require_analyst()
catalogue = load_catalogue()
st.title("Upload data")
st.markdown(
    "Upload a CSV or Excel workbook (.xlsx) in the dashboard's template, a **Fingertips** data export, or a "
    "publisher file as downloaded (DfE Explore Education Statistics, the Local Authority Interactive Tool, "
    "Metropolitan Police borough crime, YJB). Every row is checked; nothing is stored until you press "
    "**Commit**, and every commit is a new version you can roll back on the *Versions* page."
)

with st.expander("Download a template"):
    template_id = st.selectbox(
        "Indicator", catalogue.ids(), format_func=lambda i: catalogue.get(i).title, key="upload.template_indicator"
    )
    st.markdown(uploads.template_guidance(template_id))
    data = uploads.template_csv(template_id)
    st.download_button(
        f"Template for {template_id} (CSV, {len(data) / 1024:.1f} KB)",
        data,
        file_name=f"template_{template_id}.csv",
        mime="text/csv",
        key="upload.template",
    )

fmt = st.radio(
    "Format",
    ["auto", "native", "fingertips", "ees"],
    horizontal=True,
    key="upload.format",
    format_func={
        "auto": "Detect from the header",
        "native": "Dashboard template",
        "fingertips": "Fingertips export",
        "ees": "DfE Explore Education Statistics",
    }.get,
)
limit_mb = uploads.max_upload_bytes() / 1024 / 1024
file = st.file_uploader(
    "CSV or Excel file",
    type=["csv", "txt", "xlsx"],
    key="upload.file",
    help=f"Up to {limit_mb:,.0f} MB here; larger files load with "
    "`python -m indicators ingest FILE`, which has no size limit.",
)
if file is None:
    st.stop()

data = file.getvalue()
sheet = None
if file.name.lower().endswith(".xlsx"):
    sheets = uploads.workbook_sheets(data)
    if len(sheets) > 1:
        sheet = st.selectbox(
            "Sheet",
            [None, *sheets],
            key="upload.sheet",
            format_func=lambda s: "The only sheet holding data" if s is None else s,
        )

bar = st.progress(0.0, text=f"Reading {file.name}…")


def _progress(stage: str, rows: int) -> None:
    done = {"read": 0.4, "validated": 0.8}[stage]
    bar.progress(done, text=f"{file.name}: {rows:,} rows {stage}")


parsed = feedback.run(uploads.parse, data, file.name, fmt, sheet=sheet, progress=_progress)
bar.progress(
    1.0 if parsed.ok else 0.8,
    text=f"{file.name}: {parsed.rows_read:,} rows read, {len(parsed.frame):,} valid"
    + (f" ({parsed.format})" if parsed.format else "")
    + ("" if parsed.ok else ": not stored"),
)

if parsed.problems:
    problems = parsed.problems_frame()
    (st.error if parsed.errors else st.warning)(
        f"{len(parsed.errors)} error(s) and {len(parsed.warnings)} warning(s) in {file.name}."
        + (" The file was not stored: fix the rows below and upload it again." if parsed.errors else "")
    )
    # A table wraps the whole reason (a grid cell cuts it off); echoed values are cut short and escaped.
    shown = problems.head(TABLE_ROWS).assign(
        value=lambda f: f["value"].map(lambda v: "" if v is None or v != v else feedback.plain(v, limit=80)),
        reason=lambda f: f["reason"].map(lambda r: feedback.plain(r, limit=500)),
    )
    st.table(shown.set_index("row"))
    if len(problems) > TABLE_ROWS:
        st.caption(f"The first {TABLE_ROWS} of {len(problems):,} problems; the download lists them all.")
    downloads.csv_download(problems, f"problems_{file.name}", "Download the problem report", key="upload.problems")
if parsed.errors:
    st.stop()

summary = feedback.run(uploads.preview, cached.engine(), parsed)
st.subheader("Preview")
c1, c2, c3 = st.columns(3)
c1.metric("Rows to add", f"{summary.added:,}")
c2.metric("Rows to change", f"{summary.changed:,}")
c3.metric("Rows unchanged", f"{summary.unchanged:,}")
st.dataframe(summary.by_indicator_area, hide_index=True, width="stretch")
if summary.changed:
    st.markdown("**Changed values (old → new)**")
    st.dataframe(summary.changes.head(1000), hide_index=True, width="stretch")
if summary.is_noop:
    st.info("Nothing to change: every row matches the stored data.")
    st.stop()

if st.button("Commit", type="primary", key="upload.commit"):
    written = st.progress(0.9, text=f"Writing {len(parsed.frame):,} rows…")
    result = feedback.run(uploads.commit, cached.engine(), parsed, session.current_user())
    cached.data_version.clear()
    written.progress(1.0, text=f"{result.summary.added + result.summary.changed:,} rows written")
    s = result.summary
    live = f"Version {result.version_id} is now live: {s.added + s.changed:,} rows changed ({s.added:,} added, "
    st.success(f"{live}{s.changed:,} updated, {s.unchanged:,} unchanged)." if result.version_id else result.message)
    st.page_link("pages/history.py", label="See all versions")
