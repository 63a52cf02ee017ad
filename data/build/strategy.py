"""The strategy's own figures (Figures 1-2, section 5 snapshot)."""

from __future__ import annotations

import pandas as pd

from data.build.common import ISLINGTON, STRATEGY, frame, make_row

# ------------------------------------------------------------------------------------------------
# The strategy's own figures (Figures 1-2, section 5 snapshot)
# ------------------------------------------------------------------------------------------------

FIGURE_1 = {  # 2017/18, 2018/19, 2019/20
    "total_notifiable_offences": (31425, 28328, 30273),
    "knife_crime_victims_under_25": (76, 63, 41),
    "knife_crime_offences": (630, 576, 554),
    "gun_crime_offences": (75, 62, 43),
}
FIGURE_2 = {  # 2016/17 .. 2019/20
    "first_time_entrants_count": (75, 60, 58, 61),
    "custodial_sentences": (30, 17, 23, 7),
}
# Replaced by a longer published series (mps.py); the strategy's figures become notes there.
REPLACED = {"total_notifiable_offences"}
NOTE_KNIFE = "Latest published: 2019/20 (no borough series after it in the sources)."
NOTE_CUSTODY_2019 = "Figure 2 gives 7; the strategy's text says 9 for 2019/20."


def convert_strategy() -> pd.DataFrame:
    code, name = ISLINGTON
    rows = []
    for ind_id, values in FIGURE_1.items():
        if ind_id in REPLACED:
            continue
        for period, v in zip(("2017/18", "2018/19", "2019/20"), values, strict=True):
            note = f"{STRATEGY}, Figure 1"
            if ind_id == "knife_crime_victims_under_25" and period == "2019/20":
                note += ". " + NOTE_KNIFE
            rows.append(make_row(ind_id, period, code, name, numerator=str(v), value=str(v), note=note))
    for ind_id, values in FIGURE_2.items():
        for period, v in zip(("2016/17", "2017/18", "2018/19", "2019/20"), values, strict=True):
            note = f"{STRATEGY}, Figure 2"
            if ind_id == "custodial_sentences" and period == "2019/20":
                note += ". " + NOTE_CUSTODY_2019
            rows.append(make_row(ind_id, period, code, name, numerator=str(v), value=str(v), note=note))
    snap = f"{STRATEGY}, section 5 (January 2020 snapshot)"
    for ind_id, dim, category, v, extra in (
        ("yos_cohort_share", "sen", "ehcp", "16", ""),
        ("yos_cohort_share", "sen", "sen_support", "40", ""),
        (
            "yos_cohort_share",
            "looked_after",
            "looked_after",
            "22.5",
            "the strategy says a fifth to a quarter (22.5% is the midpoint)",
        ),
        ("secondary_pupils_share", "sen", "ehcp", "2", ""),
        ("secondary_pupils_share", "sen", "sen_support", "14.2", ""),
    ):
        rows.append(
            make_row(
                ind_id,
                "2020-01",
                code,
                name,
                dimension=dim,
                category=category,
                value=v,
                note=snap + (f"; {extra}" if extra else ""),
            )
        )
    return frame(rows)
