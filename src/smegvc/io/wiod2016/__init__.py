"""WIOD November 2016 release, national input-output tables: codes, files and schema of the extract.

This package keeps everything about the WIOD 2016 national tables together:
    this module   the table layout (industry, column and row codes), the committed files and their
                  Data Package resources (:data:`DATA_RESOURCES`, listed by :mod:`smegvc.catalog`)
    reader        the raw workbooks ``<ISO>_NIOT_nov16.xlsx`` -> :class:`~.reader.NiotWorkbook`, NationalTable
    checks        accounting identities, signs and finiteness of one national table
    load          the committed extract -> validated NationalTables (``load_niot``, ``industries``)
The extraction command is :mod:`smegvc.io.extract`.

Units: millions of current US dollars, basic prices. One year of one country is a (120, 63) array: rows
:data:`ROW_KEYS` (56 Domestic, 56 Imports, 8 TOT rows), columns :data:`COLUMNS` (56 industries, 5 final
uses, EXP, GO).
"""
from __future__ import annotations

from smegvc.io.datapackage import CC_BY, USD, field
from smegvc.scope import FIRST_YEAR, LAST_YEAR

INDUSTRIES: tuple[str, ...] = (
    "A01", "A02", "A03", "B", "C10-C12", "C13-C15", "C16", "C17", "C18", "C19", "C20", "C21", "C22", "C23",
    "C24", "C25", "C26", "C27", "C28", "C29", "C30", "C31_C32", "C33", "D35", "E36", "E37-E39", "F", "G45",
    "G46", "G47", "H49", "H50", "H51", "H52", "H53", "I", "J58", "J59_J60", "J61", "J62_J63", "K64", "K65",
    "K66", "L68", "M69_M70", "M71", "M72", "M73", "M74_M75", "N", "O84", "P85", "Q", "R_S", "T", "U",
)
FINAL_USES = ("CONS_h", "CONS_np", "CONS_g", "GFCF", "INVEN")
FINAL_COLUMNS = FINAL_USES + ("EXP", "GO")
COLUMNS = INDUSTRIES + FINAL_COLUMNS                      # 63 value columns
TOT_ROWS = ("II_fob", "TXSP", "EXP_adj", "PURR", "PURNR", "VA", "IntTTM", "GO")
T_LABELS = ("TXSP", "EXP_adj", "PURR", "PURNR", "IntTTM")  # NationalTable.T rows
BLOCKS = ("Domestic", "Imports", "TOT")
# (block, row code) for the 120 rows of one year, in workbook order
ROW_KEYS: tuple[tuple[str, str], ...] = (
    tuple(("Domestic", c) for c in INDUSTRIES) + tuple(("Imports", c) for c in INDUSTRIES)
    + tuple(("TOT", c) for c in TOT_ROWS)
)
ROWS_PER_YEAR = len(ROW_KEYS)
N = len(INDUSTRIES)

# the committed extract (paths relative to data/)
NIOT_FILE = "wiod2016/niot_long.csv.gz"
INDUSTRIES_FILE = "wiod2016/industries.csv"
PROVENANCE_FILE = "wiod2016/PROVENANCE.json"
EXCHANGE_FILE = "wiod2016/exchange_rates.csv"
EXCHANGE_SOURCE_FILE = "Exchange_rates.xlsx"   # in the WIOD 2016 'aux' folder, sheet EXR
EXCHANGE_COLUMNS = ("country", "year", "currency", "usd_per_unit")
CURRENCIES = {"KOR": "KRW", "TWN": "TWD"}

SOURCE = {
    "title": "World Input-Output Database, November 2016 release, national input-output tables",
    "path": "https://doi.org/10.34894/PJ2M1C",
    "citation": "Timmer, Dietzenbacher, Los, Stehrer and de Vries (2015), Review of International Economics "
                "23: 575-605",
}


def niot_fields() -> list[dict]:
    """Schema fields of the long extract, in :data:`LONG_COLUMNS` order."""
    return [
        field("country", "string", "ISO3 code", required=True, pattern="^[A-Z]{3}$"),
        field("year", "integer", "calendar year", required=True, minimum=FIRST_YEAR, maximum=LAST_YEAR),
        field("block", "string", "Domestic: domestic products; Imports: imported products; TOT: totals and "
              "primary inputs", required=True, enum=list(BLOCKS)),
        field("row", "string", "product (industry) code, or TOT row", required=True,
              enum=list(dict.fromkeys(INDUSTRIES + TOT_ROWS))),
        field("column", "string", "buying industry, final-use category, EXP (exports) or GO (output)",
              required=True, enum=list(COLUMNS)),
        field("value", "number", "flow at basic prices", USD, required=True),
    ]


DATA_RESOURCES = [
    {
        "name": "wiod2016-niot",
        "path": NIOT_FILE,
        "title": "WIOD 2016 national input-output tables of Korea and Taiwan, 2000-2014 (long format)",
        "description": "Every cell of the sheet 'National IO-tables' of KOR_NIOT_nov16.xlsx and "
                       "TWN_NIOT_nov16.xlsx, one line per cell, full float precision. Rebuild: "
                       "python -m smegvc extract. Provenance: wiod2016/PROVENANCE.json.",
        "format": "csv", "compression": "gz", "mediatype": "text/csv", "encoding": "utf-8",
        "sources": [SOURCE], "licenses": [CC_BY],
        "schema": {"fields": niot_fields(), "primaryKey": ["country", "year", "block", "row", "column"]},
        "definition_breaks": "None within 2000-2014 (one release, ISIC Rev. 4, SNA 2008). Zero output in "
                             "all years: KOR C33, T, U; TWN U. Column identity holds to ~2e-7 relative "
                             "(source rounding), row identity to float precision.",
    },
    {
        "name": "wiod2016-industries",
        "path": INDUSTRIES_FILE,
        "title": "The 56 industries of the WIOD 2016 release (ISIC Rev. 4), in table order",
        "description": "Codes and descriptions from header rows 1-2 of the NIOT workbooks (trailing blanks "
                       "stripped).",
        "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
        "sources": [SOURCE], "licenses": [CC_BY],
        "schema": {"fields": [field("code", "string", "WIOD industry code", required=True, unique=True),
                              field("description", "string", "industry name", required=True)],
                   "primaryKey": ["code"]},
    },
    {
        "name": "wiod2016-exchange-rates",
        "path": EXCHANGE_FILE,
        "title": "Exchange rates WIOD 2016 used to convert national tables to US dollars, Korea and Taiwan",
        "description": "Rows KOR and TWN of sheet EXR of the WIOD 2016 file Exchange_rates.xlsx ('Exchange rates "
                       "used in constructing the International SUTs and WIOTs', US$ per unit of local currency), "
                       "annual 2000-2014, full precision. Converts the report's US-dollar amounts back to won or "
                       "NT dollars. Rebuild: python -m smegvc extract. Provenance: wiod2016/PROVENANCE.json.",
        "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
        "sources": [SOURCE], "licenses": [CC_BY],
        "schema": {"fields": [
            field("country", "string", "ISO3 code", required=True, enum=list(CURRENCIES)),
            field("year", "integer", "calendar year", required=True, minimum=FIRST_YEAR, maximum=LAST_YEAR),
            field("currency", "string", "ISO 4217 code of the local currency", required=True,
                  enum=list(CURRENCIES.values())),
            field("usd_per_unit", "number", "US dollars per unit of local currency (annual average used by WIOD)",
                  "US dollars per unit of local currency", required=True, minimum=0),
        ], "primaryKey": ["country", "year"]},
        "definition_breaks": "None: one release; the rates WIOD used to convert every national table.",
    },
    {
        "name": "wiod2016-provenance",
        "path": PROVENANCE_FILE,
        "title": "Provenance of the WIOD 2016 extract (source hashes, command, units, notes)",
        "format": "json", "mediatype": "application/json", "encoding": "utf-8",
        "sources": [SOURCE], "licenses": [CC_BY],
    },
]
LONG_COLUMNS = tuple(f["name"] for f in DATA_RESOURCES[0]["schema"]["fields"])  # the extract's columns, declared once
