"""Global value chain measures: value-added content of exports (national tables) and GVC participation
and destinations (WIOD 2013 world tables, from the committed extract).

National (WIOD 2016 NIOT, one country-year, :class:`~smegvc.io.iotable.NationalTable`, USD million):
    domestic VA in exports     vc'L e          share: vc'L e / 1'e
    import content (Hummels VS) mc'L e / 1'e   (imported intermediates embodied in exports, all rounds)
by exporting industry ``j`` with ``e`` restricted to ``j`` (``e_j`` = e o 1_j), e.g. C26 (computer,
electronic and optical products) and C27 (electrical equipment): :data:`FOCUS_INDUSTRIES`.

World (WIOD 2013, 1995-2011): the world Leontief computations live in :mod:`smegvc.io.wiod2013.measures` and their
results in ``data/wiod2013/`` (:func:`smegvc.io.wiod2013.load.load_wiod2013`); this module only forms shares from them:
    backward participation = foreign VA in gross exports / gross exports
    forward participation  = own VA embodied in other countries' gross exports / own gross exports
    (both gross-exports based, as in Hummels-Ishii-Yi VS and VS1; not the Koopman et al. 2014 net terms),
and the destinations of KOR's and TWN's electrical and optical (c14) intermediate exports.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from smegvc.errors import IdentityError
from smegvc.engine.indicators import residual_coefficients
from smegvc.io.iotable import NationalTable

FOCUS_INDUSTRIES = ("C26", "C27")
WIOD2013_ELECTRONICS = "c14"


# ---------------------------------------------------------------------------------------------- national

def va_content_by_exporter(t: NationalTable, rtol: float = 1e-9) -> pd.DataFrame:
    """Value-added content of exports by exporting industry, plus a national row (industry '').

    Columns: industry, exports, dva (vc'L e_j), import_content (mc'L e_j), other_inputs (tc'L e_j),
    residual (rc'L e_j, the source table's column discrepancy), dva_share, hummels_vs (shares of e_j;
    NaN where the industry does not export). Checks dva + import_content + other_inputs + residual = exports.
    """
    if t.size is not None:
        raise ValueError("va_content_by_exporter expects an unsplit national table")
    B = np.eye(t.n) - t.A
    lam = np.linalg.solve(B.T, np.column_stack([t.vc, t.mc, t.tc, residual_coefficients(t)]))  # u'L, 4 u's
    parts = lam * t.e[:, None]                                                            # (n, 4)
    total = parts.sum(1)
    err = np.abs(total - t.e)
    if np.any(err > rtol * np.abs(t.e) + 1e-9):
        k = int(np.argmax(err))
        raise IdentityError(f"{t.country} {t.year} industry {t.industries[k]}: VA content of exports "
                            f"{total[k]:.12g} differs from exports {t.e[k]:.12g}")
    df = pd.DataFrame(parts, columns=["dva", "import_content", "other_inputs", "residual"])
    df.insert(0, "exports", t.e)
    df.insert(0, "industry", list(t.industries))
    nat = df.drop(columns="industry").sum().to_frame().T
    nat.insert(0, "industry", "")
    df = pd.concat([df, nat], ignore_index=True)
    e = df["exports"].to_numpy()
    with np.errstate(invalid="ignore", divide="ignore"):
        df["dva_share"] = np.where(e > 0, df["dva"] / np.where(e > 0, e, 1), np.nan)
        df["hummels_vs"] = np.where(e > 0, df["import_content"] / np.where(e > 0, e, 1), np.nan)
    df.insert(0, "year", t.year)
    df.insert(0, "country", t.country)
    return df


# ---------------------------------------------------------------------------------------------- world (WIOD 2013)

def participation(va: pd.DataFrame, level: str = "country", rtol: float = 1e-9) -> pd.DataFrame:
    """Backward and forward GVC participation from the ``va`` extract (``load_wiod2013('va')``).

    level: 'country' (sum over industries) or 'industry' (per exporting / VA-source industry).
    Columns: year, country[, industry], gross_exports, domestic_va, foreign_va, backward (= foreign_va /
    gross_exports), va_in_other_exports, forward (= va_in_other_exports / gross_exports), participation
    (backward + forward). Checks that domestic + foreign VA = gross exports (the VA source shares of a
    unit of output sum to one). USD million; shares in [0, 1] (forward can exceed 1 for a small exporter
    of inputs).
    """
    keys = ["year", "country"] + (["industry"] if level == "industry" else [])
    if level not in ("country", "industry"):
        raise ValueError(f"level must be 'country' or 'industry', got {level!r}")
    own = va["partner"] == va["country"]
    gross = va[va.measure == "gross_exports"].groupby(keys)["value"].sum()
    vin = va[va.measure == "va_in_exports"]
    dom = vin[own.loc[vin.index]].groupby(keys)["value"].sum()
    foreign = vin[~own.loc[vin.index]].groupby(keys)["value"].sum()
    vpx = va[va.measure == "va_in_partner_exports"]
    fwd = vpx[~own.loc[vpx.index]].groupby(keys)["value"].sum()
    out = pd.DataFrame({"gross_exports": gross, "domestic_va": dom, "foreign_va": foreign,
                        "va_in_other_exports": fwd}).fillna(0.0)
    err = (out.domestic_va + out.foreign_va - out.gross_exports).abs()
    bad = err > rtol * out.gross_exports.abs() + 1e-6
    if bad.any():
        k = bad[bad].index[0]
        raise IdentityError(f"WIOD 2013 {k}: domestic + foreign VA in exports differs from gross exports "
                            f"by {err[k]:.6g}")
    ge = out.gross_exports.to_numpy()
    with np.errstate(invalid="ignore", divide="ignore"):
        out["backward"] = np.where(ge > 0, out.foreign_va / np.where(ge > 0, ge, 1), np.nan)
        out["forward"] = np.where(ge > 0, out.va_in_other_exports / np.where(ge > 0, ge, 1), np.nan)
    out["participation"] = out.backward + out.forward
    return out.reset_index()


def foreign_va_sources(va: pd.DataFrame, industry: str | None = None) -> pd.DataFrame:
    """Where the foreign VA in each country's gross exports comes from: year, country, source, value,
    share (of the country's foreign VA in exports). ``industry`` restricts to one exporting industry."""
    vin = va[(va.measure == "va_in_exports") & (va.partner != va.country)]
    if industry is not None:
        vin = vin[vin.industry == industry]
    out = vin.groupby(["year", "country", "partner"])["value"].sum().rename("value").reset_index()
    out = out.rename(columns={"partner": "source"})
    out["share"] = out.value / out.groupby(["year", "country"])["value"].transform("sum")
    return out


def electronics_destinations(el: pd.DataFrame, by_group: bool = False) -> pd.DataFrame:
    """Destinations of KOR's and TWN's electrical and optical (c14) intermediate exports, from the
    ``electronics`` extract (``load_wiod2013('electronics')``).

    Columns: year, origin, destination[, destination_group], value (USD million), share (of the
    origin-year total of c14 intermediate exports, so shares sum to 1 per origin-year).
    """
    keys = ["year", "origin", "destination"] + (["destination_group"] if by_group else [])
    out = el.groupby(keys)["value"].sum().reset_index()
    tot = out.groupby(["year", "origin"])["value"].transform("sum")
    out["share"] = np.where(tot > 0, out.value / tot.where(tot > 0, 1), np.nan)
    return out


def china_share_electronics(el: pd.DataFrame, destination: str = "CHN") -> pd.DataFrame:
    """Share of ``destination`` (default China) in each origin's c14 intermediate exports, by year:
    columns year, origin, value (USD million to the destination), total, share."""
    d = electronics_destinations(el)
    tot = d.groupby(["year", "origin"])["value"].sum().rename("total")
    to = d[d.destination == destination].groupby(["year", "origin"])["value"].sum().rename("value")
    out = pd.concat([to, tot], axis=1).fillna({"value": 0.0})
    out["share"] = out.value / out.total
    return out.reset_index()
