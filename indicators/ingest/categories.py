"""Spellings of cohort dimensions and categories met in uploads -> the canonical codes of cohorts.py.

Covers DfE 4-letter ethnicity codes, ONS 2021 labels (high-level and detailed), DfE Explore
Education Statistics major/minor labels, Fingertips labels and the canonical codes and labels
themselves. An unknown spelling gives None: the caller reports it, nothing is guessed.

ONS 2021 "Gypsy or Irish Traveller" has no canonical category (DfE splits Gypsy/Roma from
Traveller of Irish heritage), so it is reported rather than folded into either.
"""

from __future__ import annotations

import re

from indicators.cohorts import CATEGORIES, DIMENSIONS, ETHNICITY, normalise_key

_DIMENSION_SPELLINGS: dict[str, str] = {
    "total": "all",
    "all": "all",
    "none": "all",
    "ethnicity": "ethnicity",
    "ethnic_group": "ethnicity",
    "ethnic_groups": "ethnicity",
    "ethnicity_major": "ethnicity",
    "ethnicity_minor": "ethnicity",
    "ethnic_origin": "ethnicity",
    "sen": "sen",
    "send": "sen",
    "sen_status": "sen",
    "sen_provision": "sen",
    "special_educational_needs": "sen",
    "looked_after": "looked_after",
    "care_status": "looked_after",
    "cla": "looked_after",
    "lac": "looked_after",
    "cla_status": "looked_after",
    "sex": "sex",
    "gender": "sex",
    "age": "age_band",
    "age_band": "age_band",
    "age_group": "age_band",
    "disadvantage": "disadvantage",
    "disadvantaged": "disadvantage",
    "fsm": "disadvantage",
    "fsm_status": "disadvantage",
    "disadvantage_status": "disadvantage",
}

_DFE_CODES: dict[str, str] = {
    "WBRI": "white_british",
    "WIRI": "white_irish",
    "WIRT": "white_irish_traveller",
    "WOTH": "white_other",
    "WROM": "white_gypsy_roma",
    "MWBC": "mixed_white_black_caribbean",
    "MWBA": "mixed_white_black_african",
    "MWAS": "mixed_white_asian",
    "MOTH": "mixed_other",
    "AIND": "asian_indian",
    "APKN": "asian_pakistani",
    "ABAN": "asian_bangladeshi",
    "AOTH": "asian_other",
    "BCRB": "black_caribbean",
    "BAFR": "black_african",
    "BOTH": "black_other",
    "CHNE": "asian_chinese",
    "OOTH": "other_other",
    "REFU": "unknown",
    "NOBT": "unknown",
}

_ONS_ASIAN = "Asian, Asian British or Asian Welsh"
_ONS_BLACK = "Black, Black British, Black Welsh, Caribbean or African"
_ONS_MIXED = "Mixed or Multiple ethnic groups"
_ONS_2021: dict[str, str] = {
    _ONS_ASIAN: "asian",
    _ONS_BLACK: "black",
    _ONS_MIXED: "mixed",
    "White": "white",
    "Other ethnic group": "other",
    f"{_ONS_ASIAN}: Bangladeshi": "asian_bangladeshi",
    f"{_ONS_ASIAN}: Chinese": "asian_chinese",
    f"{_ONS_ASIAN}: Indian": "asian_indian",
    f"{_ONS_ASIAN}: Pakistani": "asian_pakistani",
    f"{_ONS_ASIAN}: Other Asian": "asian_other",
    f"{_ONS_BLACK}: African": "black_african",
    f"{_ONS_BLACK}: Caribbean": "black_caribbean",
    f"{_ONS_BLACK}: Other Black": "black_other",
    f"{_ONS_MIXED}: White and Asian": "mixed_white_asian",
    f"{_ONS_MIXED}: White and Black African": "mixed_white_black_african",
    f"{_ONS_MIXED}: White and Black Caribbean": "mixed_white_black_caribbean",
    f"{_ONS_MIXED}: Other Mixed or Multiple ethnic groups": "mixed_other",
    "White: English, Welsh, Scottish, Northern Irish or British": "white_british",
    "White: Irish": "white_irish",
    "White: Roma": "white_gypsy_roma",
    "White: Other White": "white_other",
    "Other ethnic group: Arab": "other_arab",
    "Other ethnic group: Any other ethnic group": "other_other",
}

_DFE_LABELS: dict[str, str] = {
    # major groups as DfE / Fingertips spell them
    "Asian or Asian British": "asian",
    "Asian / Asian British": "asian",
    "Black or Black British": "black",
    "Black / African / Caribbean / Black British": "black",
    "Mixed / Multiple ethnic groups": "mixed",
    "Mixed dual background": "mixed",
    "Mixed / multiple ethnic group": "mixed",
    "Mixed ethnic groups": "mixed",
    "Other": "other",
    "Any other ethnic group": "other_other",
    "Other ethnic groups": "other",
    "Unclassified": "unknown",
    "Unknown": "unknown",
    "Not known": "unknown",
    "Refused": "unknown",
    "Information not yet obtained": "unknown",
    "Information refused": "unknown",
    "Not obtained": "unknown",
    "Not stated": "unknown",
    # minor groups, with and without the major-group prefix
    "White British": "white_british",
    "White - British": "white_british",
    "White Irish": "white_irish",
    "White - Irish": "white_irish",
    "Irish": "white_irish",
    "Traveller of Irish heritage": "white_irish_traveller",
    "Irish Traveller": "white_irish_traveller",
    "White - Traveller of Irish heritage": "white_irish_traveller",
    "Gypsy / Roma": "white_gypsy_roma",
    "White - Gypsy / Roma": "white_gypsy_roma",
    "Roma": "white_gypsy_roma",
    "Any other White background": "white_other",
    "White - any other White background": "white_other",
    "Other White": "white_other",
    "White other": "white_other",
    "White and Black Caribbean": "mixed_white_black_caribbean",
    "Mixed - White and Black Caribbean": "mixed_white_black_caribbean",
    "White and Black African": "mixed_white_black_african",
    "Mixed - White and Black African": "mixed_white_black_african",
    "White and Asian": "mixed_white_asian",
    "Mixed - White and Asian": "mixed_white_asian",
    "Any other Mixed background": "mixed_other",
    "Mixed - any other Mixed background": "mixed_other",
    "Other Mixed": "mixed_other",
    "Any other mixed/multiple ethnic background": "mixed_other",
    "Indian": "asian_indian",
    "Asian or Asian British - Indian": "asian_indian",
    "Pakistani": "asian_pakistani",
    "Asian or Asian British - Pakistani": "asian_pakistani",
    "Bangladeshi": "asian_bangladeshi",
    "Asian or Asian British - Bangladeshi": "asian_bangladeshi",
    "Chinese": "asian_chinese",
    "Asian or Asian British - Chinese": "asian_chinese",
    "Any other Asian background": "asian_other",
    "Asian - any other Asian background": "asian_other",
    "Asian or Asian British - any other Asian background": "asian_other",
    "Other Asian": "asian_other",
    "Black Caribbean": "black_caribbean",
    "Black or Black British - Caribbean": "black_caribbean",
    "Caribbean": "black_caribbean",
    "Black African": "black_african",
    "Black or Black British - African": "black_african",
    "African": "black_african",
    "Any other Black background": "black_other",
    "Black - any other Black background": "black_other",
    "Black or Black British - any other Black background": "black_other",
    "Other Black": "black_other",
    "Arab": "other_arab",
    "Any other ethnic group - Arab": "other_arab",
}

_OTHER_DIMENSIONS: dict[str, dict[str, str]] = {
    "all": {"All": "all", "Total": "all", "Persons": "all", "All pupils": "all", "All children": "all"},
    "sen": {
        "EHC plan": "ehcp",
        "EHCP": "ehcp",
        "Education, health and care plan": "ehcp",
        "E": "ehcp",
        "Statement or EHC plan": "ehcp",
        "SEN with a statement or EHC plan": "ehcp",
        "SEN support": "sen_support",
        "SEND support": "sen_support",
        "SENDsupport": "sen_support",
        "K": "sen_support",
        "No SEN": "no_sen",
        "No identified SEN": "no_sen",
        "Not SEN": "no_sen",
        "No SEND": "no_sen",
        "N": "no_sen",
        "noSEN": "no_sen",
        "Any SEN": "any_sen",
        "SEN": "any_sen",
        "All SEN": "any_sen",
    },
    "looked_after": {
        "CLA": "looked_after",
        "LAC": "looked_after",
        "Looked after children": "looked_after",
        "Child looked after": "looked_after",
        "Not CLA": "not_looked_after",
        "Non-CLA": "not_looked_after",
        "Not looked after children": "not_looked_after",
    },
    "sex": {"M": "male", "F": "female", "Boys": "male", "Girls": "female", "Males": "male", "Females": "female"},
    "disadvantage": {
        "Disadvantaged pupils": "disadvantaged",
        "Disadvantaged all": "disadvantaged",
        "Not disadvantaged pupils": "not_disadvantaged",
        "All other pupils": "not_disadvantaged",
        "Disadvantaged all other": "not_disadvantaged",
        "Other pupils": "not_disadvantaged",
        "FSM": "fsm",
        "FSM eligible": "fsm",
        "Eligible for FSM": "fsm",
        "Known to be eligible for FSM": "fsm",
        "Not FSM": "not_fsm",
        "FSM not eligible": "not_fsm",
        "Not eligible for FSM": "not_fsm",
        "Not known to be eligible for FSM": "not_fsm",
        "Known to be eligible for free school meals": "fsm",
        "Not known to be eligible for free school meals": "not_fsm",
    },
}


def _table() -> dict[str, dict[str, str]]:
    table: dict[str, dict[str, str]] = {}
    for dim, cats in CATEGORIES.items():
        keyed = table.setdefault(dim, {})
        for code, label in cats.items():
            keyed[normalise_key(code)] = code
            keyed[normalise_key(label)] = code
    ethnicity = table["ethnicity"]
    ethnicity.update({normalise_key(k): v for k, v in _DFE_CODES.items()})
    ethnicity.update({normalise_key(k): v for k, v in _ONS_2021.items()})
    ethnicity.update({normalise_key(k): v for k, v in _DFE_LABELS.items()})
    for dim, spellings in _OTHER_DIMENSIONS.items():
        table[dim].update({normalise_key(k): v for k, v in spellings.items()})
    return table


_CATEGORY_TABLE = _table()
_AGE = re.compile(r"^(?:aged_)?(\d{1,2})_(?:to_)?(\d{1,2})(?:_?(?:yrs|years|year_olds))?$")


def canonical_dimension(text: str) -> str | None:
    """The canonical dimension for a spelling ('Ethnic group' -> 'ethnicity'); None if unknown."""
    key = normalise_key(text)
    if key in DIMENSIONS:
        return key
    return _DIMENSION_SPELLINGS.get(key)


def canonical_category(dimension: str, text: str) -> str | None:
    """The canonical category of ``text`` in canonical ``dimension``; None when the spelling is unknown.

    >>> canonical_category("ethnicity", "BCRB"), canonical_category("sen", "EHC plan")
    ('black_caribbean', 'ehcp')
    >>> canonical_category("ethnicity", "Black or Black British - Caribbean")
    'black_caribbean'
    """
    table = _CATEGORY_TABLE.get(dimension)
    if table is None:
        return None
    key = normalise_key(text)
    if key in table:
        return table[key]
    if dimension == "age_band":
        m = _AGE.match(key)
        if m:
            band = f"{int(m.group(1))}-{int(m.group(2))}"
            return band if band in CATEGORIES["age_band"] else None
    return None


def canonical_major_group(text: str) -> str | None:
    """The major ethnic group for any ethnicity spelling (a minor group rolls up): 'Black Caribbean' -> black."""
    code = canonical_category("ethnicity", text)
    if code is None:
        return None
    return ETHNICITY[code][1] or code


def known_spellings(dimension: str) -> list[str]:
    """Every normalised spelling accepted for ``dimension`` (for 'did you mean' suggestions)."""
    return sorted(_CATEGORY_TABLE.get(dimension, {}))
