"""Complementary (secondary) suppression: which cells add up to which total, and which further
cells to hide so that no hidden cell can be worked out from the others (DESIGN.md §6).

Pure module: numpy arrays in, boolean masks out. The rules are described in
:mod:`indicators.suppression`, which is what callers use.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from indicators.cohorts import ETHNICITY, SEPARATOR, replace, without
from indicators.cohorts import parts as cohort_parts
from indicators.errors import CohortError

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

    def __init__(
        self, total_row: np.ndarray, member_k: np.ndarray, member_row: np.ndarray, exact: np.ndarray | None = None
    ):
        self.total_row = total_row  # (K,) row position of each constraint's total
        self.member_k = member_k  # (M,) constraint id of each membership
        self.member_row = member_row  # (M,) row position of each membership
        self.k = len(total_row)
        # (K,) an exact sum: a canonical hierarchy with every part present, so shown parts add up
        # to a hidden total (rule 1's "every category under all" may mix levels, so is not)
        self.exact = np.zeros(self.k, dtype=bool) if exact is None else exact
        # Groups of parts whose total is not in the frame: no linear relation to protect, but one
        # hidden part beside zeros still says "every child counted was in that group" (protect_zeros).
        self.open_k = np.empty(0, np.int64)
        self.open_row = np.empty(0, np.int64)


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

    exact_k: list[np.ndarray] = []
    open_k: list[np.ndarray] = []
    open_row: list[np.ndarray] = []
    next_open = 0

    def add(group_code: np.ndarray, rows: np.ndarray, totals_of_group: np.ndarray, size: int = 0) -> None:
        """group_code: dense 0..G-1 per row in rows; totals_of_group: (G,) total row or -1;
        size: the number of parts of an exact sum (0: not one)."""
        nonlocal next_k, next_open
        ok = totals_of_group >= 0
        if (~ok).any():
            without_total = ~ok[group_code]
            ids = np.full(len(totals_of_group), -1, dtype=np.int64)
            ids[~ok] = next_open + np.arange(int((~ok).sum()))
            next_open += int((~ok).sum())
            open_k.append(ids[group_code[without_total]])
            open_row.append(rows[without_total])
        if not ok.any():
            return
        counts = np.bincount(group_code, minlength=len(totals_of_group))
        exact_k.append((counts == size)[ok] if size else np.zeros(int(ok.sum()), dtype=bool))
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
        add(g, rows, totals, len(parts))

    # 3. intersections: each part of 'ethnicity+sex' summed over gives a margin ('ethnicity' by sex
    #    gives 'sex', by ethnicity gives 'ethnicity'), and the hierarchies hold inside an intersection
    #    ('black_caribbean+male' + ... = 'black+male')
    for g, rows, totals, size in _intersection_groups(key_code, dim, cat, key_total):
        add(g, rows, totals, size)

    out = (
        Constraints(np.concatenate(tot_rows), np.concatenate(mem_k), np.concatenate(mem_row), np.concatenate(exact_k))
        if tot_rows
        else Constraints(np.empty(0, np.int64), np.empty(0, np.int64), np.empty(0, np.int64))
    )
    if open_k:
        out.open_k, out.open_row = np.concatenate(open_k), np.concatenate(open_row)
    return out


def _intersection_groups(
    key_code: np.ndarray, dim: np.ndarray, cat: np.ndarray, key_total: np.ndarray
) -> list[tuple[np.ndarray, np.ndarray, np.ndarray, int]]:
    """(group code per member, member rows, total row per group, parts of an exact sum or 0) for
    the intersection rows.

    For each intersection row and each of its parts: the row belongs to "every category of that
    part under the margin without it" (as rule 1 for a single dimension) and to each canonical
    hierarchy its category of that part is in, with the same other parts. A margin or total that
    is not in the frame gives no relation (-1 totals are dropped by the caller).
    """
    compound = [i for i, d in enumerate(dim.tolist()) if SEPARATOR in str(d)]
    if not compound:
        return []
    lookup: dict[tuple, int] = {}
    for p, triple in enumerate(zip(key_code.tolist(), dim.tolist(), cat.tolist(), strict=True)):
        lookup.setdefault(triple, p)
    members: dict[tuple, list[int]] = {}
    totals: dict[tuple, int] = {}

    def join_group(group: tuple, row: int, total: int) -> None:
        members.setdefault(group, []).append(row)
        totals[group] = total

    for p in compound:
        k, d, c = int(key_code[p]), str(dim[p]), str(cat[p])
        try:
            pairs = cohort_parts(d, c)
        except CohortError:
            continue  # a malformed intersection (ingest refuses them): no relation to protect
        for i, (part_dim, part_cat) in enumerate(pairs):
            margin_dim, margin_cat = without(d, c, part_dim)
            margin = int(key_total[k]) if margin_dim == "all" else lookup.get((k, margin_dim, margin_cat), -1)
            join_group((k, d, i, -1, margin_cat), p, margin)
            for j, (pdim, total_cat, members_of) in enumerate(PARTITIONS):
                if pdim != part_dim or part_cat not in members_of:
                    continue
                total = margin if total_cat == "all" else lookup.get((k, d, replace(d, c, part_dim, total_cat)), -1)
                join_group((k, d, i, j, margin_cat), p, total)
    out = []
    for j in sorted({g[3] for g in members}):
        groups = [g for g in members if g[3] == j]
        code = np.concatenate([np.full(len(members[g]), n, dtype=np.int64) for n, g in enumerate(groups)])
        rows = np.concatenate([np.asarray(members[g], dtype=np.int64) for g in groups])
        size = len(PARTITIONS[j][2]) if j >= 0 else 0
        out.append((code, rows, np.asarray([totals[g] for g in groups], dtype=np.int64), size))
    return out


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
    gets from total - shown parts) is at least `threshold` when that can be known; and an exact
    sum with a flagged total has a flagged part too (else the parts add up to the total).
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
        closed = c.exact & ~active & (n_flag == 0)  # a hidden total whose parts all show: their sum
        if not ((active & (n_flag >= 1)) | closed).any():
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
        unsafe |= closed
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
    k = c.k + (int(c.open_k.max()) + 1 if len(c.open_k) else 0)
    if k == 0:
        return flagged
    flagged = flagged.copy()
    mk, mr = np.concatenate([c.member_k, c.open_k + c.k]), np.concatenate([c.member_row, c.open_row])
    f = flagged[mr]
    n_flag = np.bincount(mk, weights=f, minlength=k)
    n_parts = np.bincount(mk, minlength=k)
    shown_nonzero = np.bincount(mk, weights=(~f) & ~(size[mr] == 0), minlength=k)
    exposed = (n_flag == 1) & (n_parts >= 2) & (shown_nonzero == 0)
    if not exposed.any():
        return flagged
    cand = exposed[mk] & ~f
    ck, cr = mk[cand], mr[cand]
    order = np.lexsort((cr, ck))
    firsts = order[np.r_[True, ck[order][1:] != ck[order][:-1]]]
    flagged[cr[firsts]] = True
    return flagged
