"""Chapter "Why they differ" (book/why-they-differ.ipynb): export mix, firm-size structure, large exporters'
sourcing from SMEs and the structural decomposition of the change in the SME indirect share.

    export_mix(), export_mix_table()          gross exports by industry group (USD million, percent)
    firm_size_structure()                     output and exports by firm size at the central shares
    sourcing_series(), sourcing_table()       large exporters' domestic sourcing from SMEs (gross measures)
    sda_table()                               the decomposition (percentage points) by economy, period, variant
    why_numbers()                             the numbers above for glue (also quoted by other chapters)
    numbers()                                 exactly the glue keys this chapter quotes (:data:`KEYS`)
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from smegvc.evidence.shares import load_shares
from smegvc.io.wiod2016.load import load_niot
from smegvc.report.findings import findings_markdown
from smegvc.report.query import CHANNELS, by_industry, load, national, num, pct, pick, value_at
from smegvc.scope import ECONOMIES, FIRST_YEAR, LAST_YEAR, PRE_BREAK, YEARS

KEYS = (   # the glue keys book/why-they-differ.ipynb quotes
    "first_round_kor_2000", "first_round_kor_2010", "first_round_kor_2014", "first_round_twn_2000",
    "first_round_twn_2010", "first_round_twn_2014", "large_exports_growth_kor", "large_exports_growth_twn",
    "large_output_kor_2000", "large_output_kor_2014", "large_output_twn_2000", "large_output_twn_2014",
    "mix_c26_kor_2000", "mix_c26_kor_2014", "mix_c26_twn_2000", "mix_c26_twn_2014", "mix_services_kor_2014",
    "mix_services_twn_2014", "sda_input_kor_2000_2007", "sda_input_twn_2000_2014", "sda_mix_kor_2000_2007",
    "sda_mix_twn_2000_2014", "sda_polar_maxdiff", "sda_size_kor_2000_2007", "sda_size_kor_2007_2014",
    "sda_size_kor_2007_2014_cons", "sda_size_twn_2000_2014", "sda_total_kor_2000_2007", "sda_total_kor_2007_2014",
    "sda_total_kor_2007_2014_cons", "sda_total_twn_2000_2014",
)

EXPORT_GROUPS: dict[str, tuple[str, ...]] = {
    "Electronics (C26)": ("C26",),
    "Electrical equipment (C27)": ("C27",),
    "Machinery (C28)": ("C28",),
    "Transport equipment (C29-C30)": ("C29", "C30"),
    "Chemicals, petroleum, plastics (C19-C22)": ("C19", "C20", "C21", "C22"),
    "Metals (C24-C25)": ("C24", "C25"),
    "Other goods": (),     # the remaining agriculture, mining and manufacturing industries
    "Services": (),        # D35 to U
}


def _group_of(code: str) -> str:
    for g, codes in EXPORT_GROUPS.items():
        if code in codes:
            return g
    return "Other goods" if code[0] in "ABC" else "Services"


def export_mix(results=None, years=None) -> pd.DataFrame:
    """Gross exports by industry group: country, year, group, exports (USD million), share (percent)."""
    e = by_industry("exports", results=results)
    if years is not None:
        e = e[e.year.isin(years)]
    e = e.assign(group=e.industry.map(_group_of))
    out = e.groupby(["country", "year", "group"]).value.sum().rename("exports").reset_index()
    out["share"] = pct(out.exports / out.groupby(["country", "year"]).exports.transform("sum"))
    out["group"] = pd.Categorical(out.group, list(EXPORT_GROUPS), ordered=True)
    return out.sort_values(["country", "year", "group"]).reset_index(drop=True)


def export_mix_table(years=(FIRST_YEAR, LAST_YEAR), results=None) -> pd.DataFrame:
    """:func:`export_mix` in ``years``: index group, columns (economy year) shares in percent."""
    m = export_mix(results, years)
    t = m.pivot_table(index="group", columns=["country", "year"], values="share", observed=True)
    t.columns = [f"{c} {y} (%)" for c, y in t.columns]
    t.index = t.index.astype(str)
    t.index.name = "export group"
    return t.round(1)


def firm_size_structure(countries=ECONOMIES, years=YEARS, shares_path=None) -> pd.DataFrame:
    """Output and exports by firm size at the central shares: country, year, large_output, sme_output,
    large_exports, sme_exports (USD million), large_share_output, large_share_exports (percent)."""
    rows = []
    for c in countries:
        for y in years:
            t = load_niot(c, y)
            sh = load_shares(c, y, path=shares_path)
            a, g = sh.sme_output_share.to_numpy(float), sh.sme_export_share.to_numpy(float)
            rows.append({"country": c, "year": y, "large_output": float(((1 - a) * t.x).sum()),
                         "sme_output": float((a * t.x).sum()), "large_exports": float(((1 - g) * t.e).sum()),
                         "sme_exports": float((g * t.e).sum())})
    df = pd.DataFrame(rows)
    df["large_share_output"] = pct(df.large_output / (df.large_output + df.sme_output))
    df["large_share_exports"] = pct(df.large_exports / (df.large_exports + df.sme_exports))
    return df


SOURCING = {
    "first_round": "SME first-round supply per dollar of large-firm exports",
    "all_rounds": "SME output induced per dollar of large-firm exports, all rounds",
    "domestic_inputs": "SME share of domestic inputs into exports",
}


def sourcing_series(results=None) -> pd.DataFrame:
    """Large exporters' domestic sourcing from SMEs (gross measures, percent): country, year, measure
    (:data:`SOURCING` keys), value, low, high (low/high for the domestic-inputs share only).

    first_round = s'A(e o (1-s)) / 1'(e o (1-s)); all_rounds = s'L(e o (1-s)) / 1'(e o (1-s)) (SME output
    in every round of supply to large exporters); domestic_inputs = s'(L-I)e / 1'(L-I)e. All three count
    gross output: never add them to direct exports.
    """
    ex = national("exports", results=results).set_index(["country", "year"]).value
    sme = national("sme_direct_exports", results=results).set_index(["country", "year"]).value
    large = ex - sme
    parts = []
    for key, ind in (("first_round", "sme_first_round_supply_large_exports"),
                     ("all_rounds", "sme_output_induced_by_large_exports")):
        v = national(ind, results=results).set_index(["country", "year"]).value
        parts.append(pct(v / large).rename("value").reset_index().assign(measure=key, low=np.nan, high=np.nan))
    d = national("sme_share_domestic_inputs_exports", results=results)
    parts.append(d.assign(measure="domestic_inputs", value=pct(d.value), low=pct(d.low), high=pct(d.high)))
    out = pd.concat(parts, ignore_index=True)
    return out[["country", "year", "measure", "value", "low", "high"]]


def sourcing_table(years=(FIRST_YEAR, PRE_BREAK, LAST_YEAR), results=None) -> pd.DataFrame:
    """:func:`sourcing_series` in ``years`` (percent; gross measures): index (economy, year), one column
    per measure."""
    s = sourcing_series(results)
    t = s[s.year.isin(years)].pivot_table(index=["country", "year"], columns="measure", values="value")
    t = t[list(SOURCING)]
    t.columns = ["SME first-round supply per $ of large-firm exports (cents)",
                 "SME output per $ of large-firm exports, all rounds (cents)",
                 "SME share of domestic inputs into exports (%)"]
    t.index = t.index.set_names(["economy", "year"])
    return t.round(1)


SDA_PARTS = {"sda_export_mix": "export mix", "sda_input_structure": "input structure",
             "sda_firm_size": "firm-size shares", "sda_total": "total change"}


def sda_table(results=None) -> pd.DataFrame:
    """The structural decomposition of the change in the SME indirect share (percentage points): one row
    per country, period and variant (Shapley central, Shapley with Korea's pre-2011 definition, polar
    average), columns export mix, input structure, firm-size shares, total change, and the indirect
    share (percent) at the start and end of the period under the variant's shares."""
    r = load(results)
    s = r[r.indicator.isin(list(SDA_PARTS))]
    variants = {"central": "Shapley", "kor_consistent_definition": "Shapley, pre-2011 definition",
                "sda_polar": "polar average"}
    rows = []
    for (c, b, y, sc), g in s.groupby(["country", "base_year", "year", "scenario"]):
        if sc == "kor_consistent_definition" and y <= PRE_BREAK:
            continue  # same shares as the central run before Korea's 2011 definition change
        v = g.set_index("indicator").value
        lvl = "central" if sc == "sda_polar" else sc
        row = {"economy": c, "period": f"{b}-{y}", "method": variants[sc]}
        row.update({lab: pct(v[k]) for k, lab in SDA_PARTS.items()})
        row["indirect share at start (%)"] = pct(value_at(CHANNELS["indirect"], c, int(b), lvl, results=results))
        row["indirect share at end (%)"] = pct(value_at(CHANNELS["indirect"], c, int(y), lvl, results=results))
        rows.append(row)
    order = {m: i for i, m in enumerate(variants.values())}
    df = pd.DataFrame(rows)
    df = df.sort_values(["economy", "period", "method"], key=lambda col: col.map(order) if col.name == "method"
                        else col).set_index(["economy", "period", "method"])
    return df


def why_numbers(results=None) -> dict[str, float]:
    """Numbers of the chapter for glue (percent; SDA parts in points): ``mix_<c26|services>_<iso>_<year>``,
    ``large_<output|exports>_<iso>_<year>``, ``<sourcing measure>_<iso>_<year>``, ``large_exports_growth_<iso>``
    (ratio of large-firm exports, last to first year), ``sda_<mix|input|size|total>_<iso>_<y0>_<y1>[_cons|_polar]``
    and ``sda_polar_maxdiff`` (largest gap between Shapley and polar-average parts)."""
    out: dict[str, float] = {}
    m = export_mix(results, (FIRST_YEAR, LAST_YEAR)).set_index(["country", "year", "group"]).share
    f = firm_size_structure(years=(FIRST_YEAR, PRE_BREAK, LAST_YEAR)).set_index(["country", "year"])
    s = sourcing_series(results).set_index(["country", "measure", "year"]).value
    for c in ECONOMIES:
        k = c.lower()
        for y in (FIRST_YEAR, LAST_YEAR):
            out[f"mix_c26_{k}_{y}"] = num(m[(c, y, "Electronics (C26)")])
            out[f"mix_services_{k}_{y}"] = num(m[(c, y, "Services")])
        for y in (FIRST_YEAR, PRE_BREAK, LAST_YEAR):
            out[f"large_output_{k}_{y}"] = num(f.loc[(c, y), "large_share_output"])
            out[f"large_exports_{k}_{y}"] = num(f.loc[(c, y), "large_share_exports"])
            for meas in SOURCING:
                out[f"{meas}_{k}_{y}"] = num(s[(c, meas, y)])
        out[f"large_exports_growth_{k}"] = num(f.loc[(c, LAST_YEAR), "large_exports"]
                                               / f.loc[(c, FIRST_YEAR), "large_exports"])
    sda = sda_table(results)
    short = {"export mix": "mix", "input structure": "input", "firm-size shares": "size", "total change": "total"}
    tag = {"Shapley": "", "Shapley, pre-2011 definition": "_cons", "polar average": "_polar"}
    for (c, period, method), row in sda.iterrows():
        for lab, sh in short.items():
            out[f"sda_{sh}_{c.lower()}_{period.replace('-', '_')}{tag[method]}"] = num(row[lab])
    parts = ["export mix", "input structure", "firm-size shares"]
    shap = sda.xs("Shapley", level="method")[parts]
    polar = sda.xs("polar average", level="method")[parts]
    out["sda_polar_maxdiff"] = num((shap - polar).abs().to_numpy().max())
    return out


def numbers(results=None) -> dict[str, float]:
    """The glue keys of the chapter (:data:`KEYS`), from :func:`why_numbers`."""
    return pick(why_numbers(results), KEYS, "why-they-differ")


def tables_and_shares():
    """Finding F3 of the registry (what the tables alone and the shares alone give, with intervals)."""
    return findings_markdown(ids=("F3",))
