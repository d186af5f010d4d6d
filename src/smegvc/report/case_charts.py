"""Figures of the case-study and policy chapters. Each function returns (figure, the data it plots).

    success_factor_heatmap(verdicts, facts, sizes)  firms x KIEP success factors: verdict, source grade,
                                                    size class; comparators hatched below the SME cases
    instrument_timeline(policy)               start year of each policy instrument, by economy

Publish them with :func:`smegvc.report.figures.show_figure`.
"""
from __future__ import annotations

import textwrap

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.patches import Patch, Rectangle

from smegvc.evidence.cases import FACTORS, VERDICTS
from smegvc.report.case_views import verdict_frame
from smegvc.report.style import FIG_WIDTH, MARKERS, PALETTE, TICK_PT

# Okabe-Ito: bluish green = supports, vermillion = contradicts, light grey = no evidence.
VERDICT_COLOURS = {"supports": "#009E73", "contradicts": "#D55E00", "no evidence": "#EDEDED"}
VERDICT_MARKS = {"supports": "+", "contradicts": "−", "no evidence": ""}
# Comparators (firms not classed SME at the time of the events) are drawn hatched and paler, below the
# SME cases, so that a reader never counts them as SME evidence.
COMPARATOR_ALPHA = 0.55
LABEL_SIZE = TICK_PT   # points: the figure is drawn at the printed width, so labels print at the body size
# Column heads of the heatmap (the data keep the full factor labels of smegvc.evidence.cases.FACTORS).
# Each line at most about 0.8 in wide at 11 pt, so that neighbouring heads never touch (tests/test_chart_style.py).
SHORT_FACTORS = {"own_technology": "own tech-\nnology\nand R&D", "foreign_buyers": "fast\nresponse\nto foreign\nbuyers",
                 "overseas_investment": "overseas\ninvest-\nment", "state_support": "state\nsupport"}


def success_factor_heatmap(verdicts: pd.DataFrame, facts: pd.DataFrame, sizes: pd.DataFrame):
    """A firms x factors grid coloured by verdict, SME cases above the comparators.

    Each decided cell shows its verdict mark (+ supports, − contradicts; readable in greyscale) and the
    grade of the best source it rests on (A or B); each row label gives the firm, its economy and its
    size class at the time of the events. Comparator rows are hatched.
    Returns (figure, data): one row per firm and factor with country, firm, factor, verdict, grade,
    size_class and role (:func:`smegvc.report.case_views.verdict_frame`).
    """
    data = verdict_frame(verdicts, facts, sizes)
    data = data.assign(_r=(data["role"] != "SME case").astype(int))
    firms = list(dict.fromkeys(data.sort_values("_r", kind="stable")["case_id"]))
    data = data.drop(columns="_r")
    factors = list(FACTORS.values())
    cell = data.set_index(["case_id", "factor"])
    n = len(firms)
    # 0.42 in a row (two lines of 11 pt labels) keeps the figure and its caption on one printed page
    fig, ax = plt.subplots(figsize=(FIG_WIDTH, 0.42 * n + 2.0), layout="constrained")
    for i, c in enumerate(firms):
        for j, f in enumerate(factors):
            r = cell.loc[(c, f)]
            comp = r["role"] != "SME case"
            ax.add_patch(Rectangle((j - 0.5, i - 0.5), 1, 1, facecolor=VERDICT_COLOURS[r["verdict"]],
                                   alpha=COMPARATOR_ALPHA if comp and r["verdict"] != "no evidence" else 1.0,
                                   hatch="///" if comp else None, edgecolor="white", linewidth=2))
            if r["verdict"] != "no evidence":
                ax.text(j, i, f"{VERDICT_MARKS[r['verdict']]} {r['grade']}", ha="center", va="center",
                        fontsize=LABEL_SIZE + 1, fontweight="bold", color="black")
    ax.set_xlim(-0.5, len(factors) - 0.5)
    ax.set_ylim(n - 0.5, -0.5)
    heads = [SHORT_FACTORS.get(k, textwrap.fill(FACTORS[k], 12)) for k in FACTORS]
    ax.set_xticks(range(len(factors)), heads, fontsize=LABEL_SIZE)
    ax.xaxis.tick_top()
    first = data.drop_duplicates("case_id").set_index("case_id")
    size_label = {"not documented": "size not documented"}
    ax.set_yticks(range(n), [f"{first.at[c, 'firm']} ({first.at[c, 'country']})\n"
                             f"{size_label.get(first.at[c, 'size_class'], first.at[c, 'size_class'])}"
                             for c in firms], fontsize=LABEL_SIZE)
    ax.tick_params(length=0)
    ax.grid(False)
    for sp in ax.spines.values():
        sp.set_visible(False)
    n_sme = int((first.loc[firms, "role"] == "SME case").sum())
    if 0 < n_sme < n:
        ax.axhline(n_sme - 0.5, color="black", linewidth=1.5)
    ax.legend(handles=[Patch(facecolor=VERDICT_COLOURS[v], label=f"{VERDICT_MARKS[v]} {v}".strip())
                       for v in VERDICTS] +
              [Patch(facecolor="white", edgecolor="grey", hatch="///", label="comparator (not an SME)")],
              loc="upper center", bbox_to_anchor=(0.4, -0.01), ncol=2, fontsize=LABEL_SIZE - 1,
              title="letter = grade of the best source (A, B)", title_fontsize=LABEL_SIZE - 1)
    return fig, data[["country", "firm", "factor", "verdict", "grade", "size_class", "role"]]


def instrument_timeline(policy: pd.DataFrame):
    """Each instrument at its start year, one row per instrument, grouped by economy.

    Instruments without a verified start year are left out of the plot and listed in the data with
    an empty year. Returns (figure, data: country, instrument, area, start_year, start_note).
    """
    p = policy.sort_values(["country", "start_year"], kind="stable", na_position="last")
    data = p[["country", "instrument", "area", "start_year", "start_note"]].reset_index(drop=True)
    shown = data.dropna(subset=["start_year"]).reset_index(drop=True)
    fig, ax = plt.subplots(figsize=(FIG_WIDTH, 0.3 * len(shown) + 1.4), layout="constrained")
    y = range(len(shown))[::-1]
    for yi, r in zip(y, shown.itertuples()):
        approx = bool(r.start_note)
        ax.plot(r.start_year, yi, marker=MARKERS[r.country], markersize=7, linestyle="none",
                color=PALETTE[r.country], markerfacecolor="white" if approx else PALETTE[r.country])
    ax.set_yticks(list(y), [textwrap.shorten(s, 38, placeholder="…") for s in shown["instrument"]])
    ax.set_xlabel("start year")
    ax.grid(axis="y", visible=False)
    ax.legend(handles=[plt.Line2D([], [], marker=MARKERS[c], color=PALETTE[c], linestyle="none", label=c)
                       for c in sorted(shown["country"].unique())] +
              [plt.Line2D([], [], marker="o", color="grey", markerfacecolor="white", linestyle="none",
                          label="approximate year")],
              loc="lower right", fontsize=9)
    return fig, data
