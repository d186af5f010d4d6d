"""The study's scope, in one place: which economies, which years, Korea's SME definition break, names.

Every module takes the economy codes and the year range from here; adding an economy to the study means
editing this module (and providing its data files), nothing else in ``src/``.
"""
from __future__ import annotations

ECONOMIES: tuple[str, ...] = ("KOR", "TWN")          # the economies the report splits by firm size
COMPARATORS: tuple[str, ...] = ("CHN", "JPN", "USA")  # economies shown beside them (value chains)
WIOD2013_FOCUS: tuple[str, ...] = ECONOMIES + COMPARATORS
TIVA_ECONOMIES: tuple[str, ...] = ECONOMIES + COMPARATORS + ("VNM",)   # OECD TiVA 2025 extract (to 2022)

NAMES: dict[str, str] = {"KOR": "Korea", "TWN": "Taiwan", "CHN": "China", "JPN": "Japan",
                         "USA": "United States", "VNM": "Viet Nam"}

FIRST_YEAR, LAST_YEAR = 2000, 2014                    # WIOD 2016 national tables
YEARS: tuple[int, ...] = tuple(range(FIRST_YEAR, LAST_YEAR + 1))
MID_YEAR = 2007                   # splits YEARS into two seven-year periods (structural decomposition)

WIOD2013_FIRST_YEAR, WIOD2013_LAST_YEAR = 1995, 2011  # WIOD 2013 world tables (value chains)
WIOD2013_YEARS: tuple[int, ...] = tuple(range(WIOD2013_FIRST_YEAR, WIOD2013_LAST_YEAR + 1))

KOR_BREAK_YEAR = 2011             # first year of Korea's SME definition without mid-sized firms
PRE_BREAK = KOR_BREAK_YEAR - 1    # last year of the pre-2011 definition
KIEP_PERIOD = (FIRST_YEAR, PRE_BREAK)  # "the 2000s" of the KIEP study, before Korea's break


def name(code: str) -> str:
    """Plain English name of an economy code (the code itself when unknown)."""
    return NAMES.get(code, code)
