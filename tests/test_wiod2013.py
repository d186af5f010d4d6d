"""WIOD 2013 world tables: derived value-chain quantities, on synthetic tables and on the committed extract."""
from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from smegvc.io.wiod2013.load import load_wiod2013
from smegvc.paths import wiot2013_file
from smegvc.io.wiod2013 import DEST_GROUPS, FOCUS, N_IND, OTHER
from smegvc.io.wiod2013.measures import (coefficients, dest_group_matrix, exports_by_destination, gross_exports,
                                         va_coefficients, va_in_partner_exports, va_source_shares,
                                         value_chain_records)
from smegvc.io.wiod2013.reader import check_world, read_wiot

from fixtures.synthetic_world import COUNTRIES, synthetic_world


def test_synthetic_world_passes_checks():
    check_world(synthetic_world())


def test_value_added_coefficients_close_the_columns():
    w = synthetic_world()
    A = coefficients(w)
    v = va_coefficients(w, A)
    B = np.linalg.inv(np.eye(len(v)) - A)
    # v'B = 1' : every unit of output is fully decomposed into value added by source
    assert np.allclose(v @ B, 1.0, atol=1e-12)
    assert not A[:, w.x == 0].any()


def test_va_source_shares_match_explicit_inverse():
    w = synthetic_world(1)
    A = coefficients(w)
    v = va_coefficients(w, A)
    B = np.linalg.inv(np.eye(len(v)) - A)
    shares = va_source_shares(w, FOCUS + (OTHER,), A)
    cc = np.repeat(np.array(w.countries), N_IND)
    for k, g in enumerate(FOCUS):
        assert np.allclose(shares[k], (v * (cc == g)) @ B, atol=1e-13)
    other = ~np.isin(cc, FOCUS)
    assert np.allclose(shares[-1], (v * other) @ B, atol=1e-13)
    assert np.allclose(shares.sum(0), 1.0, atol=1e-12)


def test_forward_and_backward_views_agree():
    """VA of country s in the exports of r: summed over s's industries (forward) = summed over r's exports (backward)."""
    w = synthetic_world(2)
    e = gross_exports(w)
    shares = va_source_shares(w)
    fwd = va_in_partner_exports(w)
    groups = FOCUS + (OTHER,)
    for s in FOCUS:
        for r in FOCUS:
            forward = fwd[w.block(s), groups.index(r)].sum()
            backward = (shares[groups.index(s), w.block(r)] * e[w.block(r)]).sum()
            assert np.isclose(forward, backward, rtol=1e-10)


def test_gross_exports_hand_example():
    w = synthetic_world(3)
    inter, final = exports_by_destination(w)
    s, i = w.countries.index("KOR"), 13              # KOR c14
    row = s * N_IND + i
    by_hand = sum(w.Z[row, g * N_IND:(g + 1) * N_IND].sum() + w.F[row, 5 * g:5 * g + 5].sum()
                  for g in range(w.G) if g != s)
    assert gross_exports(w)[row] == by_hand
    assert inter[row, s] == 0 and final[row, s] == 0


def test_dest_groups_partition_the_industries():
    M = dest_group_matrix()
    assert M.shape == (35, len(DEST_GROUPS)) and (M.sum(1) == 1).all()


def test_records_of_synthetic_world():
    w = synthetic_world(4)
    ie, el, va = value_chain_records(w)
    ie = pd.DataFrame(ie, columns=["year", "origin", "industry", "destination", "value"])
    el = pd.DataFrame(el, columns=["year", "origin", "destination", "destination_group", "value"])
    c14 = ie[ie.industry == "c14"].set_index(["origin", "destination"])["value"]
    assert np.allclose(el.groupby(["origin", "destination"])["value"].sum().reindex(c14.index), c14)
    assert len(ie) == 2 * 35 * (len(COUNTRIES) - 1)


# ---------------------------------------------------------------------------------------------- committed extract

def test_committed_va_sums_to_gross_exports():
    d = load_wiod2013("va")
    ge = d[d.measure == "gross_exports"].set_index(["year", "country", "industry"])["value"]
    va = d[d.measure == "va_in_exports"].groupby(["year", "country", "industry"])["value"].sum()
    assert np.allclose(va, ge.reindex(va.index), rtol=1e-9, atol=1e-9)
    assert sorted(d.year.unique()) == list(range(1995, 2012))


def test_committed_forward_backward_consistency():
    d = load_wiod2013("va")
    fwd = d[d.measure == "va_in_partner_exports"].groupby(["year", "country", "partner"])["value"].sum()
    bwd = d[d.measure == "va_in_exports"].groupby(["year", "partner", "country"])["value"].sum()
    for r in FOCUS:   # exporter r, VA source s
        for s in FOCUS:
            f = fwd.xs((s, r), level=("country", "partner"))
            b = bwd.xs((s, r), level=("partner", "country"))
            assert np.allclose(f, b, rtol=1e-9)


def test_committed_electronics_detail_adds_up():
    ie = load_wiod2013("intermediate_exports")
    el = load_wiod2013("electronics")
    c14 = ie[ie.industry == "c14"].set_index(["year", "origin", "destination"])["value"]
    tot = el.groupby(["year", "origin", "destination"])["value"].sum()
    assert (tot.reindex(c14.index) == c14).all()


@lru_cache(maxsize=None)
def _world(year):
    return read_wiot(wiot2013_file(year))


def test_reextract_one_year_matches_committed(shared, tmp_path):
    from smegvc.io.extract import extract_wiod2013

    extract_wiod2013(out=tmp_path, years=[2011], log=lambda *_: None)
    for name, rel in (("va", "wiod2013/va_in_exports.csv.gz"),
                      ("intermediate_exports", "wiod2013/intermediate_exports.csv.gz"),
                      ("electronics", "wiod2013/electronics_intermediates.csv")):
        new = pd.read_csv(tmp_path / rel)
        old = load_wiod2013(name)
        old = old[old.year == 2011].reset_index(drop=True)
        keys = [c for c in new.columns if c != "value"]
        assert new[keys].equals(old[keys].astype(new[keys].dtypes)), name
        assert np.allclose(new["value"], old["value"], rtol=1e-12, atol=1e-9), name


def test_real_world_table_2011(shared):
    w = _world(2011)
    assert w.G == 41 and w.Z.shape == (1435, 1435) and w.F.shape == (1435, 205)
    shares = va_source_shares(w)
    assert np.allclose(shares.sum(0), 1.0, atol=1e-9)
    e = gross_exports(w)
    kor = w.block("KOR")
    fva = 1 - (shares[FOCUS.index("KOR"), kor] * e[kor]).sum() / e[kor].sum()
    assert 0.2 < fva < 0.6  # Korea's foreign VA share of gross exports (about 0.4 in 2011)
