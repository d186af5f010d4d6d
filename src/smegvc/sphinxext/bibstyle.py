"""Author-year bibliography for sphinxcontrib-bibtex: labels, in-text citations, list order.

Registered at run time (no entry point needed) by :func:`register`, which the Sphinx extension
:mod:`smegvc.sphinxext.cite` calls in its ``setup``:

- pybtex formatting style ``smegvc`` (``bibtex_default_style``): the entries of pybtex's ``plain``
  style, sorted by the label's author, then year and title, each labelled ``Author, Year``: one author ``Hummels``,
  two ``Lee and Gereffi``, three or more (or a list ending in ``and others``) ``Lee et al.``. Two
  entries that would get the same label get ``a``, ``b``, ... after the year, in list order
  (``Lee et al., 2016a`` and ``Lee et al., 2016b``). A list of authors ending in ``and others``
  prints ``et al.`` instead of "and others".
- referencing style ``smegvc_author_year`` (``bibtex_reference_style``): in-text citations made from
  those labels, so text and list always agree: ``{cite:p}`` gives ``(Lee et al., 2016b)``,
  ``{cite:t}`` ``Lee et al. (2016b)``, ``{cite:year}`` ``2016b``, ``{cite:author}`` ``Lee et al.``.

:func:`entry_labels` gives the labels of a ``.bib`` file as the book prints them (a test checks they
are unique).
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

import pybtex.plugin
from pybtex.richtext import Text
from pybtex.style.formatting.plain import Style as PlainStyle
from pybtex.style.labels import BaseLabelStyle
from pybtex.style.formatting.unsrt import date, pages
from pybtex.style.formatting import toplevel
from pybtex.style.template import field as bib_field
from pybtex.style.template import first_of, optional, optional_field, tag, words
from pybtex.style.template import join as pjoin
from pybtex.style.template import node, sentence

STYLE = "smegvc"
REFERENCE_STYLE = "smegvc_author_year"
_BRACES = re.compile(r"[{}]")


def _plain(text: str) -> str:
    """BibTeX name or field text without protecting braces or TeX escapes (``{OECD}`` -> ``OECD``)."""
    return " ".join(_BRACES.sub("", text).replace(r"\&", "&").split())


def _is_others(person) -> bool:
    return str(person).strip().lower() == "others"


def author_part(entry) -> str:
    """The author part of an entry's label: ``Hummels``, ``Lee and Gereffi``, ``Lee et al.``.

    Family names (with particles: ``van den Berg``) of the authors, else the editors; a team or an
    institution (``{Statistics Korea}``) is named in full. Without either, the title.
    """
    persons = entry.persons.get("author") or entry.persons.get("editor") or []
    others = bool(persons) and _is_others(persons[-1])
    persons = [p for p in persons if not _is_others(p)]
    if not persons:
        return _plain(entry.fields.get("title", entry.key))
    names = [_plain(" ".join(p.prelast_names + p.last_names)) for p in persons]
    if len(names) >= 3 or others:
        return f"{names[0]} et al."
    return " and ".join(names)


def year_part(entry) -> str:
    return _plain(entry.fields.get("year", "n.d."))


class AuthorYearLabelStyle(BaseLabelStyle):
    """``Author, Year`` labels, ``a``/``b``/... after the year when two entries would share one."""

    def format_labels(self, sorted_entries):
        entries = list(sorted_entries)
        base = [(author_part(e), year_part(e)) for e in entries]
        counts = Counter(base)
        seen: dict[tuple[str, str], int] = defaultdict(int)
        for author, year in base:
            suffix = ""
            if counts[(author, year)] > 1:
                suffix = _letters(seen[(author, year)])
                seen[(author, year)] += 1
            yield f"{author}, {year}{suffix}"


def _letters(i: int) -> str:
    """0 -> a, 25 -> z, 26 -> aa."""
    out = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        out = chr(ord("a") + r) + out
    return out


@node
def _names(children, data, role, as_sentence=True):
    """Names of ``role`` as in ``plain``, but a trailing ``and others`` prints as ``et al.``."""
    assert not children
    persons = data["entry"].persons[role]
    style = data["style"]
    others = bool(persons) and _is_others(persons[-1])
    formatted = [style.format_name(p, style.abbreviate_names) for p in persons if not _is_others(p)]
    if others:
        text = Text(pjoin(sep=", ")[formatted].format_data(data), " et al.")
    else:
        text = pjoin(sep=", ", sep2=" and ", last_sep=", and ")[formatted].format_data(data)
    return text


class Style(PlainStyle):
    """pybtex's ``plain`` entries with author-year labels, sorted by label author, year and title."""

    default_label_style = "smegvc_author_year"
    default_sorting_style = "author_year_title"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.sort = self.sort_entries  # pybtex binds ``sort`` to the sorting style in __init__

    def sort_entries(self, entries):
        """By label author (case-folded), year, then title: the order a reader looks names up in."""
        return sorted(entries, key=lambda e: (author_part(e).casefold(), year_part(e),
                                              _plain(e.fields.get("title", "")).casefold(), e.key))

    def format_names(self, role, as_sentence=True):
        formatted = _names(role)
        return sentence[formatted] if as_sentence else formatted

    def get_article_template(self, e):
        """As ``plain``, but the volume and issue print without pages too (``46(2):222–246``, ``2(3)``)."""
        volume = pjoin[bib_field("volume"), optional["(", bib_field("number"), ")"]]
        volume_and_pages = first_of[
            optional[pjoin[volume, ":", pages]],
            optional[volume],
            words["pages", pages],
        ]
        return toplevel[
            self.format_names("author"),
            self.format_title(e, "title"),
            sentence[tag("em")[bib_field("journal")], optional[volume_and_pages], date],
            sentence[optional_field("note")],
            self.format_web_refs(e),
        ]


def split_label(label: str) -> tuple[str, str]:
    """``"Lee et al., 2016a"`` -> ``("Lee et al.", "2016a")``."""
    author, _, year = label.rpartition(", ")
    return (author, year) if author else (label, "")


def entry_labels(bib_path: Path | str) -> dict[str, str]:
    """Citation key -> label, for every entry of a ``.bib`` file, as the book's bibliography prints them."""
    from pybtex.database import parse_file

    register()
    data = parse_file(str(bib_path), "bibtex")
    style = Style()
    entries = style.sort(data.entries.values())
    return {e.key: label for e, label in zip(entries, style.format_labels(entries))}


# ---------------------------------------------------------------------------------------------
# In-text citations (sphinxcontrib-bibtex referencing style)
def _reference_style_class():
    from sphinxcontrib.bibtex.style.referencing import (
        BaseReferenceStyle,
        BracketStyle,
        GroupReferenceStyle,
        PersonStyle,
    )
    from sphinxcontrib.bibtex.style.referencing.extra_author import ExtraAuthorReferenceStyle
    from sphinxcontrib.bibtex.style.referencing.extra_empty import ExtraEmptyReferenceStyle
    from sphinxcontrib.bibtex.style.referencing.extra_label import ExtraLabelReferenceStyle
    from sphinxcontrib.bibtex.style.template import join, join2, post_text, pre_text, reference
    from sphinxcontrib.bibtex.style.template import node as bnode

    @bnode
    def label_author(children, data):
        return Text(split_label(data["formatted_entry"].label)[0])

    @bnode
    def label_year(children, data):
        return Text(split_label(data["formatted_entry"].label)[1])

    def parens():
        return BracketStyle(left="(", right=")")

    @dataclass
    class Parenthetical(BaseReferenceStyle):
        bracket: BracketStyle = field(default_factory=parens)

        def role_names(self) -> Iterable[str]:
            return [f"{alt}p{full}" for alt in ("", "al") for full in ("", "s")]

        def outer(self, role_name, children):
            return self.bracket.outer(children, brackets="al" not in role_name, capfirst=False)

        def inner(self, role_name):
            return join2(sep1=" ", sep2=", ")[
                pre_text, reference[join(sep=", ")[label_author, label_year]], post_text]

    @dataclass
    class Textual(BaseReferenceStyle):
        bracket: BracketStyle = field(default_factory=parens)

        def role_names(self) -> Iterable[str]:
            return [f"{cap}t{full}" for cap in ("", "c") for full in ("", "s")]

        def outer(self, role_name, children):
            return self.bracket.outer(children, brackets=False, capfirst="c" in role_name)

        def inner(self, role_name):
            return join(sep=" ")[
                label_author,
                join[self.bracket.left, join2(sep1=" ", sep2=", ")[pre_text, reference[label_year], post_text],
                     self.bracket.right]]

    @dataclass
    class Year(BaseReferenceStyle):
        bracket: BracketStyle = field(default_factory=parens)

        def role_names(self) -> Iterable[str]:
            return ["year", "yearpar"]

        def outer(self, role_name, children):
            return self.bracket.outer(children, brackets="par" in role_name, capfirst=False)

        def inner(self, role_name):
            return reference[label_year]

    @dataclass
    class SmegvcAuthorYearReferenceStyle(GroupReferenceStyle):
        """In-text citations from the bibliography's ``Author, Year`` labels (see the module)."""

        person: PersonStyle = field(default_factory=PersonStyle)

        def __post_init__(self):
            self.styles.extend([
                Parenthetical(), Textual(),
                ExtraAuthorReferenceStyle(bracket=parens(), person=self.person),
                ExtraLabelReferenceStyle(bracket=parens()),
                Year(),
                ExtraEmptyReferenceStyle(),
            ])
            super().__post_init__()

    return SmegvcAuthorYearReferenceStyle


_registered = False


def register() -> None:
    """Make the label, formatting and referencing styles known to pybtex and sphinxcontrib-bibtex."""
    global _registered
    if _registered:
        return
    pybtex.plugin.register_plugin("pybtex.style.labels", "smegvc_author_year", AuthorYearLabelStyle)
    pybtex.plugin.register_plugin("pybtex.style.formatting", STYLE, Style)
    try:
        from sphinxcontrib.bibtex.plugin import register_plugin
    except ImportError:  # pybtex alone (entry_labels in a test)
        pass
    else:
        register_plugin("sphinxcontrib.bibtex.style.referencing", REFERENCE_STYLE, _reference_style_class())
    _registered = True
