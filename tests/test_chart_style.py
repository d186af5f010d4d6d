"""Figures a reader can read at a glance (issue 13), measured on every figure the book publishes, drawn from
the committed data exactly as the chapter notebooks draw them:

* greyscale: in every panel with more than one line, no two lines share a dash pattern and marker, and every
  line has a marker (colour is never the only difference);
* printed size: the PDF includes each figure at the text width; the smallest tick label, times the factor the
  PDF scales the saved image by, is at least the body text size of the PDF (read from ``_config.yml``);
* sources: in the chart of published direct-export shares no line joins figures of two publications, or of
  years apart.
"""
import json
import re

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
import yaml  # noqa: E402

from smegvc.paths import ROOT  # noqa: E402
from smegvc.report import style  # noqa: E402


def _builders():
    from smegvc.report import (appendix_data, case_charts, case_studies, charts, direct, executive_summary, indirect,
                               phone, policy, summary, why)

    def channels():
        consistent = indirect.headline_series("kor_consistent_definition")
        return charts.channels_by_economy(indirect.headline_series(), consistent[consistent.country == "KOR"])

    def heatmap():
        facts, verdicts, sizes, _ = case_studies.load_cases()
        return case_charts.success_factor_heatmap(verdicts, facts, sizes)

    return {
        "executive-summary/headline": executive_summary.headline_figure,
        "summary/headline": lambda: charts.headline_by_economy(summary.headline_series()),
        "direct-exports/published-shares": lambda: charts.published_direct(
            direct.direct_share_published(), direct.modelled_direct_share(), direct.oecd_comparison()),
        "indirect-exports/channels": channels,
        "indirect-exports/gross-view": lambda: charts.gross_view(indirect.sourcing_series(),
                                                                 indirect.kita_inputs_point()),
        "why-they-differ/export-mix": lambda: charts.export_mix_bars(why.export_mix(years=(2000, 2007, 2014))),
        "why-they-differ/large-firms": lambda: charts.large_firm_shares(why.firm_size_structure()),
        "why-they-differ/decomposition": lambda: charts.sda_bars(why.sda_table()),
        "phone-value-chain/va-content": lambda: charts.va_content(phone.va_content_series()),
        "phone-value-chain/china": lambda: charts.china_links(phone.china_share_series(),
                                                              phone.china_va_source_share()),
        "phone-value-chain/participation": lambda: charts.participation(phone.participation_series("c14")),
        "phone-value-chain/tiva-electronics": phone.tiva_electronics_figure,
        "phone-value-chain/tiva-levels": phone.tiva_levels_figure,
        "appendix-data/wiod-tiva": appendix_data.wiod_tiva_figure,
        "case-studies/success-factors": heatmap,
        "policy/instrument-timeline": lambda: case_charts.instrument_timeline(policy.load_instruments()),
    }


@pytest.fixture(scope="module")
def figures():
    style.use_house_style()
    out = {name: build() for name, build in _builders().items()}
    yield out
    plt.close("all")


def dash(line):
    """The line's dash pattern, normalised (solid = None)."""
    offset, seq = line._unscaled_dash_pattern
    return None if seq is None else tuple(round(x, 3) for x in seq)


def data_lines(ax, labelled=False):
    """The lines of ``ax`` that join at least two points (not markers-only series or reference lines);
    ``labelled``: only those with a legend entry (a series drawn in several segments labels one of them)."""
    out = []
    for line in ax.get_lines():
        if labelled and line.get_label().startswith("_"):
            continue
        x = line.get_xdata()
        if line.get_linestyle() in ("None", "none", " ", "") or len(x) < 2:
            continue
        if len(set(map(float, x))) < 2:   # vertical reference line (axvline)
            continue
        out.append(line)
    return out


def test_every_published_figure_is_covered():
    """The figures measured here are those the chapters publish (by the names they publish them under)."""
    published = set()
    for nb in (ROOT / "book").glob("*.ipynb"):
        cells = json.loads(nb.read_text(encoding="utf-8"))["cells"]
        for c in cells:
            src = "".join(c["source"])
            published |= {f"{nb.stem}/{n}" for n in re.findall(r'show_figure\(.*?name="([^"]+)"', src, re.S)}
    assert published == set(_builders())


def test_figures_print_at_the_full_text_width():
    """The scale computed below assumes every figure is included at the text width."""
    for nb in (ROOT / "book").glob("*.ipynb"):
        src = "\n".join("".join(c["source"]) for c in json.loads(nb.read_text(encoding="utf-8"))["cells"])
        for call in re.findall(r"show_figure\(.*?\)\n", src, re.S):
            assert 'width="100%"' in call, f"{nb.name}: a figure not printed at the text width"


def test_style_constants_match_the_pdf():
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    body = float(config["sphinx"]["config"]["latex_elements"]["pointsize"].removesuffix("pt"))
    assert style.BODY_PT == body
    from smegvc.sphinxext.latexlayout import LINEWIDTH_PT

    assert style.TEXT_WIDTH_PT <= LINEWIDTH_PT   # never overstate the width (it would overstate the scale)


@pytest.mark.parametrize("name", sorted(_builders()))
def test_tick_labels_print_at_least_at_body_size(figures, name):
    fig, _ = figures[name]
    sizes = style.tick_label_sizes(fig)
    assert sizes, f"{name}: no tick labels"
    scale = style.print_scale(fig)
    effective = min(sizes) * min(scale, 1e9)
    assert effective >= style.BODY_PT - 1e-6, (
        f"{name}: smallest tick label {min(sizes):.1f} pt x scale {scale:.2f} = {effective:.1f} pt "
        f"< body {style.BODY_PT} pt (saved width {style.saved_width_in(fig):.2f} in)")


def test_a_smaller_tick_label_would_be_caught(figures):
    """The check above can fail: the same figure with 7 pt tick labels prints below the body size."""
    fig, _ = figures["summary/headline"]
    for ax in fig.axes:
        ax.tick_params(labelsize=7)
    assert min(style.tick_label_sizes(fig)) * style.print_scale(fig) < style.BODY_PT
    for ax in fig.axes:
        ax.tick_params(labelsize=style.TICK_PT)


@pytest.mark.parametrize("name", sorted(_builders()))
def test_lines_are_told_apart_without_colour(figures, name):
    fig, _ = figures[name]
    for i, ax in enumerate(fig.axes):
        lines = data_lines(ax, labelled=True)
        if len(lines) < 2:
            continue
        keys = []
        for line in lines:
            assert line.get_marker() not in (None, "None", "none", "", " "), (
                f"{name} panel {i}: line {line.get_label()!r} has no marker")
            keys.append((dash(line), line.get_marker()))
        dupes = {k for k in keys if keys.count(k) > 1}
        assert not dupes, f"{name} panel {i}: lines share dash pattern and marker {dupes}: " + ", ".join(
            line.get_label() for line, k in zip(lines, keys) if k in dupes)


def test_no_line_joins_two_publications_in_the_published_chart(figures):
    from smegvc.report import direct

    fig, _ = figures["direct-exports/published-shares"]
    pub = direct.direct_share_published()
    model = direct.modelled_direct_share()
    joined = 0
    for line in data_lines(fig.axes[0]):
        xs, ys = map(float, line.get_xdata()), map(float, line.get_ydata())
        sources = []
        for x, y in zip(line.get_xdata(), line.get_ydata()):
            s = {f"pub:{u}" for u in pub[(pub.year == x) & ((pub.value - y).abs() < 1e-9)].url}
            s |= {f"model:{c}:{sc}" for c, sc in model[(model.year == x) & ((model.value - y).abs() < 1e-9)]
                  [["country", "scope"]].itertuples(index=False)}
            assert s, f"line {line.get_label()!r}: point ({x}, {y}) is in no source"
            sources.append(s)
        common = set.intersection(*sources)
        assert common, f"line {line.get_label()!r} joins points of different sources"
        if all(s.startswith("pub:") for s in common):
            years = sorted(float(x) for x in line.get_xdata())
            assert max(b - a for a, b in zip(years, years[1:])) <= 1, f"line joins published years apart: {years}"
            joined += 1
    assert joined >= 1   # figures of one publication in consecutive years are still joined


def _overlaps(texts, renderer):
    boxes = [(t.get_text(), t.get_window_extent(renderer)) for t in texts if t.get_visible() and t.get_text().strip()]
    return [(a, b) for i, (a, ba) in enumerate(boxes) for b, bb in boxes[i + 1:] if ba.overlaps(bb)]


@pytest.mark.parametrize("name", sorted(_builders()))
def test_tick_labels_do_not_overlap(figures, name):
    """Tick labels of one axis never run into each other (e.g. '2014' and '2022' printed as '20142022')."""
    fig, _ = figures[name]
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    for i, ax in enumerate(fig.axes):
        for axis in ("x", "y"):
            bad = _overlaps(getattr(ax, f"get_{axis}ticklabels")(), renderer)
            assert not bad, f"{name} panel {i}: {axis} tick labels overlap: {bad}"
