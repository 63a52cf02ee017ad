"""Intersections in an upload: a dimension joining dimensions with '+' (``ethnicity+sex``) and a
category joining one category of each (``black_caribbean+male``), read into the canonical order
of cohorts.DIMENSION_ORDER.

Another order ('sex+ethnicity' / 'male+black_caribbean') is put into the canonical one with a
warning rather than refused: its meaning is plain, and one spelling per cohort keeps the store's
(dimension, category) key unique, so the two spellings of one group meet as a duplicate key.
Anything else (parts that do not pair up, an unknown part, a dimension twice, more than
cohorts.MAX_PARTS parts, longer than the store's columns) is an error on the cell at fault.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from indicators.cohorts import CATEGORIES, DIMENSION_ORDER, SEPARATOR, join
from indicators.errors import CohortError
from indicators.ingest.categories import canonical_category, canonical_dimension
from indicators.ingest.problems import Reason


@dataclass(frozen=True)
class Intersection:
    """An intersection spelling read: the canonical (dimension, category), or why it cannot be
    (``column`` names the cell at fault); ``reordered``: the parts came in another order."""

    dimension: str | None = None
    category: str | None = None
    reordered: bool = False
    code: str = ""
    column: str = "dimension"
    message: str = ""


def canonical_intersection(dimension: str, category: str) -> Intersection:
    """Read 'sex+ethnicity' / 'M+BCRB' into ('ethnicity+sex', 'black_caribbean+male', reordered).

    >>> r = canonical_intersection("Ethnicity + Sex", "Black Caribbean + Boys")
    >>> r.dimension, r.category, r.reordered
    ('ethnicity+sex', 'black_caribbean+male', False)
    >>> canonical_intersection("sex+ethnicity", "male+black_caribbean").reordered
    True
    """
    dims = [d.strip() for d in str(dimension).split(SEPARATOR)]
    cats = [c.strip() for c in str(category).split(SEPARATOR)]
    if len(dims) != len(cats):
        return Intersection(
            code=Reason.BAD_INTERSECTION,
            column="category",
            message=f"'{category}' has {len(cats)} part(s) but dimension '{dimension}' has {len(dims)}: "
            f"give one category per dimension, joined with '{SEPARATOR}' in the same order",
        )
    pairs = []
    for d, c in zip(dims, cats, strict=True):
        dim = canonical_dimension(d)
        if dim not in DIMENSION_ORDER:
            return Intersection(
                code=Reason.UNKNOWN_DIMENSION,
                message=f"'{d}' in '{dimension}' is not a dimension an intersection can join "
                f"(one of {', '.join(DIMENSION_ORDER)})",
            )
        cat = canonical_category(dim, c)
        if cat is None:
            options = ", ".join(list(CATEGORIES[dim])[:6])
            return Intersection(
                code=Reason.UNKNOWN_CATEGORY,
                column="category",
                message=f"'{c}' in '{category}' is not a known {dim} category (e.g. {options})",
            )
        pairs.append((dim, cat))
    try:
        joined_dim, joined_cat = join(pairs)
    except CohortError as exc:
        return Intersection(code=Reason.BAD_INTERSECTION, message=str(exc))
    return Intersection(joined_dim, joined_cat, reordered=[d for d, _ in pairs] != joined_dim.split(SEPARATOR))


@dataclass
class ReadIntersections:
    """The intersection rows of a frame: their mask, canonical spellings where readable (``ok``),
    and the problems as (mask, column, code, messages, severity) for the validator's collector."""

    compound: pd.Series
    ok: pd.Series
    dimension: pd.Series
    category: pd.Series
    problems: list[tuple[pd.Series, str, str, pd.Series, str]] = field(default_factory=list)


def _spread(keys: pd.Series, mapping: dict) -> pd.Series:
    """``keys.map(mapping)`` worked out once per distinct key."""
    codes, uniques = pd.factorize(keys, use_na_sentinel=False)
    return pd.Series(np.asarray([mapping.get(u) for u in uniques], dtype=object)[codes], index=keys.index)


def read_intersections(dimension: pd.Series, category: pd.Series) -> ReadIntersections:
    compound = dimension.str.contains(SEPARATOR, regex=False).fillna(False).astype(bool)
    pair = (dimension + "\x1f" + category).where(compound, "")
    read = {p: canonical_intersection(*p.split("\x1f", 1)) for p in pair[compound].unique()}
    problems = []
    for column in ("dimension", "category"):
        for code in (Reason.UNKNOWN_DIMENSION, Reason.UNKNOWN_CATEGORY, Reason.BAD_INTERSECTION):
            picked = {p: r.message for p, r in read.items() if r.code == code and r.column == column}
            if picked:
                problems.append((compound & pair.isin(list(picked)), column, code, _spread(pair, picked), "error"))
    moved = {p: f"read as {r.dimension} / {r.category} (the canonical order)" for p, r in read.items() if r.reordered}
    if moved:
        problems.append(
            (compound & pair.isin(list(moved)), "dimension", Reason.REORDERED_COHORT, _spread(pair, moved), "warning")
        )
    good = {p: r for p, r in read.items() if r.dimension is not None}
    return ReadIntersections(
        compound=compound,
        ok=compound & pair.isin(list(good)),
        dimension=_spread(pair, {p: r.dimension for p, r in good.items()}),
        category=_spread(pair, {p: r.category for p, r in good.items()}),
        problems=problems,
    )
