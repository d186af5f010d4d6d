"""Local Sphinx extensions of the report (registered in ``_config.yml`` under ``sphinx.extra_extensions``).

- :mod:`smegvc.sphinxext.cite`: stable chapter anchors, the "How to cite this chapter" box with the
  chapter's downloads, the How to cite page, and the title, version and footer, all from
  ``metadata.yml`` (:mod:`smegvc.sphinxext.metadata`).
- :mod:`smegvc.sphinxext.offline`: MathJax served from the site itself, so that no page needs the
  network.
- :mod:`smegvc.sphinxext.pagefixes`: drops inline scripts that Sphinx 7.4 adds to a page twice (a
  console error on every page); undoes myst-parser's HTML escaping of link addresses (``&amp;``).
- :mod:`smegvc.sphinxext.bibstyle`: author-year labels (``Lee et al., 2016a``), citations and order
  of the bibliography.
- :mod:`smegvc.sphinxext.latexlayout`: PDF tables sized to their content, no one-row table tails,
  the bibliography inside the References chapter.
- :mod:`smegvc.sphinxext.tabledata`: every table downloadable (CSV with units, source, scenario and
  version), a source line under it, repeated long notes printed once, bare addresses as links.
- :mod:`smegvc.sphinxext.pagelang`: ``lang="ko"`` and ``lang="zh-Hant"`` on the content of the Korean and
  Traditional Chinese summaries.
- :mod:`smegvc.sphinxext.weblayout`: optional line breaks in long file names of table cells (the
  site's table CSS is in ``static/smegvc.css``).
"""
