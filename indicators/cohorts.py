"""Cohort dimensions and their canonical categories, with the spellings analysts meet.

Ethnicity has two levels: the 5 major groups (ONS 2021 high-level groups: Asian, Black, Mixed,
White, Other) and minor groups (DfE's 4-letter codes / ONS 2021's 19-20 categories). Every minor
group rolls up to one major group. Chinese rolls up to Asian (the ONS convention), not to a group
of its own as in older DfE tables; Arab rolls up to Other.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

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
