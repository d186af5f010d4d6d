"""Figures of the case-study and policy chapters. Each function returns (figure, the data it plots).

    success_factor_heatmap(verdicts, facts)   firms x KIEP success factors, coloured by verdict
    instrument_timeline(policy)               start year of each policy instrument, by economy

Publish them with :func:`smegvc.report.figures.show_figure`.
"""
from __future__ import annotations

import textwrap

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.colors import ListedColormap
from matplotlib.patches import Patch

from smegvc.report.case_views import success_factor_grid
from smegvc.evidence.cases import VERDICTS
from smegvc.report.style import MARKERS, PALETTE

# Okabe-Ito: bluish green = supports, vermillion = contradicts, light grey = no evidence.
VERDICT_COLOURS = {"supports": "#009E73", "contradicts": "#D55E00", "no evidence": "#E5E5E5"}
VERDICT_MARKS = {"supports": "+", "contradicts": "−", "no evidence": ""}


def success_factor_heatmap(verdicts: pd.DataFrame, facts: pd.DataFrame):
    """A firms x factors grid coloured by verdict (marks + and − keep it readable in greyscale).

    Returns (figure, data) where data has one row per firm and factor: country, firm, factor, verdict.
    """
    grid = success_factor_grid(verdicts, facts)
    codes = grid.replace({v: i for i, v in enumerate(VERDICTS)}).astype(int)
    fig, ax = plt.subplots(figsize=(7.0, 0.42 * len(grid) + 1.6))
    ax.imshow(codes.to_numpy(), cmap=ListedColormap([VERDICT_COLOURS[v] for v in VERDICTS]),
              vmin=-0.5, vmax=len(VERDICTS) - 0.5, aspect="auto")
    for (i, j), v in pd.DataFrame(grid.to_numpy()).stack().items():
        ax.text(j, i, VERDICT_MARKS[v], ha="center", va="center", fontsize=14, fontweight="bold", color="white")
    ax.set_xticks(range(grid.shape[1]), [textwrap.fill(c, 18) for c in grid.columns], fontsize=8)
    ax.xaxis.tick_top()
    ax.set_yticks(range(len(grid)), [f"{firm} ({c})" for c, firm in grid.index], fontsize=9)
    ax.tick_params(length=0)
    ax.grid(False)
    for s in ax.spines.values():
        s.set_visible(False)
    ax.set_xticks([x - 0.5 for x in range(1, grid.shape[1])], minor=True)
    ax.set_yticks([y - 0.5 for y in range(1, len(grid))], minor=True)
    ax.grid(which="minor", color="white", linewidth=2)
    countries = grid.index.get_level_values("country")
    for k in range(1, len(countries)):
        if countries[k] != countries[k - 1]:
            ax.axhline(k - 0.5, color="black", linewidth=1.2)
    ax.legend(handles=[Patch(color=VERDICT_COLOURS[v], label=f"{v} {VERDICT_MARKS[v]}".strip()) for v in VERDICTS],
              loc="upper center", bbox_to_anchor=(0.5, -0.02), ncol=3, fontsize=9)
    data = grid.stack().rename("verdict").reset_index().rename(columns={"level_2": "factor", "factor_label": "factor"})
    return fig, data[["country", "firm", "factor", "verdict"]]


def instrument_timeline(policy: pd.DataFrame):
    """Each instrument at its start year, one row per instrument, grouped by economy.

    Instruments without a verified start year are left out of the plot and listed in the data with
    an empty year. Returns (figure, data: country, instrument, area, start_year, start_note).
    """
    p = policy.sort_values(["country", "start_year"], kind="stable", na_position="last")
    data = p[["country", "instrument", "area", "start_year", "start_note"]].reset_index(drop=True)
    shown = data.dropna(subset=["start_year"]).reset_index(drop=True)
    fig, ax = plt.subplots(figsize=(7.0, 0.3 * len(shown) + 1.2))
    y = range(len(shown))[::-1]
    for yi, r in zip(y, shown.itertuples()):
        approx = bool(r.start_note)
        ax.plot(r.start_year, yi, marker=MARKERS[r.country], markersize=7, linestyle="none",
                color=PALETTE[r.country], markerfacecolor="white" if approx else PALETTE[r.country])
    ax.set_yticks(list(y), [textwrap.shorten(s, 48, placeholder="…") for s in shown["instrument"]], fontsize=8)
    ax.set_xlabel("start year")
    ax.grid(axis="y", visible=False)
    ax.legend(handles=[plt.Line2D([], [], marker=MARKERS[c], color=PALETTE[c], linestyle="none", label=c)
                       for c in sorted(shown["country"].unique())] +
              [plt.Line2D([], [], marker="o", color="grey", markerfacecolor="white", linestyle="none",
                          label="approximate year")],
              loc="lower right", fontsize=8)
    return fig, data
