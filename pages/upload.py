"""Upload data (analysts): validate every row, preview the change, then commit as a new version."""

import streamlit as st

from indicators.catalogue import load_catalogue
from indicators.services import uploads
from indicators.ui import cached, downloads, feedback, navigation, session

navigation.ensure_navigation()

session.require_analyst()
catalogue = load_catalogue()
st.title("Upload data")
st.markdown(
    "Upload a CSV in the dashboard's template, a **Fingertips** data export or a **DfE Explore "
    "Education Statistics** open-data CSV. Every row is checked; nothing is stored until you press "
    "**Commit**, and every commit is a new version you can roll back on the *Versions* page."
)

with st.expander("Download a template"):
    template_id = st.selectbox("Indicator", catalogue.ids(), format_func=lambda i: catalogue.get(i).title,
                               key="upload.template_indicator")
    st.markdown(uploads.template_guidance(template_id))
    data = uploads.template_csv(template_id)
    st.download_button(f"Template for {template_id} (CSV, {len(data) / 1024:.1f} KB)", data,
                       file_name=f"template_{template_id}.csv", mime="text/csv", key="upload.template")

fmt = st.radio("Format", ["auto", "native", "fingertips", "ees"], horizontal=True, key="upload.format",
               format_func={"auto": "Detect from the header", "native": "Dashboard template",
                            "fingertips": "Fingertips export", "ees": "DfE Explore Education Statistics"}.get)
file = st.file_uploader("CSV file", type=["csv", "txt"], key="upload.file")
if file is None:
    st.stop()

with st.status(f"Checking {file.name}…", expanded=False) as progress:
    parsed = feedback.run(uploads.parse, file.getvalue(), file.name, fmt)
    progress.update(label=f"Checked {file.name}: {len(parsed.frame):,} rows read as {parsed.format}",
                    state="error" if parsed.errors else "complete")

if parsed.problems:
    problems = parsed.problems_frame()
    (st.error if parsed.errors else st.warning)(
        f"{len(parsed.errors)} error(s) and {len(parsed.warnings)} warning(s) in {file.name}."
        + (" The file was not stored: fix the rows below and upload it again." if parsed.errors else ""))
    st.dataframe(problems, hide_index=True, width="stretch")
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
    result = feedback.run(uploads.commit, cached.engine(), parsed, session.current_user())
    cached.data_version.clear()
    st.success(result.message)
    st.page_link("pages/history.py", label="See all versions")
