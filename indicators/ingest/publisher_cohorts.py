"""Cohorts from a publisher file's filter columns: one dimension, or an intersection of several.

A row split by one filter (sex = Boys) is that dimension's category; a row split by two or three
at once (sex = Boys and ethnicity = Black Caribbean) is the intersection ``ethnicity+sex`` /
``black_caribbean+male`` in the canonical order of cohorts.DIMENSION_ORDER. Several filters of
one dimension (EES ethnicity_minor and ethnicity_major) give one part: the first filter that is not
a total wins. Rows the dashboard cannot hold are skipped with one summary warning per reason: a
category it does not hold ('Unclassified' SEN), or more filters at once than an intersection joins.
"""

from __future__ import annotations

import pandas as pd

from indicators.cohorts import join
from indicators.errors import CohortError
from indicators.ingest.categories import canonical_category, canonical_major_group
from indicators.ingest.problems import Problem
from indicators.ingest.readers import drop_rows

TOTALS = ("", "total", "all", "all pupils", "overall")
_UNRECORDED = ("unclassified", "unknown", "not known", "not recorded", "missing")


def filter_texts(sources: list[tuple[pd.Series, str]], index: pd.Index) -> dict[str, pd.Series]:
    """Dimension -> the category text of each row ('' where the row is not split by it)."""
    texts: dict[str, pd.Series] = {}
    for text, dim in sources:
        name = dim.split(":")[0]
        here = ~text.str.lower().isin(TOTALS)
        if dim.endswith(":major"):
            uniques = {t: canonical_major_group(t) or t for t in text[here].unique()}
            text = text.map(lambda t, u=uniques: u.get(t, t))
        mine = text.where(here, "")
        texts[name] = texts[name].mask(texts[name] == "", mine) if name in texts else mine
    return texts


def cohorts_from_filters(
    texts: dict[str, pd.Series], index: pd.Index, keep: pd.Series, problems: list[Problem]
) -> tuple[pd.Series, pd.Series, pd.Series]:
    """(dimension, category, keep): canonical where the spelling is known; a single dimension's
    unknown spelling is kept as given, for the validator to report."""
    dimension = pd.Series("all", index=index, dtype="str")
    category = pd.Series("all", index=index, dtype="str")
    if not texts:
        return dimension, category, keep
    frame = pd.DataFrame(texts, index=index)
    split = frame != ""
    # canonical code of each (dimension, text): None for a spelling we do not know
    canon = pd.DataFrame(index=index)
    for name in frame.columns:
        uniques = {t: canonical_category(name, t) for t in frame.loc[split[name], name].unique()}
        canon[name] = frame[name].map(lambda t, u=uniques: u.get(t) if t else None)
    unheld = split & canon.isna() & frame.apply(lambda c: c.str.lower().isin(_UNRECORDED))
    if unheld.any(axis=None):
        held = ~unheld.any(axis=1)
        shown = sorted({f"{n} {t}" for n in frame.columns for t in frame.loc[unheld[n], n].unique()})
        keep = drop_rows(
            keep, held, problems, "category", f"categories the dashboard does not hold ({', '.join(shown[:4])})"
        )
    n_split = split.sum(axis=1)
    one = n_split == 1
    for name in frame.columns:
        row = one & split[name]
        dimension = dimension.mask(row, name)
        category = category.mask(row, canon[name].where(canon[name].notna(), frame[name]))
    many = keep & (n_split >= 2)
    if many.any():
        dimension, category, keep = _intersections(frame, canon, split, many, dimension, category, keep, problems)
    return dimension, category, keep


def _intersections(frame, canon, split, many, dimension, category, keep, problems):  # noqa: ANN001, ANN202
    """Rows split by two or more filters -> 'ethnicity+sex' / 'black_caribbean+male'."""
    combo = pd.Series("", index=frame.index, dtype="str")
    for name in frame.columns:
        part = (name + "=" + canon[name].fillna("?").astype(str)).where(split[name], "")
        combo = combo.str.cat(part, sep="|")
    read: dict[str, tuple[str, str] | str] = {}
    for key in combo[many].unique():
        pairs = [tuple(p.split("=", 1)) for p in key.split("|") if p]
        if any(c == "?" for _, c in pairs):
            read[key] = "a category spelling not known"
            continue
        try:
            read[key] = join(pairs)  # type: ignore[arg-type]  # pairs of two strings
        except CohortError as exc:
            read[key] = str(exc)
    bad = {k: why for k, why in read.items() if isinstance(why, str)}
    if bad:
        keep = drop_rows(
            keep,
            ~(many & combo.isin(list(bad))),
            problems,
            "category",
            "rows split by several cohort filters that cannot be one intersection (" + sorted(bad.values())[0] + ")",
        )
    good = {k: v for k, v in read.items() if not isinstance(v, str)}
    hit = many & combo.isin(list(good))
    dimension = dimension.mask(hit, combo.map({k: v[0] for k, v in good.items()}))
    category = category.mask(hit, combo.map({k: v[1] for k, v in good.items()}))
    return dimension, category, keep
