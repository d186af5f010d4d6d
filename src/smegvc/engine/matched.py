"""Gross measures on the bases of KITA's published estimates of SMEs' indirect exports (issue 11, item 4).

KITA's figures (``../shared/research/indirect_export_estimates.csv`` and ``.md``) count SME *supplies*:

* KITA (2010): SME "indirect exports" = supplies by SMEs to large firms that export, first round presumed,
  gross, as a percent of national (customs, i.e. goods) exports, 2003 and 2008;
* KITA (2017): SMEs' domestic supply of export-use raw materials and parts (원부자재) to exporters, gross,
  in won: their share of all such supply (2015) and its average annual growth 2001-2015.

The matched measures restrict our split table to the same bases, as far as the tables allow:

* **first round**: only the inputs bought directly by the exporting cells (no upstream rounds);
* **goods**: suppliers (and, for KITA 2010, exporters and the denominator) in the industries of
  :data:`GOODS` = ``SCOPES["goods"]``, ISIC A-C (agriculture, forestry and fishing; mining; manufacturing:
  WIOD A01 ... C33). Raw materials and parts are products of these industries and customs exports are goods;
  utilities (D35 electricity and gas, E36-E39 water and waste) supply energy and services, not materials
  delivered to exporters, and have next to no goods exports, so they are left out (the same goods scope as
  the published goods-export shares the model is calibrated to);
* **won**: amounts converted with WIOD's own exchange rates (``data/wiod2016/exchange_rates.csv``).

On the split table (block order, :mod:`smegvc.engine.split`) the SME cell of industry ``i`` supplies to the
cell ``j|K`` the input ``delta_iS A_ij c_jK`` per unit of that cell's output, so its first-round supply into
the cell's exports ``e_jK`` is ``delta_iS A_ij c_jK e_jK`` (``c = 1`` when beta = mu = alpha). Summing over
SME goods cells ``i`` and over the large-firm goods cells ``j|L`` gives KITA 2010's numerator; over every cell
``j|K``, KITA 2017's. All amounts in millions of current US dollars, arrays of shape (n,) or (D, n).

    first_round_amounts(core, alpha, gamma)   the amounts (dict of floats or (D,) arrays)
    matched_shares(amounts)                   the shares KITA publishes (fractions)
    cagr(v0, v1, years)                       average annual growth (fraction per year)
"""
from __future__ import annotations

import numpy as np

from smegvc.evidence.shares_schema import SCOPES

GOODS = SCOPES["goods"]     # ISIC A-C: agriculture, mining, manufacturing (WIOD A01 ... C33)


def goods_mask(industries) -> np.ndarray:
    """(n,) True for the industries in :data:`GOODS`."""
    return np.isin(np.asarray(industries), GOODS)


def first_round_amounts(core, alpha, gamma) -> dict:
    """First-round gross amounts (USD million) of one table (``Core``) split with shares ``alpha``, ``gamma``
    ((n,) or (D, n); beta = mu = alpha). Keys:

    exports, goods_exports: 1'e and the exports of goods industries;
    sme_goods_exports: SME cells' exports of goods industries;
    sme_to_large: SME sales to large-firm cells for their exports, every industry (first round);
    sme_goods_to_large_goods: SME cells of goods industries -> large-firm cells of goods industries, for
        those cells' exports (KITA 2010's basis);
    goods_inputs_exports: domestic goods inputs bought directly by every exporting cell (all firm sizes);
    sme_goods_inputs_exports: the part of it supplied by SME cells (KITA 2017's basis).
    """
    from smegvc.engine.split import clip_gamma

    gamma, _ = clip_gamma(alpha, gamma, core.x, core.e, core.industries)
    fac = core.factors(alpha, gamma)
    G = goods_mask(core.industries).astype(float)
    e = core.e
    eS, eL = fac.gamma * e, (1.0 - fac.gamma) * e
    qS, qL = fac.c_S * eS, fac.c_L * eL              # domestic inputs per cell scale with c
    dS = fac.delta_S
    to_large = qL @ core.A.T                          # (.., n) by supplying industry: inputs into large exports
    to_large_goods = (qL * G) @ core.A.T              # ... into the exports of large goods cells only
    to_all = (qS + qL) @ core.A.T                     # ... into every cell's exports
    return {
        "exports": float(e.sum()), "goods_exports": float((e * G).sum()),
        "sme_goods_exports": (eS * G).sum(-1),
        "sme_to_large": (dS * to_large).sum(-1),
        "sme_goods_to_large_goods": (dS * G * to_large_goods).sum(-1),
        "goods_inputs_exports": (G * to_all).sum(-1),
        "sme_goods_inputs_exports": (dS * G * to_all).sum(-1),
    }


def matched_shares(a: dict) -> dict:
    """The shares on KITA's bases (fractions) from :func:`first_round_amounts`:

    indirect_goods: SME goods suppliers' first-round sales to large goods exporters / goods exports (KITA 2010);
    direct_goods: SME goods exports / goods exports; total_goods: their sum;
    inputs_goods: SME share of the first-round domestic goods inputs into exports (KITA 2017).
    """
    ge = a["goods_exports"]
    ind = a["sme_goods_to_large_goods"] / ge
    direct = a["sme_goods_exports"] / ge
    return {"indirect_goods": ind, "direct_goods": direct, "total_goods": direct + ind,
            "inputs_goods": a["sme_goods_inputs_exports"] / a["goods_inputs_exports"]}


def cagr(v0, v1, years: int):
    """Average annual growth rate (fraction per year) from ``v0`` to ``v1`` over ``years`` years."""
    if years <= 0:
        raise ValueError("growth needs at least one year")
    return (np.asarray(v1, float) / np.asarray(v0, float)) ** (1.0 / years) - 1.0
