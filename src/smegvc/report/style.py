"""The house style for figures: one palette, readable in greyscale, CJK-capable fonts."""
from __future__ import annotations

import matplotlib as mpl
import matplotlib.font_manager as fm
import seaborn as sns

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
MARKERS = {"KOR": "o", "TWN": "s"}
LINESTYLES = {"KOR": "-", "TWN": "--"}
CJK_FONTS = ["Noto Sans CJK KR", "Noto Sans CJK TC", "Noto Sans CJK JP"]


def _available(names):
    have = {f.name for f in fm.fontManager.ttflist}
    return [n for n in names if n in have]


def use_house_style() -> None:
    """Apply the report's matplotlib/seaborn style (call once per notebook)."""
    sns.set_theme(context="notebook", style="whitegrid", palette=list(PALETTE.values()))
    mpl.rcParams.update({
        "figure.figsize": (7.0, 4.0),
        "figure.dpi": 110,
        "savefig.dpi": 150,
        "savefig.bbox": "tight",
        "axes.titleweight": "bold",
        "axes.spines.top": False,
        "axes.spines.right": False,
        "legend.frameon": False,
        # concrete family names (not the generic "sans-serif"): matplotlib falls back glyph by
        # glyph only along a list of named families, so Korean and Chinese labels need this
        "font.family": ["DejaVu Sans", *_available(CJK_FONTS)],
        "font.sans-serif": ["DejaVu Sans", *_available(CJK_FONTS)],
    })
