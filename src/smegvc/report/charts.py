"""Figures of the quantitative chapters. Each function takes frames from the chapter modules
(:mod:`smegvc.report.headline`, :mod:`~smegvc.report.direct`, :mod:`~smegvc.report.why`, :mod:`~smegvc.report.phone`)
and returns (figure, the data it plots); publish them with :func:`smegvc.report.figures.show_figure`.

    headline_by_economy(series)            direct / indirect / total, one panel per economy (summary)
    channels_by_economy(series, cons)      one panel per channel, KOR vs TWN, + Korea's consistent definition
    published_direct(pub, model, oecd)     published SME direct export shares with definition breaks
    gross_view(sourcing, kita)             SME output induced by large exporters; SME share of export inputs
    export_mix_bars(mix)                   export composition by industry group
    large_firm_shares(structure)           large-firm share of output and exports
    sda_bars(sda)                          structural decomposition of the change in the indirect share
    va_content(va)                         domestic and imported content of C26 / C27 exports
    china_links(china, china_va)           China in electronics intermediate exports and in foreign VA
    participation(part)                    backward and forward participation of electrical and optical equipment
"""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from smegvc.report.query import CHANNEL_LABELS, CHANNELS
from smegvc.report.style import (COMPARATOR_COLOURS, FIG_WIDTH, LEGEND_PT, LINESTYLES, MARKERS, NOTE_PT,
                                 PALETTE)
from smegvc.scope import ECONOMIES, FIRST_YEAR, LAST_YEAR, PRE_BREAK, name

BAND_ALPHA = 0.18
BREAK_X = PRE_BREAK + 0.5
# Okabe-Ito, for up to eight categories (export groups)
CATEGORICAL = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#F0E442", "#999999"]
# each channel its own dash pattern and marker (greyscale), total drawn heavier
CHANNEL_STYLE = {"direct": "--", "indirect": ":", "total": "-"}
CHANNEL_MARKER = {"direct": "o", "indirect": "s", "total": "D"}
CHANNEL_WIDTH = {"direct": 1.6, "indirect": 1.8, "total": 2.4}
YLABEL_DVA = "percent of the domestic\nvalue added in exports"
YEAR_TICKS = [*range(FIRST_YEAR, LAST_YEAR, 5), LAST_YEAR]   # 2000, 2005, 2010, 2014


def _break_line(ax, label: str | None = "Korea: SME definition changes", y=0.97):
    ax.axvline(BREAK_X, color="0.35", linestyle=":", linewidth=1)
    if label:
        ax.annotate(label, (BREAK_X, y), xycoords=("data", "axes fraction"), xytext=(-3, 0),
                    textcoords="offset points", ha="right", va="top", fontsize=NOTE_PT, color="0.3")


def _years(ax, years):
    lo, hi = int(min(years)), int(max(years))
    step = 2 if hi - lo <= 16 else 5
    ticks = [y for y in range(lo, hi + 1) if (y - lo) % step == 0]
    ax.set_xticks(ticks)
    ax.set_xlim(lo - 0.5, hi + 0.5)


def headline_by_economy(series: pd.DataFrame):
    """Two panels (Korea, Taiwan): the direct, indirect and total SME shares of exported domestic value
    added with their 5-95% bands. ``series``: :func:`smegvc.report.summary.headline_series` (a ``scenario``
    column: each economy's main scenario, and Korea's total under the definition in force, scenario "central",
    drawn as a grey labelled variant) or :func:`smegvc.report.headline.headline_series` (one scenario)."""
    if "scenario" not in series:
        series = series.assign(scenario="central")
    fig, axes = plt.subplots(1, 2, figsize=(FIG_WIDTH, 3.8), sharey=True, layout="constrained")
    for ax, c in zip(axes, ECONOMIES):
        d_c = series[series.country == c]
        main = "kor_consistent_definition" if (d_c.scenario == "kor_consistent_definition").any() else "central"
        for ch in CHANNELS:
            d = d_c[(d_c.channel == ch) & (d_c.scenario == main)]
            ax.fill_between(d.year, d.low, d.high, color=PALETTE[ch], alpha=BAND_ALPHA, linewidth=0)
            ax.plot(d.year, d.value, color=PALETTE[ch], linestyle=CHANNEL_STYLE[ch], linewidth=CHANNEL_WIDTH[ch],
                    marker=CHANNEL_MARKER[ch], markersize=4, label=CHANNEL_LABELS[ch])
        if main != "central":
            v = d_c[(d_c.channel == "total") & (d_c.scenario == "central")]
            ax.plot(v.year, v.value, color="0.45", linestyle="-.", linewidth=1.4, marker="x", markersize=4,
                    label="Korea, total, SME definition in force")
        ax.set_title(name(c) + (" (consistent definition)" if main != "central" else ""))
        _years(ax, series.year)
        ax.set_xticks(YEAR_TICKS)
        if c == "KOR":
            _break_line(ax, "definition\nchanges", y=0.25)
    axes[0].set_ylabel(YLABEL_DVA)
    axes[0].set_ylim(0, None)
    handles, labels = [], []
    for ax in axes:
        for h, lab in zip(*ax.get_legend_handles_labels()):
            if lab not in labels:
                handles.append(h)
                labels.append(lab)
    fig.legend(handles, labels, loc="outside lower center", ncol=2)
    return fig, series


def channels_by_economy(series: pd.DataFrame, consistent: pd.DataFrame):
    """Three panels (direct, indirect, total): Korea and Taiwan with 5-95% bands, and Korea with its
    pre-2011 SME coverage kept throughout (dotted). Data: both frames with a ``scenario`` column."""
    fig, axes = plt.subplots(1, 3, figsize=(FIG_WIDTH, 3.6), sharey=True, layout="constrained")
    for ax, ch in zip(axes, CHANNELS):
        for c in ECONOMIES:
            d = series[(series.country == c) & (series.channel == ch)]
            ax.fill_between(d.year, d.low, d.high, color=PALETTE[c], alpha=BAND_ALPHA, linewidth=0)
            ax.plot(d.year, d.value, color=PALETTE[c], linestyle=LINESTYLES[c], linewidth=1.8, marker=MARKERS[c],
                    markersize=3.5, label=name(c))
        k = consistent[(consistent.country == "KOR") & (consistent.channel == ch)]
        ax.plot(k.year, k.value, color=PALETTE["KOR"], linestyle=":", linewidth=1.8, marker="^", markersize=3.5,
                markerfacecolor="white", label="Korea, pre-2011 SME definition")
        ax.set_title(CHANNEL_LABELS[ch].split(" (")[0])
        _years(ax, series.year)
        ax.set_xticks([FIRST_YEAR, FIRST_YEAR + 7, LAST_YEAR])
        _break_line(ax, None)
    axes[0].set_ylabel(YLABEL_DVA)
    axes[0].set_ylim(0, None)
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside lower center", ncol=3)
    data = pd.concat([series.assign(scenario="central"), consistent.assign(scenario="kor_consistent_definition")],
                     ignore_index=True)
    return fig, data


_PUB_STYLE = {
    "KOR: SMEs, before 2011": dict(color=PALETTE["KOR"], marker="o", mfc=PALETTE["KOR"]),
    "KOR: SMEs, from 2011": dict(color=PALETTE["KOR"], marker="o", mfc="white"),
    "KOR: SMEs + mid-sized firms": dict(color=PALETTE["KOR"], marker="^", mfc="white"),
    "KOR: firms < 250 employees": dict(color=PALETTE["KOR"], marker="D", mfc="white"),
    "KOR: definition not stated": dict(color=PALETTE["KOR"], marker="x", mfc=PALETTE["KOR"]),
    "TWN: SMEs (zero-rated VAT sales)": dict(color=PALETTE["TWN"], marker="s", mfc=PALETTE["TWN"]),
    "TWN: SMEs, 2020 Standards": dict(color=PALETTE["TWN"], marker="s", mfc="white"),
}


def same_source_runs(d: pd.DataFrame, source: str = "url") -> list[pd.DataFrame]:
    """Runs of published figures a line may join: rows of one publication (same ``source``) in consecutive
    years, sorted by year, each of at least two rows. Figures from different publications, or years apart,
    are never joined (they are shown as markers only)."""
    runs = []
    for _, g in d.sort_values("year").groupby(source, sort=False):
        g = g.drop_duplicates("year")
        if len(g) < 2:
            continue
        brk = (g.year.diff() > 1).cumsum()
        runs += [r for _, r in g.groupby(brk) if len(r) >= 2]
    return runs


def published_direct(pub: pd.DataFrame, model: pd.DataFrame, oecd: dict):
    """Published SME shares of exports by comparable series (markers; a line joins only figures of one
    publication in consecutive years, see :func:`same_source_runs`), the engine's calibrated direct share (thick
    pale lines, 2000-2014: Korea goods, Taiwan all exports), the OECD average share of firms with fewer than 250
    employees, and the definition breaks."""
    fig, ax = plt.subplots(figsize=(FIG_WIDTH, 6.4), layout="constrained")
    for series, st in _PUB_STYLE.items():
        d = pub[pub.series == series]
        if d.empty:
            continue
        for run in same_source_runs(d):   # unlabelled: the marker series below carries the legend entry
            ax.plot(run.year, run.value, color=st["color"], linestyle="-", linewidth=1.0, marker=st["marker"],
                    markerfacecolor=st["mfc"], markersize=6, label="_" + series)
        ax.plot(d.year, d.value, color=st["color"], marker=st["marker"], markerfacecolor=st["mfc"],
                linestyle="none", markersize=6, label=series)
    shown = {"KOR": "goods", "TWN": "all"}
    mdata = []
    for c, scope in shown.items():
        m = model[(model.country == c) & (model.scope == scope)]
        mdata.append(m)
        ax.plot(m.year, m.value, color=PALETTE[c], linestyle=LINESTYLES[c], linewidth=3.5, alpha=0.35,
                marker="|", markersize=9, markeredgewidth=1.5, label=f"{c}: model, calibrated ({'goods' if scope == 'goods' else 'all'} exports)")
    ax.plot([oecd["year"]], [oecd["oecd"]], marker="*", markersize=12, color="black", linestyle="none",
            label=f"OECD average ({oecd['oecd_countries']} countries), firms < 250 employees")
    ax.axvline(BREAK_X, color="0.35", linestyle=":", linewidth=1)
    ax.annotate("Korea: mid-sized firms\nleave the SME count", (BREAK_X, 0.03), xycoords=("data", "axes fraction"),
                xytext=(-3, 0), textcoords="offset points", ha="right", va="bottom", fontsize=NOTE_PT, color="0.3")
    ax.axvline(2019.5, color="0.35", linestyle=":", linewidth=1)
    ax.annotate("Taiwan: 2020\nStandards", (2019.5, 0.03), xycoords=("data", "axes fraction"), xytext=(3, 0),
                textcoords="offset points", ha="left", va="bottom", fontsize=NOTE_PT, color="0.3")
    ax.set_ylabel("percent of exports")
    ax.set_ylim(0, None)
    fig.legend(*ax.get_legend_handles_labels(), loc="outside lower center", ncol=1, fontsize=LEGEND_PT - 1)
    data = pd.concat([pub.assign(kind="published")[["kind", "country", "year", "series", "value"]],
                      pd.concat(mdata).assign(kind="model", series=lambda d: d.scope + " exports")[
                          ["kind", "country", "year", "series", "value"]],
                      pd.DataFrame([{"kind": "published", "country": "OECD", "year": oecd["year"],
                                     "series": "OECD average, firms < 250 employees", "value": oecd["oecd"]}])],
                     ignore_index=True)
    return fig, data


def gross_view(sourcing: pd.DataFrame, kita: dict):
    """Two panels: (a) SME output per dollar of large-firm exports, first round and all rounds; (b) the SME
    share of domestic inputs into exports with its 5-95% band and KITA's published figure for Korea.
    ``kita``: dict year, value (percent)."""
    fig, axes = plt.subplots(1, 2, figsize=(FIG_WIDTH, 4.2), layout="constrained")
    ax = axes[0]
    for c in ECONOMIES:
        for meas, ls in (("all_rounds", "-"), ("first_round", "--")):
            d = sourcing[(sourcing.country == c) & (sourcing.measure == meas)]
            ax.plot(d.year, d.value, color=PALETTE[c], linestyle=ls, marker=MARKERS[c], markersize=3,
                    label=f"{name(c)}, {'all rounds' if meas == 'all_rounds' else 'first round'}")
    ax.set_title("(a) SME output per dollar\nof large-firm exports")
    ax.set_ylabel("cents per dollar")
    ax.set_ylim(0, 1.45 * sourcing[sourcing.measure == "all_rounds"].value.max())
    ax.legend(fontsize=LEGEND_PT - 1.5, loc="upper left", ncol=1)
    ax = axes[1]
    for c in ECONOMIES:
        d = sourcing[(sourcing.country == c) & (sourcing.measure == "domestic_inputs")]
        ax.fill_between(d.year, d.low, d.high, color=PALETTE[c], alpha=BAND_ALPHA, linewidth=0)
        ax.plot(d.year, d.value, color=PALETTE[c], linestyle=LINESTYLES[c], marker=MARKERS[c], markersize=3,
                label=name(c))
    ax.plot([kita["year"]], [kita["value"]], marker="*", markersize=11, color="black", linestyle="none",
            label=f"KITA, Korea {kita['year']}")
    ax.set_title("(b) SME share of domestic\ninputs into exports")
    ax.set_ylabel("percent")
    ax.legend(fontsize=LEGEND_PT - 1.5, loc="lower right")
    axes[1].set_ylim(0, None)
    for ax in axes:
        ax.set_xticks(range(FIRST_YEAR, LAST_YEAR + 2, 5))   # to 2015: KITA's published point
        _break_line(ax, None)
    data = pd.concat([sourcing, pd.DataFrame([{"country": "KOR", "year": kita["year"], "measure": "kita_published",
                                               "value": kita["value"]}])], ignore_index=True)
    return fig, data


def export_mix_bars(mix: pd.DataFrame):
    """Horizontal stacked bars: the composition of gross exports by industry group, per economy and year."""
    groups = list(mix.group.cat.categories)
    keys = [(c, y) for c in ECONOMIES for y in sorted(mix.year.unique())]
    fig, ax = plt.subplots(figsize=(FIG_WIDTH, 0.45 * len(keys) + 2.2), layout="constrained")
    ypos = np.arange(len(keys))[::-1]
    left = np.zeros(len(keys))
    for g, colour in zip(groups, CATEGORICAL):
        vals = np.array([mix[(mix.country == c) & (mix.year == y) & (mix.group == g)].share.sum() for c, y in keys])
        ax.barh(ypos, vals, left=left, color=colour, edgecolor="white", linewidth=0.6, label=g)
        for yp, l, v in zip(ypos, left, vals):
            if v >= 6:
                ax.text(l + v / 2, yp, f"{v:.0f}", ha="center", va="center", fontsize=NOTE_PT,
                        color="white" if colour in ("#0072B2", "#D55E00", "#009E73", "#999999") else "black")
        left += vals
    ax.set_yticks(ypos, [f"{name(c)} {y}" for c, y in keys])
    ax.set_xlim(0, 100)
    ax.set_xlabel("percent of gross exports")
    ax.grid(axis="y", visible=False)
    fig.legend(*ax.get_legend_handles_labels(), loc="outside lower center", ncol=2, fontsize=LEGEND_PT - 1)
    return fig, mix


def large_firm_shares(structure: pd.DataFrame):
    """Large-firm share of gross output and of gross exports (central shares), Korea and Taiwan."""
    fig, axes = plt.subplots(1, 2, figsize=(FIG_WIDTH, 3.4), sharey=True, layout="constrained")
    for ax, (col, title) in zip(axes, (("large_share_output", "of gross output"),
                                       ("large_share_exports", "of gross exports"))):
        for c in ECONOMIES:
            d = structure[structure.country == c]
            ax.plot(d.year, d[col], color=PALETTE[c], linestyle=LINESTYLES[c], marker=MARKERS[c], markersize=3,
                    label=name(c))
        ax.set_title(f"Large-firm share\n{title}")
        ax.set_xticks(YEAR_TICKS)
        _break_line(ax, None)
    axes[0].set_ylabel("percent")
    axes[0].set_ylim(0, 100)
    axes[0].legend(loc="lower left")
    return fig, structure[["country", "year", "large_share_output", "large_share_exports"]]


SDA_COLOURS = {"export mix": "#0072B2", "input structure": "#E69F00", "firm-size shares": "#009E73"}


def sda_bars(sda: pd.DataFrame):
    """Grouped bars of the Shapley parts of the change in the SME indirect share (percentage points), one
    group per economy, period and definition; a black marker shows the total change."""
    d = sda.reset_index()
    d = d[d.method != "polar average"].reset_index(drop=True)
    labels = [f"{name(r.economy)} {r.period}" + (", pre-2011 def." if "pre-2011" in r.method else "")
              for r in d.itertuples()]
    fig, ax = plt.subplots(figsize=(FIG_WIDTH, 0.5 * len(d) + 1.8), layout="constrained")
    y = np.arange(len(d))[::-1]
    h = 0.25
    for k, (part, colour) in enumerate(SDA_COLOURS.items()):
        ax.barh(y + (1 - k) * h, d[part], height=h, color=colour, label=part)
    ax.plot(d["total change"], y, marker="D", color="black", linestyle="none", markersize=5, label="total change")
    ax.axvline(0, color="black", linewidth=0.8)
    ax.set_yticks(y, labels)
    ax.set_xlabel("percentage points of the domestic\nvalue added in exports")
    ax.grid(axis="y", visible=False)
    fig.legend(*ax.get_legend_handles_labels(), loc="outside lower center", ncol=2)
    return fig, d


def va_content(va: pd.DataFrame):
    """Two panels (C26, C27): domestic value added and imported inputs as percent of the industry's gross
    exports, Korea and Taiwan."""
    inds = list(dict.fromkeys(va.industry))
    names = {"C26": "Computer, electronic,\noptical (C26)", "C27": "Electrical\nequipment (C27)"}
    fig, axes = plt.subplots(1, len(inds), figsize=(FIG_WIDTH, 3.8), sharey=True, layout="constrained")
    axes = np.atleast_1d(axes)
    for ax, ind in zip(axes, inds):
        for c in ECONOMIES:
            for meas, ls in (("domestic value added", "-"), ("imported inputs", "--")):
                d = va[(va.country == c) & (va.industry == ind) & (va.measure == meas)]
                ax.plot(d.year, d.value, color=PALETTE[c], linestyle=ls, marker=MARKERS[c], markersize=3,
                        label=f"{name(c)}, {meas}")
        ax.set_title(names.get(ind, ind))
        ax.set_xticks(YEAR_TICKS)
    axes[0].set_ylabel("percent of the industry's\ngross exports")
    axes[0].set_ylim(0, 100)
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside lower center", ncol=2)
    return fig, va


def china_links(china: pd.DataFrame, china_va: pd.DataFrame):
    """China's share of each economy's electrical and optical intermediate exports (solid) and of the
    foreign value added in its electrical and optical exports (dashed), WIOD 2013."""
    fig, ax = plt.subplots(figsize=(FIG_WIDTH, 4.4), layout="constrained")
    for c in ECONOMIES:
        d = china[china.country == c]
        ax.plot(d.year, d.value, color=PALETTE[c], linestyle="-", marker=MARKERS[c], markersize=4,
                label=f"{name(c)}: China's share of intermediate exports")
        v = china_va[china_va.country == c]
        ax.plot(v.year, v.value, color=PALETTE[c], linestyle="--", marker=MARKERS[c], markersize=4,
                markerfacecolor="white", label=f"{name(c)}: China's share of foreign value added")
    ax.set_ylabel("percent")
    ax.set_ylim(0, None)
    _years(ax, china.year)
    fig.legend(*ax.get_legend_handles_labels(), loc="outside lower center", ncol=1, fontsize=LEGEND_PT - 1)
    data = pd.concat([china.assign(measure="china_share_of_c14_intermediate_exports"),
                      china_va.assign(measure="china_share_of_foreign_va_in_c14_exports")], ignore_index=True)
    return fig, data


def participation(part: pd.DataFrame):
    """Backward and forward participation (percent of gross exports) of each economy's electrical and
    optical equipment (WIOD 2013); Korea and Taiwan bold, China, Japan and the United States thin."""
    fig, axes = plt.subplots(1, 2, figsize=(FIG_WIDTH, 3.8), sharey=True, layout="constrained")
    for ax, meas in zip(axes, ("backward", "forward")):
        for c in part.country.unique():
            d = part[(part.country == c) & (part.measure == meas)]
            main = c in ECONOMIES
            ax.plot(d.year, d.value, color=PALETTE[c] if main else COMPARATOR_COLOURS.get(c, "0.5"),
                    linestyle=LINESTYLES[c], linewidth=2.0 if main else 1.3, marker=MARKERS[c],
                    markersize=4 if main else 3.5, markerfacecolor=None if main else "white", label=name(c))
        ax.set_title(f"{meas.capitalize()} participation")
        _years(ax, part.year)
        ax.set_xticks(range(int(part.year.min()), int(part.year.max()) + 1, 5))
    axes[0].set_ylabel("percent of gross exports")
    axes[0].set_ylim(0, None)
    fig.legend(*axes[0].get_legend_handles_labels(), loc="outside lower center", ncol=5)
    return fig, part


__all__ = ["headline_by_economy", "headline_bars", "channels_by_economy", "published_direct", "gross_view", "export_mix_bars",
           "large_firm_shares", "sda_bars", "va_content", "china_links", "participation"]


def headline_bars(nums: dict, year: int, korea: str = "kor"):
    """The executive summary's chart: SMEs' share of the domestic value added in exports in ``year``, all
    channels and the indirect channel, Korea and Taiwan, each with its interval (``nums``: percent, keys
    ``<channel>_<iso>_<year>`` with ``_low``/``_high``; Korea's keys use ``korea`` for ``<iso>``: "kor_cons" for
    the consistent definition). Drawn at the printed width (:data:`smegvc.report.style.FIG_WIDTH`)."""
    fig, ax = plt.subplots(figsize=(FIG_WIDTH, 2.0), layout="constrained")
    rows = [(ch, c) for ch in ("total", "indirect") for c in ECONOMIES]
    data = []
    for i, (ch, c) in enumerate(rows):
        k = f"{ch}_{korea if c == 'KOR' else c.lower()}_{year}"
        v, lo, hi = nums[k], nums[f"{k}_low"], nums[f"{k}_high"]
        y = len(rows) - 1 - i
        ax.barh(y, v, color=PALETTE[c], hatch=None if c == "KOR" else "//", edgecolor="white", height=0.62)
        ax.errorbar(v, y, xerr=[[v - lo], [hi - v]], color="black", capsize=4, linewidth=1.2)
        ax.text(hi + 0.8, y, f"{v:.1f}%", va="center", fontsize=11)
        data.append({"channel": ch, "country": c, "year": year, "value": v, "low": lo, "high": hi,
                     "scenario": "kor_consistent_definition" if c == "KOR" and korea == "kor_cons" else "central"})
    labels = [f"{name(c)}: {'all channels' if ch == 'total' else 'indirect'}" for ch, c in rows]
    ax.set_yticks(range(len(rows) - 1, -1, -1), labels)
    ax.set_xlabel("percent of the domestic value added in exports")
    ax.set_xlim(0, max(d["high"] for d in data) * 1.18)
    ax.grid(axis="y", visible=False)
    return fig, pd.DataFrame(data)
