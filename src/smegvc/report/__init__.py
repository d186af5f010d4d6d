"""What the chapters show: one module per chapter, shared queries, and the display helpers.

Chapter modules (each declares the glue keys its chapter quotes literally in ``KEYS``, and its
``numbers(results=None)`` returns exactly those; tests/test_glue_keys.py checks both against book/):

    summary            book/summary.ipynb             headline and the numbers the summary quotes
    direct             book/direct-exports.ipynb      published and modelled SME direct export shares
    indirect           book/indirect-exports.ipynb    channels, gross measures, scenarios, KIEP and KITA comparisons
    why                book/why-they-differ.ipynb     export mix, firm-size structure, sourcing, decomposition
    phone              book/phone-value-chain.ipynb   electronics value added, SME share, China, participation
    case_studies       book/case-studies.ipynb        case firms (rules and tables in case_views)
    policy             book/policy.ipynb              policy instruments and the numbers the conclusions quote
    appendix_data      book/appendix-data.ipynb       data files, definitions, share status, scenarios, parameters
    appendix_evidence  book/appendix-evidence.ipynb   every case fact, value-chain figure and policy source

Shared: query (results-table queries, units, labels), headline (SME share of exported value added by
channel), change_views (changes with intervals, KIEP verdicts), findings (the registry of findings and
recommendations), case_views (rules and tables of the case data), tiva_views (OECD TiVA 2025), charts,
case_charts and tiva_charts (figures), figures (show_figure: the one path for figures), tables
(show_table, MarkdownTable: the one path for tables), escape (the one escaping path for data text),
notebook (setup_notebook, glue_all), style (the house plotting style).

A chapter notebook imports its own module and the shared display helpers only. Imports sit at the top
of each module (tests/test_report.py); one that must stay inside a function says why (``# deferred:``).
"""
