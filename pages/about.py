"""About: what the dashboard is, every data source with its publisher, and which series are illustrative."""

import pandas as pd
import streamlit as st

from indicators.catalogue import load_catalogue
from indicators.home import current_home
from indicators.ui import navigation

navigation.ensure_navigation()

catalogue = load_catalogue()
home = current_home()
st.title("About this dashboard")
st.markdown(
    f"This dashboard tracks youth safety indicators for **{home.name}**: the 12 key performance "
    "indicators of section 7 of Islington's Youth Safety Strategy 2020-2025 (two of them in two parts), "
    "context measures, breakdowns by ethnicity, special educational needs and care status"
    + (
        ", and the strategy's action plan."
        if home.has_strategy
        else f". Each indicator page also places {home.name} among every English council."
    )
    + "\n\n"
    "It is for councillors following the strategy, the Youth Safety Delivery group reviewing "
    "disproportionality, and public-health analysts who keep the data up to date."
)
st.header("Data sources")
st.markdown(
    "Figures are published statistics (Crown copyright, Open Government Licence v3.0) from the "
    "publishers named below, converted into one long format by `data/build/` (one module per publisher). Small "
    "numbers are suppressed for public view (see *Symbols and suppression*)."
)
rows = [
    {
        "Indicator": i.title,
        "Publisher": i.source.publisher,
        "Source": i.source.name,
        "Link": i.source.url,
        "Last release": i.source.released,
        "Next release due": i.source.next_release,
        "Illustrative": "Yes" if i.illustrative else "No",
    }
    for i in catalogue.indicators
]
st.dataframe(
    pd.DataFrame(rows), hide_index=True, width="stretch", column_config={"Link": st.column_config.LinkColumn("Link")}
)

st.header("Comparators")
st.markdown(
    "Each council is compared with London (and Inner London where the publisher gives it), England and "
    "its 10 statistical neighbours: the local authorities most similar to it on the DfE's children's "
    "services measures, from the Department for Education's *Children's services statistical neighbour "
    "benchmarking tool* (`sn_may_2025.xlsx`, May 2025, Open Government Licence v3.0), held in "
    "`data/reference/statistical_neighbours.csv`. The neighbour average is the mean of the neighbours' "
    "published values, computed only from the values viewers may see."
)

st.header("Illustrative series")
illustrative = [i for i in catalogue.indicators if i.illustrative]
st.markdown(
    "No published series exists for these measures at council level, so the dashboard shows an "
    "invented series, labelled **Illustrative figures — not published data** wherever it appears, "
    "so that the views work until analysts upload the real figures:"
)
for i in illustrative:
    st.markdown(f"- **{i.title}** — {i.note or 'illustrative throughout'}")
