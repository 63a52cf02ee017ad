"""Complementary (secondary) suppression: which cells add up to which total, and which further
cells to hide so that no hidden cell can be worked out from the others (DESIGN.md §6).

Pure module: numpy arrays in, boolean masks out. The rules are described in
:mod:`indicators.suppression`, which is what callers use.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from indicators.cohorts import ETHNICITY

# ---------------------------------------------------------------------------------------------
# Breakdown structure: which sets of categories add up to which total
# ---------------------------------------------------------------------------------------------


def _partitions() -> list[tuple[str, str, frozenset[str]]]:
    """(dimension, total category, part categories); total 'all' means the dimension-'all' row."""
    minors_by_major: dict[str, set[str]] = {}
    majors: set[str] = set()
    for code, (_label, major) in ETHNICITY.items():
        if major is None:
            majors.add(code)
        else:
            minors_by_major.setdefault(major, set()).add(code)
    out: list[tuple[str, str, frozenset[str]]] = [("ethnicity", "all", frozenset(majors))]
    for major, minors in minors_by_major.items():
        out.append(("ethnicity", major, frozenset(minors)))
    # every minor group plus the groups that have no minors (e.g. unknown) add up to the total
    no_minor = {m for m in majors if m not in minors_by_major}
    out.append(("ethnicity", "all", frozenset(set().union(*minors_by_major.values()) | no_minor)))
    out += [
        ("sen", "all", frozenset({"ehcp", "sen_support", "no_sen"})),
        ("sen", "any_sen", frozenset({"ehcp", "sen_support"})),
        ("sen", "all", frozenset({"any_sen", "no_sen"})),
        ("looked_after", "all", frozenset({"looked_after", "not_looked_after"})),
        ("sex", "all", frozenset({"female", "male"})),
        ("age_band", "10-17", frozenset({"10-11", "12-14", "15-17"})),
        ("disadvantage", "all", frozenset({"disadvantaged", "not_disadvantaged"})),
        ("disadvantage", "all", frozenset({"fsm", "not_fsm"})),
    ]
    return out


PARTITIONS = _partitions()


# ---------------------------------------------------------------------------------------------
# the constraint engine
# ---------------------------------------------------------------------------------------------


class Constraints:
    """Linear relations 'total row = sum of part rows', held as flat numpy arrays."""

    def __init__(self, total_row: np.ndarray, member_k: np.ndarray, member_row: np.ndarray):
        self.total_row = total_row  # (K,) row position of each constraint's total
        self.member_k = member_k  # (M,) constraint id of each membership
        self.member_row = member_row  # (M,) row position of each membership
        self.k = len(total_row)


def build_constraints(frame: pd.DataFrame) -> Constraints:
    n = len(frame)
    empty = Constraints(np.empty(0, np.int64), np.empty(0, np.int64), np.empty(0, np.int64))
    if n == 0:
        return empty
    dim = (
        frame["dimension"].astype(object).fillna("all").to_numpy(dtype=object)
        if "dimension" in frame.columns
        else np.full(n, "all", dtype=object)
    )
    cat = (
        frame["category"].astype(object).fillna("all").to_numpy(dtype=object)
        if "category" in frame.columns
        else np.full(n, "all", dtype=object)
    )
    key_code = frame.groupby(["indicator_id", "period", "area_code"], sort=False, dropna=False).ngroup().to_numpy()
    pos = np.arange(n)
    is_all = dim == "all"
    # total row of each key: the first dimension-'all' row
    nkeys = int(key_code.max()) + 1
    key_total = np.full(nkeys, -1, dtype=np.int64)
    all_pos = pos[is_all][::-1]  # reversed, so the first occurrence wins
    key_total[key_code[all_pos]] = all_pos

    tot_rows: list[np.ndarray] = []
    mem_k: list[np.ndarray] = []
    mem_row: list[np.ndarray] = []
    next_k = 0

    def add(group_code: np.ndarray, rows: np.ndarray, totals_of_group: np.ndarray) -> None:
        """group_code: dense 0..G-1 per row in rows; totals_of_group: (G,) total row or -1."""
        nonlocal next_k
        ok = totals_of_group >= 0
        if not ok.any():
            return
        new_id = np.full(len(totals_of_group), -1, dtype=np.int64)
        new_id[ok] = next_k + np.arange(int(ok.sum()))
        next_k += int(ok.sum())
        tot_rows.append(totals_of_group[ok])
        keep = ok[group_code]
        mem_k.append(new_id[group_code[keep]])
        mem_row.append(rows[keep])

    # 1. the brief's rule: every category of a dimension under the key's 'all' row
    bd = ~is_all
    if bd.any():
        rows = pos[bd]
        g = pd.DataFrame({"k": key_code[rows], "d": dim[rows]}).groupby(["k", "d"], sort=False).ngroup().to_numpy()
        first = np.full(int(g.max()) + 1, -1, dtype=np.int64)
        first[g[::-1]] = rows[::-1]
        add(g, rows, key_total[key_code[first]])

    # 2. the canonical hierarchies
    cat_str = cat.astype(str)
    dim_str = dim.astype(str)
    for dimension, total_cat, parts in PARTITIONS:
        in_dim = dim_str == dimension
        if not in_dim.any():
            continue
        part_mask = in_dim & np.isin(cat_str, list(parts))
        if not part_mask.any():
            continue
        rows = pos[part_mask]
        kc = key_code[rows]
        uniq, g = np.unique(kc, return_inverse=True)
        if total_cat == "all":
            totals = key_total[uniq]
        else:
            total_mask = in_dim & (cat_str == total_cat)
            t_of_key = np.full(nkeys, -1, dtype=np.int64)
            tp = pos[total_mask][::-1]
            t_of_key[key_code[tp]] = tp
            totals = t_of_key[uniq]
        add(g, rows, totals)

    if not tot_rows:
        return empty
    return Constraints(np.concatenate(tot_rows), np.concatenate(mem_k), np.concatenate(mem_row))


def protect(
    c: Constraints,
    size: np.ndarray,
    flagged: np.ndarray,
    threshold: int,
    prefer: np.ndarray | None = None,
    max_rounds: int = 1000,
) -> np.ndarray:
    """Grow `flagged` until every constraint with an unflagged total is safe.

    Safe: no flagged part, or at least two whose combined size (known sizes, or what the attacker
    gets from total - shown parts) is at least `threshold` when that can be known.
    `prefer` marks rows that cost nothing extra to flag (they are picked first).
    """
    flagged = flagged.copy()
    if c.k == 0:
        return flagged
    mk, mr = c.member_k, c.member_row
    size_known = ~np.isnan(size)
    size0 = np.where(size_known, size, 0.0)
    K = c.k
    order_tiebreak = mr.astype(float)
    for _ in range(max_rounds):
        f = flagged[mr]
        active = ~flagged[c.total_row]
        n_flag = np.bincount(mk, weights=f, minlength=K)
        if not (active & (n_flag >= 1)).any():
            break
        n_flag_known = np.bincount(mk, weights=f & size_known[mr], minlength=K)
        flag_sum = np.bincount(mk, weights=np.where(f, size0[mr], 0.0), minlength=K)
        shown_sum = np.bincount(mk, weights=np.where(~f, size0[mr], 0.0), minlength=K)
        shown_unknown = np.bincount(mk, weights=(~f) & ~size_known[mr], minlength=K) > 0
        total_size = size[c.total_row]
        residual = np.where(shown_unknown | np.isnan(total_size), np.nan, total_size - shown_sum)
        sums_known = (n_flag_known == n_flag) | ~np.isnan(residual)
        protected = np.fmax(np.where(n_flag_known == n_flag, flag_sum, np.nan), residual)
        unsafe = active & (n_flag >= 1) & ((n_flag == 1) | (sums_known & (protected < threshold)))
        if not unsafe.any():
            break
        # candidates: unflagged parts of unsafe constraints
        cand = unsafe[mk] & ~f
        ck, cr = mk[cand], mr[cand]
        csize = size[cr]
        tier = np.where(np.isnan(csize), 3, np.where(csize > 0, 1, 2)).astype(float)
        if prefer is not None:
            tier = np.where(prefer[cr], 0, tier)
        order = np.lexsort((order_tiebreak[cand], np.where(np.isnan(csize), 0.0, csize), tier, ck))
        ck_sorted = ck[order]
        firsts = order[np.r_[True, ck_sorted[1:] != ck_sorted[:-1]]] if len(order) else order
        chosen_rows = cr[firsts]
        has_cand = np.zeros(K, dtype=bool)
        has_cand[ck] = True
        # No cell left to give (every part is already flagged): the attacker can still learn
        # total - shown parts, so unless enough mass lies outside the table, hide the total.
        hidden_mass = residual - flag_sum
        no_cand = unsafe & ~has_cand & ~np.isnan(residual) & (hidden_mass < threshold)
        before = int(flagged.sum())
        flagged[chosen_rows] = True
        flagged[c.total_row[no_cand]] = True
        if int(flagged.sum()) == before:
            break
    return flagged


def protect_zeros(c: Constraints, size: np.ndarray, flagged: np.ndarray) -> np.ndarray:
    """Attribute disclosure: one hidden part beside parts that are all 0 says "every child counted
    was in that group" even when the total is hidden too; hide the first zero as well."""
    if c.k == 0:
        return flagged
    flagged = flagged.copy()
    mk, mr = c.member_k, c.member_row
    f = flagged[mr]
    n_flag = np.bincount(mk, weights=f, minlength=c.k)
    n_parts = np.bincount(mk, minlength=c.k)
    shown_nonzero = np.bincount(mk, weights=(~f) & ~(size[mr] == 0), minlength=c.k)
    exposed = (n_flag == 1) & (n_parts >= 2) & (shown_nonzero == 0)
    if not exposed.any():
        return flagged
    cand = exposed[mk] & ~f
    ck, cr = mk[cand], mr[cand]
    order = np.lexsort((cr, ck))
    firsts = order[np.r_[True, ck[order][1:] != ck[order][:-1]]]
    flagged[cr[firsts]] = True
    return flagged
