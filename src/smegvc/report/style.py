"""The house style for figures: one palette, readable in greyscale and at the printed size, CJK-capable fonts.

**Printed size.** The PDF (``_config.yml``: 11 pt body, A4) includes every figure at the full text width
(``width="100%"``; the LaTeX text block is at least :data:`TEXT_WIDTH_PT` wide, the width
:mod:`smegvc.sphinxext.latexlayout` lays tables out to). :func:`smegvc.report.figures.publish_figure` saves the
figure's tight bounding box plus :data:`PAD_IN` on each side, so a figure whose saved width is ``w`` inches is
scaled by ``TEXT_WIDTH_IN / w`` (:func:`print_scale`). Figures are drawn :data:`FIG_WIDTH` wide with constrained
layout (saved width <= the text width, scale >= 1) and tick labels of :data:`TICK_PT`, so tick labels print at
least as large as the body text (tests/test_chart_style.py measures it on every published figure function).

**Greyscale.** Each economy has its own colour (Okabe-Ito), marker and dash pattern (:data:`MARKERS`,
:data:`LINESTYLES`), so no two lines of a chart are told apart by colour alone.
"""
from __future__ import annotations

import matplotlib as mpl
import matplotlib.font_manager as fm
import seaborn as sns

BODY_PT = 11.0                  # body text of the PDF (_config.yml latex_elements.pointsize)
TEXT_WIDTH_PT = 445.0           # the PDF's text width, in TeX points, at least (latexlayout.LINEWIDTH_PT)
TEXT_WIDTH_IN = TEXT_WIDTH_PT / 72.27
PAD_IN = 0.1                    # white margin savefig adds around the tight bounding box (savefig.pad_inches)
FIG_WIDTH = round(TEXT_WIDTH_IN - 2 * PAD_IN, 2)   # inches: the saved figure is no wider than the text
TICK_PT = BODY_PT               # tick labels, axis labels and titles
LEGEND_PT = 10.0                # legends
NOTE_PT = 9.0                   # annotations inside the axes

# Okabe-Ito colours: distinguishable for colour-blind readers; lightness differs for greyscale.
PALETTE = {
    "KOR": "#0072B2",  # blue (dark)
    "TWN": "#E69F00",  # orange (light)
    "SME": "#D55E00",  # vermillion: in greyscale darker than "large" (sky blue) by >= 15% (tested)
    "large": "#56B4E9",
    "direct": "#0072B2",
    "indirect": "#E69F00",
    "total": "#000000",
    "other": "#999999",
}
# every economy a chart may show: its own marker and dash pattern (readable without colour)
COMPARATOR_COLOURS = {"CHN": "#009E73", "JPN": "#CC79A7", "USA": "#999999", "VNM": "#D55E00"}
MARKERS = {"KOR": "o", "TWN": "s", "CHN": "^", "JPN": "D", "USA": "v", "VNM": "P"}
LINESTYLES = {"KOR": "-", "TWN": "--", "CHN": "-.", "JPN": ":", "USA": (0, (6, 1.5, 1, 1.5, 1, 1.5)),
              "VNM": (0, (9, 2.5))}
CJK_FONTS = ["Noto Sans CJK KR", "Noto Sans CJK TC", "Noto Sans CJK JP"]


def _available(names):
    have = {f.name for f in fm.fontManager.ttflist}
    return [n for n in names if n in have]


def use_house_style() -> None:
    """Apply the report's matplotlib/seaborn style (call once per notebook)."""
    sns.set_theme(context="notebook", style="whitegrid", palette=list(PALETTE.values()))
    mpl.rcParams.update({
        "figure.figsize": (FIG_WIDTH, 3.6),
        "figure.dpi": 110,
        "figure.constrained_layout.use": True,
        "savefig.dpi": 150,
        "savefig.bbox": "tight",
        "savefig.pad_inches": PAD_IN,
        "font.size": BODY_PT,
        "axes.labelsize": TICK_PT,
        "axes.titlesize": TICK_PT,
        "xtick.labelsize": TICK_PT,
        "ytick.labelsize": TICK_PT,
        "legend.fontsize": LEGEND_PT,
        "legend.title_fontsize": LEGEND_PT,
        "lines.markersize": 4.5,
        "axes.titleweight": "bold",
        "axes.spines.top": False,
        "axes.spines.right": False,
        "legend.frameon": False,
        # concrete family names (not the generic "sans-serif"): matplotlib falls back glyph by
        # glyph only along a list of named families, so Korean and Chinese labels need this
        "font.family": ["DejaVu Sans", *_available(CJK_FONTS)],
        "font.sans-serif": ["DejaVu Sans", *_available(CJK_FONTS)],
    })


def saved_width_in(fig) -> float:
    """Width in inches of the image :func:`smegvc.report.figures.publish_figure` saves: the tight bounding box
    of everything drawn, plus :data:`PAD_IN` on each side."""
    fig.canvas.draw()
    return fig.get_tightbbox(fig.canvas.get_renderer()).width + 2 * PAD_IN


def print_scale(fig, width: float = 1.0) -> float:
    """The factor the PDF scales ``fig`` by when it is included at ``width`` (a fraction) of the text width."""
    return width * TEXT_WIDTH_IN / saved_width_in(fig)


def tick_label_sizes(fig) -> list[float]:
    """Font sizes (points, as drawn) of every visible, non-empty tick label of ``fig``."""
    fig.canvas.draw()
    out = []
    for ax in fig.axes:
        for t in ax.get_xticklabels() + ax.get_yticklabels():
            if t.get_visible() and t.get_text().strip():
                out.append(float(t.get_fontsize()))
    return out
