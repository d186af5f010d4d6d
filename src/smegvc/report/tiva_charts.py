"""Figures with OECD TiVA 2025 data. Each function takes a frame from :mod:`smegvc.report.tiva_views` and
returns (figure, the data it plots); publish with :func:`smegvc.report.figures.show_figure`.

Every figure marks the source change: a grey band after 2014 ("WIOD tables end (2014)": TiVA only), WIOD series
drawn solid with markers, TiVA series dashed (KOR, TWN) or thin (comparators), never joined.

    wiod_tiva_validation(data)     domestic value-added share of gross exports, WIOD vs TiVA, 3 panels
    electronics_to_2022(shares)    C26: domestic value-added share (6 economies) and intermediate share
    electronics_levels(levels)     C26: domestic and foreign value added in exports, KOR and TWN (USD bn)
"""
from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd

from smegvc.report.style import MARKERS, PALETTE
from smegvc.report.tiva_views import ACTIVITY_LABELS, TIVA, TIVA_ECONOMIES, WIOD
from smegvc.scope import ECONOMIES, LAST_YEAR, name

COLOURS = {"KOR": PALETTE["KOR"], "TWN": PALETTE["TWN"], "CHN": "#009E73", "JPN": "#CC79A7", "USA": "#999999",
           "VNM": "#D55E00"}
WIOD_LABEL = "WIOD 2016"
TIVA_LABEL = "TiVA 2025"
SOURCE_NOTE = "WIOD tables end (2014)"


def _source_change(ax, note: bool = True):
    """Shade the years after the WIOD tables end (TiVA only) and label the change of source."""
    ax.axvspan(LAST_YEAR + 0.5, 2022.6, color="0.92", zorder=0, linewidth=0)
    ax.axvline(LAST_YEAR + 0.5, color="0.35", linestyle=":", linewidth=1)
    if note:
        ax.annotate(SOURCE_NOTE, (LAST_YEAR + 0.5, 0.03), xycoords=("data", "axes fraction"), xytext=(-2, 0),
                    textcoords="offset points", ha="right", va="bottom", fontsize=6.5, color="0.3", rotation=90)


def _ticks(ax, lo=1995, hi=2022):
    ax.set_xticks([1995, 2000, 2005, 2010, 2014, 2018, 2022])
    ax.set_xlim(lo - 0.5, hi + 0.6)
    ax.tick_params(axis="x", labelsize=7)


def wiod_tiva_validation(data: pd.DataFrame):
    """Three panels (all activities, manufacturing, C26): KOR and TWN domestic value-added share of gross
    exports, WIOD 2016 (solid, 2000-2014) and TiVA 2025 (dashed, 1995-2022). ``data``:
    :func:`smegvc.report.tiva_views.comparison_figure_data`."""
    fig, axes = plt.subplots(1, 3, figsize=(7.4, 3.4), sharey=True)
    for ax, (act, title) in zip(axes, ACTIVITY_LABELS.items()):
        for c in ECONOMIES:
            w = data[(data.source == WIOD) & (data.activity == act) & (data.economy == c)]
            t = data[(data.source == TIVA) & (data.activity == act) & (data.economy == c)]
            ax.plot(w.year, w.value, color=COLOURS[c], linestyle="-", marker=MARKERS[c], markersize=3,
                    linewidth=1.8, label=f"{name(c)}, {WIOD_LABEL}")
            ax.plot(t.year, t.value, color=COLOURS[c], linestyle="--", linewidth=1.3,
                    label=f"{name(c)}, {TIVA_LABEL}")
        ax.set_title(title.replace(" (C26)", "\n(C26)"), fontsize=9)
        _source_change(ax, note=act == "_T")
        _ticks(ax)
    axes[0].set_ylabel("percent of gross exports")
    axes[0].set_ylim(30, 90)
    h, lab = axes[0].get_legend_handles_labels()
    fig.legend(h, lab, loc="lower center", ncol=4, fontsize=7.5, bbox_to_anchor=(0.5, -0.08))
    return fig, data


def electronics_to_2022(shares: pd.DataFrame):
    """Two panels on C26 exports: domestic value-added share (TiVA, six economies, 1995-2022; WIOD for KOR
    and TWN 2000-2014, separate solid lines) and the intermediate share of gross exports (TiVA).
    ``shares``: :func:`smegvc.report.tiva_views.electronics_shares`."""
    fig, axes = plt.subplots(1, 2, figsize=(7.4, 3.6), sharey=False)
    for ax, meas, title in zip(axes, ("domestic value added", "intermediate exports"),
                               ("Domestic value added", "Intermediate goods")):
        for c in TIVA_ECONOMIES:
            main = c in ECONOMIES
            t = shares[(shares.source == TIVA) & (shares.measure == meas) & (shares.economy == c)]
            ax.plot(t.year, t.value, color=COLOURS[c], linestyle="--" if main else "-",
                    linewidth=1.8 if main else 1.0, label=f"{name(c)}, {TIVA_LABEL}")
            w = shares[(shares.source == WIOD) & (shares.measure == meas) & (shares.economy == c)]
            if len(w):
                ax.plot(w.year, w.value, color=COLOURS[c], linestyle="-", marker=MARKERS[c], markersize=3,
                        linewidth=1.8, label=f"{name(c)}, {WIOD_LABEL}")
        ax.set_title(title, fontsize=9)
        _source_change(ax, note=meas == "domestic value added")
        _ticks(ax)
        ax.set_ylim(0, 100)
    axes[0].set_ylabel("percent of C26 gross exports")
    h, lab = axes[0].get_legend_handles_labels()
    fig.legend(h, lab, loc="lower center", ncol=4, fontsize=7.5, bbox_to_anchor=(0.5, -0.14))
    return fig, shares


def electronics_levels(levels: pd.DataFrame):
    """Two panels (Korea, Taiwan): domestic and foreign value added in C26 gross exports, USD billion
    (TiVA). ``levels``: :func:`smegvc.report.tiva_views.electronics_levels`."""
    fig, axes = plt.subplots(1, 2, figsize=(7.2, 3.2), sharey=True)
    for ax, c in zip(axes, ECONOMIES):
        for meas, ls in (("domestic value added", "-"), ("foreign value added", "--")):
            d = levels[(levels.economy == c) & (levels.measure == meas)]
            ax.plot(d.year, d.value, color=COLOURS[c], linestyle=ls, linewidth=1.8,
                    marker=MARKERS[c] if meas.startswith("domestic") else None, markersize=2.5,
                    label=meas.capitalize())
        ax.set_title(f"{name(c)} ({TIVA_LABEL})", fontsize=10)
        _source_change(ax, note=c == ECONOMIES[0])
        _ticks(ax)
        ax.legend(fontsize=8, loc="upper left")
    axes[0].set_ylabel("USD billion, current prices")
    axes[0].set_ylim(0, None)
    return fig, levels
