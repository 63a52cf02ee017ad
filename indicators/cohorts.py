"""Cohort dimensions and their canonical categories, with the spellings analysts meet.

Ethnicity has two levels: the 5 major groups (ONS 2021 high-level groups: Asian, Black, Mixed,
White, Other) and minor groups (DfE's 4-letter codes / ONS 2021's 19-20 categories). Every minor
group rolls up to one major group. Chinese rolls up to Asian (the ONS convention), not to a group
of its own as in older DfE tables; Arab rolls up to Other.

Intersections: a dimension may join dimensions with ``+`` in the fixed order of
``DIMENSION_ORDER`` and its category joins one canonical category of each, in the same order
(``ethnicity+sex`` / ``black_caribbean+male``). One spelling per cohort keeps the store's
(dimension, category) key unique; ingest puts any other order into this one, with a warning.
The strategy's named groups (``named_cohorts.toml``) are cohorts with plain names.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from indicators.errors import CohortError

DIMENSIONS: dict[str, str] = {
    "all": "All children",
    "ethnicity": "Ethnicity",
    "sen": "Special educational needs",
    "looked_after": "Care status",
    "sex": "Sex",
    "age_band": "Age band",
    "disadvantage": "Disadvantage",
    "children_in_need": "Children in need",
    "exclusion": "Exclusion from school",
    "absence": "Persistent absence",
}

# canonical code -> (label, major group code or None when it is itself a major group)
ETHNICITY: dict[str, tuple[str, str | None]] = {
    "asian": ("Asian", None),
    "black": ("Black", None),
    "mixed": ("Mixed", None),
    "white": ("White", None),
    "other": ("Other ethnic group", None),
    "unknown": ("Unknown / not obtained", None),
    "white_british": ("White British", "white"),
    "white_irish": ("White Irish", "white"),
    "white_irish_traveller": ("Traveller of Irish heritage / Irish Traveller", "white"),
    "white_gypsy_roma": ("Gypsy / Roma", "white"),
    "white_other": ("Any other White background", "white"),
    "mixed_white_black_caribbean": ("White and Black Caribbean", "mixed"),
    "mixed_white_black_african": ("White and Black African", "mixed"),
    "mixed_white_asian": ("White and Asian", "mixed"),
    "mixed_other": ("Any other Mixed background", "mixed"),
    "asian_indian": ("Indian", "asian"),
    "asian_pakistani": ("Pakistani", "asian"),
    "asian_bangladeshi": ("Bangladeshi", "asian"),
    "asian_chinese": ("Chinese", "asian"),
    "asian_other": ("Any other Asian background", "asian"),
    "black_caribbean": ("Black Caribbean", "black"),
    "black_african": ("Black African", "black"),
    "black_other": ("Any other Black background", "black"),
    "other_arab": ("Arab", "other"),
    "other_other": ("Any other ethnic group", "other"),
}

CATEGORIES: dict[str, dict[str, str]] = {
    "all": {"all": "All"},
    "ethnicity": {code: label for code, (label, _) in ETHNICITY.items()},
    "sen": {
        "ehcp": "EHC plan",
        "sen_support": "SEN support",
        "no_sen": "No identified SEN",
        "any_sen": "Any SEN (EHC plan or SEN support)",
    },
    "looked_after": {"looked_after": "Looked after", "not_looked_after": "Not looked after"},
    "sex": {"female": "Female", "male": "Male"},
    "age_band": {
        "0-9": "Aged 0-9",
        "10-11": "Aged 10-11",
        "12-14": "Aged 12-14",
        "15-17": "Aged 15-17",
        "10-17": "Aged 10-17",
        "18-24": "Aged 18-24",
    },
    "disadvantage": {
        "disadvantaged": "Disadvantaged",
        "not_disadvantaged": "Not disadvantaged",
        "fsm": "Eligible for free school meals",
        "not_fsm": "Not eligible for FSM",
    },
    "children_in_need": {"child_in_need": "Child in need"},
    "exclusion": {"suspended": "Suspended", "permanently_excluded": "Permanently excluded"},
    "absence": {"persistent_absence": "Persistently absent"},
}

# The order of dimensions in an intersection: ethnicity+sex+disadvantage, never sex+ethnicity.
DIMENSION_ORDER: tuple[str, ...] = (
    "ethnicity",
    "sex",
    "age_band",
    "sen",
    "looked_after",
    "disadvantage",
    "children_in_need",
    "exclusion",
    "absence",
)
SEPARATOR = "+"
MAX_PARTS = 3
# The store's column widths (store/models.py, checked equal by tests/unit/test_cohorts.py): an
# intersection longer than these is refused at ingest, not cut short by PostgreSQL.
DIMENSION_MAX_CHARS = 30
CATEGORY_MAX_CHARS = 60
NAMED_COHORTS_FILE = Path(__file__).with_name("named_cohorts.toml")

MAJOR_ETHNIC_GROUPS = tuple(c for c, (_, major) in ETHNICITY.items() if major is None)
MINOR_ETHNIC_GROUPS = tuple(c for c, (_, major) in ETHNICITY.items() if major is not None)


@dataclass(frozen=True)
class Cohort:
    dimension: str
    category: str

    @property
    def label(self) -> str:
        return CATEGORIES[self.dimension][self.category]


def normalise_key(text: str) -> str:
    """Lower-case; runs of non-alphanumerics become one underscore ("Black - Caribbean" -> black_caribbean)"""
    return re.sub(r"[^a-z0-9]+", "_", str(text).strip().lower()).strip("_")


def major_group(category: str) -> str:
    """The major ethnic group a canonical ethnicity category belongs to (itself if major)."""
    try:
        label, major = ETHNICITY[category]
    except KeyError:
        raise CohortError(f"'{category}' is not a canonical ethnicity category") from None
    return major or category


def is_minor(category: str) -> bool:
    return ETHNICITY.get(category, ("", None))[1] is not None


def category_label(dimension: str, category: str) -> str:
    return CATEGORIES.get(dimension, {}).get(category, category)


def is_intersection(dimension: str) -> bool:
    return SEPARATOR in str(dimension)


def parts(dimension: str, category: str) -> list[tuple[str, str]]:
    """The (dimension, category) pairs of a cohort: one for a single dimension, two or more for an
    intersection. Raises CohortError when the two sides have different numbers of parts."""
    dims, cats = str(dimension).split(SEPARATOR), str(category).split(SEPARATOR)
    if len(dims) != len(cats):
        raise CohortError(
            f"dimension '{dimension}' has {len(dims)} part(s) but category '{category}' has {len(cats)}: "
            f"give one category per dimension, joined with '{SEPARATOR}' in the same order"
        )
    return list(zip(dims, cats, strict=True))


def join(pairs: list[tuple[str, str]]) -> tuple[str, str]:
    """(dimension, category) of canonical pairs put in DIMENSION_ORDER.

    >>> join([("sex", "male"), ("ethnicity", "black_caribbean")])
    ('ethnicity+sex', 'black_caribbean+male')
    """
    dims = [d for d, _ in pairs]
    unknown = [d for d in dims if d not in DIMENSION_ORDER]
    if unknown:
        raise CohortError(f"'{unknown[0]}' cannot be part of an intersection (one of {', '.join(DIMENSION_ORDER)})")
    if len(set(dims)) != len(dims):
        raise CohortError(f"'{SEPARATOR.join(dims)}' names a dimension twice")
    if len(pairs) > MAX_PARTS:
        raise CohortError(f"an intersection joins at most {MAX_PARTS} dimensions, not {len(pairs)}")
    ordered = sorted(pairs, key=lambda p: DIMENSION_ORDER.index(p[0]))
    dimension, category = SEPARATOR.join(d for d, _ in ordered), SEPARATOR.join(c for _, c in ordered)
    if len(dimension) > DIMENSION_MAX_CHARS or len(category) > CATEGORY_MAX_CHARS:
        raise CohortError(
            f"'{dimension}' / '{category}' is longer than the store holds "
            f"({DIMENSION_MAX_CHARS} / {CATEGORY_MAX_CHARS} characters): join fewer dimensions"
        )
    return dimension, category


def is_canonical(dimension: str) -> bool:
    dims = str(dimension).split(SEPARATOR)
    if len(dims) == 1:
        return dims[0] in DIMENSIONS
    return (
        all(d in DIMENSION_ORDER for d in dims)
        and len(set(dims)) == len(dims) <= MAX_PARTS
        and dims == sorted(dims, key=DIMENSION_ORDER.index)
    )


def without(dimension: str, category: str, drop: str) -> tuple[str, str]:
    """The margin of an intersection with dimension ``drop`` summed over: ('ethnicity+sex',
    'black+male', 'sex') -> ('ethnicity', 'black'); a single dimension gives ('all', 'all')."""
    kept = [(d, c) for d, c in parts(dimension, category) if d != drop]
    if not kept:
        return "all", "all"
    return SEPARATOR.join(d for d, _ in kept), SEPARATOR.join(c for _, c in kept)


def replace(dimension: str, category: str, dim: str, new_category: str) -> str:
    """The category with the ``dim`` part replaced: ('ethnicity+sex', 'black_african+male',
    'ethnicity', 'black') -> 'black+male'."""
    return SEPARATOR.join(new_category if d == dim else c for d, c in parts(dimension, category))


def roll_up(dimension: str, category: str) -> str:
    """The category with a minor ethnic group replaced by its major group (intersections too):
    'black_caribbean+male' -> 'black+male'. Unchanged when there is no ethnicity part."""
    return SEPARATOR.join(
        major_group(c) if d == "ethnicity" and c in ETHNICITY else c for d, c in parts(dimension, category)
    )


def dimension_label(dimension: str) -> str:
    """'Ethnicity', or 'Ethnicity and sex' for an intersection."""
    labels = [DIMENSIONS.get(d, d) for d in str(dimension).split(SEPARATOR)]
    if len(labels) == 1:
        return labels[0]
    return ", ".join([labels[0], *(x.lower() for x in labels[1:-1])]) + " and " + labels[-1].lower()


def cohort_label(dimension: str, category: str) -> str:
    """A category's label; an intersection's parts joined: 'Black Caribbean, Male'."""
    if not is_intersection(dimension):
        return category_label(dimension, category)
    return ", ".join(category_label(d, c) for d, c in parts(dimension, category))


@dataclass(frozen=True)
class NamedCohort:
    """A group the strategy names, with the groups it may be compared with (the first is the default)."""

    id: str
    name: str
    dimension: str
    category: str
    comparisons: tuple[NamedCohort, ...] = ()
    note: str = ""


def _named(raw: dict, where: str) -> NamedCohort:
    dims, cats = str(raw["dimension"]).split(SEPARATOR), str(raw["category"]).split(SEPARATOR)
    if len(dims) != len(cats):
        raise CohortError(f"{where}: dimension and category have different numbers of parts")
    dimension, category = join(list(zip(dims, cats, strict=True))) if len(dims) > 1 else (dims[0], cats[0])
    if (dimension, category) != (raw["dimension"], raw["category"]):
        raise CohortError(f"{where}: write {dimension} / {category} (the canonical order)")
    for d, c in parts(dimension, category):
        if c not in CATEGORIES.get(d, {}):
            raise CohortError(f"{where}: '{c}' is not a {d} category")
    comparisons = tuple(_named(c, f"{where} comparison {i + 1}") for i, c in enumerate(raw.get("comparison", [])))
    return NamedCohort(
        id=str(raw.get("id", "")),
        name=str(raw["name"]),
        dimension=dimension,
        category=category,
        comparisons=comparisons,
        note=str(raw.get("note", "")),
    )


def load_named_cohorts(path: Path = NAMED_COHORTS_FILE) -> tuple[NamedCohort, ...]:
    """The named groups of strategy section 5.4, in the order the strategy gives them."""
    with path.open("rb") as fh:
        raw = tomllib.load(fh)
    cohorts = tuple(_named(c, f"{path.name} cohort {i + 1}") for i, c in enumerate(raw["cohort"]))
    ids = [c.id for c in cohorts]
    if len(set(ids)) != len(ids) or "" in ids:
        raise CohortError(f"{path.name}: every cohort needs an id, each one different")
    return cohorts


def named_cohort(cohort_id: str) -> NamedCohort:
    for cohort in load_named_cohorts():
        if cohort.id == cohort_id:
            return cohort
    raise CohortError(f"'{cohort_id}' is not a named cohort")
