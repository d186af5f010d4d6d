"""Benchmark sets: which published SME figures pin the firm-size shares, as alternative scenarios.

The share table (:mod:`smegvc.evidence.shares`) is calibrated to the published aggregates listed in
``data/sme/share_benchmarks.csv`` (the ``central`` set). Which figures to use is a choice, so the engine
also calibrates to other sets and reports every change under each of them (:mod:`smegvc.engine.calibrated`):

========================  ==========================================================================
``central``               the benchmark file as committed
``bm_all_usable``         every usable figure: adds Taiwan's SME sales shares for 2005 and 2012 (VAT
                          sales, 30% each) to the output targets and Taiwan's 2007 composition of SME
                          exports (70.35% from manufacturing) to the export targets
``bm_first_hand``         without second-hand figures: drops Taiwan's export shares for 2003 and 2010
                          (KITA citing Taiwan) and 2012 (Kumar citing the White Paper); Taiwan's
                          exports then rest on the 2007 and 2015 White Paper figures only
``bm_kor_mfg_drift``      Korea's manufacturing SME value-added share drifts after 2003 (52.8%, 5+
                          workers) linearly towards the 2018 level (37.81%, 10+ workers) instead of
                          being carried flat (Korea only; the coverage difference 5+/10+ workers is
                          not corrected)
========================  ==========================================================================

:func:`published_use_table` lists every figure in ``data/sme/published_sme_statistics.csv`` as *used*
(in which sets) or *excluded*, with the reason (one rule, :func:`exclusion_reason`).
"""
from __future__ import annotations

import pandas as pd

from smegvc.evidence.shares import read_benchmarks
from smegvc.evidence.shares_schema import BENCHMARK_COLUMNS
from smegvc.scope import ECONOMIES

SETS: dict[str, str] = {
    "central": "the published figures in data/sme/share_benchmarks.csv",
    "bm_all_usable": "every usable published figure: adds Taiwan's SME sales shares for 2005 and 2012 (output) "
                     "and the 2007 manufacturing part of SME exports (exports)",
    "bm_first_hand": "without second-hand figures: Taiwan's export shares for 2003, 2010 (KITA citing Taiwan) "
                     "and 2012 (Kumar citing the White Paper) dropped",
    "bm_kor_mfg_drift": "Korea's SME share of manufacturing value added drifting linearly from its 2003 level "
                        "towards its 2018 level instead of being carried flat after 2003",
}
COUNTRIES_OF = {"central": ECONOMIES, "bm_all_usable": ("TWN",), "bm_first_hand": ("TWN",),
                "bm_kor_mfg_drift": ("KOR",)}   # the economies whose benchmarks a set changes
SECOND_HAND = ("TWN-EXP-2003", "TWN-EXP-2010", "TWN-EXP-2012")    # benchmark ids

_EXTRA = {
    "bm_all_usable": [
        ("TWN-OUT-2005", "TWN-SALES-2005", "TWN", "all", "output", "all", "x", "share", "", 2000, 2014,
         "VAT sales share 2005 (CIER summary of the 2006 White Paper)"),
        ("TWN-OUT-2012", "TWN-SALES-2012", "TWN", "all", "output", "all", "x", "share", "", 2000, 2014,
         "VAT sales share 2012 (Kumar citing the White Paper; published as 30%)"),
        ("TWN-EXPCOMP-2007", "TWN-EXPCOMP-MFG-2007", "TWN", "all", "export", "manufacturing", "e", "composition",
         "all", 2000, 2014, "manufacturers make 70.35% of SME exports (2007); carried to all other years"),
    ],
    "bm_kor_mfg_drift": [
        ("KOR-OUT-2018", "KOR-VA-MFG-2018", "KOR", "all", "output", "manufacturing", "v", "share", "", 2000, 2014,
         "2018 SME share of manufacturing value added (10+ workers): anchors a linear drift after 2003"),
    ],
}


def _join(df: pd.DataFrame, pub: pd.DataFrame) -> pd.DataFrame:
    p = pub.set_index("id")
    out = df.copy()
    out["valid_from"] = out["valid_from"].astype(int)
    out["valid_to"] = out["valid_to"].astype(int)
    out["value"] = [float(p.loc[i, "value"]) / 100.0 for i in out["published_id"]]
    out["year"] = [int(p.loc[i, "year"]) for i in out["published_id"]]
    out["citation"] = [f"{p.loc[i, 'source_agency']}: {p.loc[i, 'source_publication']}" for i in out["published_id"]]
    return out


def benchmark_set(name: str, benchmarks: pd.DataFrame | None = None, published: pd.DataFrame | None = None
                  ) -> pd.DataFrame:
    """The benchmark rows (as :func:`smegvc.evidence.shares.read_benchmarks`: with ``value`` as a fraction and
    ``year``) of set ``name`` (:data:`SETS`)."""
    from smegvc.evidence.sme_stats import read_published

    if name not in SETS:
        raise ValueError(f"unknown benchmark set {name!r} (known: {', '.join(SETS)})")
    pub = read_published() if published is None else published
    bm = read_benchmarks(published=pub) if benchmarks is None else benchmarks
    if name == "bm_first_hand":
        bm = bm[~bm["benchmark_id"].isin(SECOND_HAND)]
    extra = _EXTRA.get(name)
    if extra:
        bm = pd.concat([bm, _join(pd.DataFrame(extra, columns=list(BENCHMARK_COLUMNS)), pub)], ignore_index=True)
    return bm.reset_index(drop=True)


def exclusion_reason(row) -> str:
    """Why a published figure pins no share in any benchmark set (one rule, by measure, year and notes)."""
    m, y, c = row.measure, int(row.year), row.country
    if str(row.year_note).strip():
        return f"covers part of a year or a period ({row.year_note})"
    if m == "sme_exports_level":
        return "a level in currency: the share of the same release is used where published"
    if m in ("sme_indirect_export_share", "sme_export_share_incl_indirect", "sme_indirect_export_to_sales",
             "sme_share_domestic_export_inputs", "sme_indirect_export_growth"):
        return "an estimate of indirect exports: compared with the model's gross measures, never used to calibrate it"
    if y < 2000:
        return "before the WIOD 2016 years (2000-2014)"
    if y > 2015 or (c == "KOR" and y > 2014):
        return "after the WIOD 2016 years and not needed to interpolate them"
    if "not comparable" in str(row.break_note) or "not used as a benchmark" in str(row.break_note):
        return "definition not comparable with the series used (" + str(row.break_note).split(";")[0] + ")"
    if row.confidence == "low":
        return "low confidence (approximate year or value)"
    if m == "sme_export_share" and c == "KOR":
        return "a second figure for a year whose figure from the same source series is used"
    if m == "sme_export_share_lt250":
        return "a different size threshold (fewer than 250 employees)"
    if m.startswith("sme_domestic"):
        return "domestic sales or domestic market: implied by the sales and export shares, not an output share"
    if m == "sme_export_to_sales_ratio":
        return "implied by the SME sales and export shares of the same year"
    if m in ("sme_va_share_all", "sme_va_composition"):
        return "scope (mining, manufacturing, construction and six service industries) matches no set of WIOD industries"
    if m == "sme_va_growth_contribution_mfg":
        return "a contribution to growth, not a share"
    if m.endswith("composition"):
        return "a composition nested with the one used (manufacturing); scope differs from WIOD's groups"
    return "not used: no rule for this measure"


def published_use_table(published: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every published figure: id, country, year, measure, value, unit, use ('used' / 'excluded'),
    sets (the benchmark sets and Korean definition scenarios that use it), reason."""
    from smegvc.evidence.sme_stats import read_published

    pub = read_published() if published is None else published
    used: dict[str, list[str]] = {}
    for name in SETS:
        bm = benchmark_set(name, published=pub)
        for pid, scen, c in zip(bm["published_id"], bm["scenario"], bm["country"]):
            if name != "central" and c not in COUNTRIES_OF[name]:
                continue
            tag = name if not (c == "KOR" and scen == "consistent") else f"{name} (consistent definition)"
            used.setdefault(pid, [])
            if tag not in used[pid]:
                used[pid].append(tag)
    rows = []
    for r in pub.itertuples(index=False):
        sets = used.get(r.id, [])
        if not sets and r.id in _FIRST_OF_TWO:
            reason = _FIRST_OF_TWO[r.id]
        else:
            reason = "" if sets else exclusion_reason(r)
        rows.append({"id": r.id, "country": r.country, "year": int(r.year), "measure": r.measure,
                     "value": float(r.value), "unit": r.unit, "use": "used" if sets else "excluded",
                     "sets": ", ".join(sets), "reason": reason})
    return pd.DataFrame(rows)


_FIRST_OF_TWO = {
    "KOR-EXP-2011-KBIZ": "the SMBA figure for 2011 is used so that 2011 and 2012 come from one source",
    "KOR-EXP-KCS-AVG": "a customs average over several years, low confidence",
    "KOR-EXP-2010-KITA": "definition not stated; its level matches the post-2011 series, not the pre-2011 one",
    "TWN-VA-ALL-2005": "low confidence: approximate year, value added of all industries",
    "TWN-SALESCOMP-SRV-2007": "services (TW SIC G-S) match no WIOD group; the manufacturing composition is used",
    "TWN-EXPCOMP-IND-2007": "industry sector (B-F) nests the manufacturing composition, which is used",
}


def precision(published_raw: pd.DataFrame) -> dict[str, float]:
    """Half the last published digit of each percent figure, as a fraction (e.g. '42' -> 0.005,
    '42.2' -> 0.0005, '17.02' -> 0.00005): the published precision the calibrated draws respect."""
    out = {}
    for pid, v in zip(published_raw["id"], published_raw["value"].astype(str)):
        v = v.strip()
        dec = len(v.split(".")[1]) if "." in v else 0
        out[pid] = 0.5 * 10.0 ** (-dec) / 100.0
    return out


__all__ = ["SETS", "COUNTRIES_OF", "benchmark_set", "published_use_table", "exclusion_reason", "precision"]
