"""Figures with OECD TiVA 2025 data. Each function takes a frame from :mod:`smegvc.report.tiva_views` and
returns (figure, the data it plots); publish with :func:`smegvc.report.figures.show_figure`.

Every figure marks the source change: a grey band after 2014 ("WIOD tables end (2014)": TiVA only), WIOD series
drawn solid with filled markers, TiVA series with open markers and each economy's own dash pattern
(:data:`TIVA_DASH`), never joined: no two lines of a panel share a dash pattern and marker (greyscale).

    wiod_tiva_validation(data)     domestic value-added share of gross exports, WIOD vs TiVA, 3 panels
    electronics_to_2022(shares)    C26: domestic value-added share (6 economies) and intermediate share
    electronics_levels(levels)     C26: domestic and foreign value added in exports, KOR and TWN (USD bn)
"""
from __future__ import annotations

import textwrap

import matplotlib.pyplot as plt
import pandas as pd

from smegvc.report.style import COMPARATOR_COLOURS, FIG_WIDTH, MARKERS, NOTE_PT, PALETTE
from smegvc.report.tiva_views import ACTIVITY_LABELS, TIVA, TIVA_ECONOMIES, WIOD
from smegvc.scope import ECONOMIES, LAST_YEAR, name

COLOURS = {"KOR": PALETTE["KOR"], "TWN": PALETTE["TWN"], **COMPARATOR_COLOURS}
# TiVA lines: each economy its own dash pattern, none solid (solid = WIOD)
TIVA_DASH = {"KOR": (0, (5, 2)), "TWN": (0, (1, 1.5)), "CHN": "-.", "JPN": (0, (3, 1, 1, 1, 1, 1)),
             "USA": (0, (8, 2, 1, 2)), "VNM": (0, (10, 3))}
MARK_EVERY = 4   # a marker every fourth year on the yearly TiVA lines
WIOD_LABEL = "WIOD 2016"
TIVA_LABEL = "TiVA 2025"
SOURCE_NOTE = "WIOD tables end (2014)"


def _source_change(ax, note: bool = True):
    """Shade the years after the WIOD tables end (TiVA only) and label the change of source."""
    ax.axvspan(LAST_YEAR + 0.5, 2022.6, color="0.92", zorder=0, linewidth=0)
    ax.axvline(LAST_YEAR + 0.5, color="0.35", linestyle=":", linewidth=1)
    if note:
        ax.annotate(SOURCE_NOTE, (LAST_YEAR + 0.5, 0.03), xycoords=("data", "axes fraction"), xytext=(-2, 0),
                    textcoords="offset points", ha="right", va="bottom", fontsize=NOTE_PT - 1, color="0.3", rotation=90)


def _ticks(ax, lo=1995, hi=2022, ticks=(1995, 2005, LAST_YEAR, 2022)):
    ax.set_xticks(list(ticks))
    ax.set_xlim(lo - 0.5, hi + 0.6)


def wiod_tiva_validation(data: pd.DataFrame):
    """Three panels (all activities, manufacturing, C26): KOR and TWN domestic value-added share of gross
    exports, WIOD 2016 (solid, 2000-2014) and TiVA 2025 (dashed, 1995-2022). ``data``:
    :func:`smegvc.report.tiva_views.comparison_figure_data`."""
    fig, axes = plt.subplots(1, 3, figsize=(FIG_WIDTH, 4.0), sharey=True, layout="constrained")
    for ax, (act, title) in zip(axes, ACTIVITY_LABELS.items()):
        for c in ECONOMIES:
            w = data[(data.source == WIOD) & (data.activity == act) & (data.economy == c)]
            t = data[(data.source == TIVA) & (data.activity == act) & (data.economy == c)]
            ax.plot(w.year, w.value, color=COLOURS[c], linestyle="-", marker=MARKERS[c], markersize=3.5,
                    linewidth=1.8, label=f"{name(c)}, {WIOD_LABEL}")
            ax.plot(t.year, t.value, color=COLOURS[c], linestyle=TIVA_DASH[c], linewidth=1.4, marker=MARKERS[c],
                    markersize=4, markerfacecolor="white", markevery=MARK_EVERY, label=f"{name(c)}, {TIVA_LABEL}")
        ax.set_title(textwrap.fill(title, 17))
        _source_change(ax, note=act == "_T")
        _ticks(ax, ticks=(1995, 2005, LAST_YEAR))   # three narrow panels: no room for a fourth label
    axes[0].set_ylabel("percent of gross exports")
    axes[0].set_ylim(30, 90)
    h, lab = axes[0].get_legend_handles_labels()
    fig.legend(h, lab, loc="outside lower center", ncol=2)
    return fig, data


def electronics_to_2022(shares: pd.DataFrame):
    """Two panels on C26 exports: domestic value-added share (TiVA, six economies, 1995-2022; WIOD for KOR
    and TWN 2000-2014, separate solid lines) and the intermediate share of gross exports (TiVA).
    ``shares``: :func:`smegvc.report.tiva_views.electronics_shares`."""
    fig, axes = plt.subplots(1, 2, figsize=(FIG_WIDTH, 4.8), sharey=False, layout="constrained")
    for ax, meas, title in zip(axes, ("domestic value added", "intermediate exports"),
                               ("Domestic value added", "Intermediate goods")):
        for c in TIVA_ECONOMIES:
            main = c in ECONOMIES
            t = shares[(shares.source == TIVA) & (shares.measure == meas) & (shares.economy == c)]
            ax.plot(t.year, t.value, color=COLOURS[c], linestyle=TIVA_DASH[c], linewidth=1.8 if main else 1.2,
                    marker=MARKERS[c], markersize=4, markerfacecolor="white", markevery=MARK_EVERY,
                    label=f"{name(c)}, {TIVA_LABEL}")
            w = shares[(shares.source == WIOD) & (shares.measure == meas) & (shares.economy == c)]
            if len(w):
                ax.plot(w.year, w.value, color=COLOURS[c], linestyle="-", marker=MARKERS[c], markersize=3.5,
                        linewidth=1.8, label=f"{name(c)}, {WIOD_LABEL}")
        ax.set_title(title)
        _source_change(ax, note=meas == "domestic value added")
        _ticks(ax)
        ax.set_ylim(0, 100)
    axes[0].set_ylabel("percent of C26 gross exports")
    h, lab = axes[0].get_legend_handles_labels()
    fig.legend(h, lab, loc="outside lower center", ncol=2)
    return fig, shares


def electronics_levels(levels: pd.DataFrame):
    """Two panels (Korea, Taiwan): domestic and foreign value added in C26 gross exports, USD billion
    (TiVA). ``levels``: :func:`smegvc.report.tiva_views.electronics_levels`."""
    fig, axes = plt.subplots(1, 2, figsize=(FIG_WIDTH, 3.6), sharey=True, layout="constrained")
    for ax, c in zip(axes, ECONOMIES):
        for meas, ls in (("domestic value added", "-"), ("foreign value added", "--")):
            d = levels[(levels.economy == c) & (levels.measure == meas)]
            dom = meas.startswith("domestic")
            ax.plot(d.year, d.value, color=COLOURS[c], linestyle=ls, linewidth=1.8, marker=MARKERS[c],
                    markersize=4, markerfacecolor=None if dom else "white", markevery=MARK_EVERY,
                    label=meas.capitalize())
        ax.set_title(f"{name(c)} ({TIVA_LABEL})")
        _source_change(ax, note=c == ECONOMIES[0])
        _ticks(ax)
        ax.legend(loc="upper left")
    axes[0].set_ylabel("USD billion, current prices")
    axes[0].set_ylim(0, None)
    return fig, levels
