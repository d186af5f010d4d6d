"""WIOD 2013 release, world input-output tables 1995-2011: codes, files and schema of the value-chain extract.

This package keeps everything about the WIOD 2013 world tables together:
    this module   industry codes, country groups, the committed files and their Data Package resources
                  (:data:`DATA_RESOURCES`, listed by :mod:`smegvc.catalog`)
    reader        the raw ``wiot_YYYY.RData`` -> a checked :class:`~.reader.WorldTable`
    measures      value-chain quantities of one world table (global Leontief inverse), pure functions
    checks        semantic checks of the committed extract (value added by source sums to gross exports)
    load          the committed extract -> validated frames (``load_wiod2013``)
The extraction command is :mod:`smegvc.io.extract`. Units: millions of current US dollars.
"""
from __future__ import annotations

from smegvc.io.datapackage import USD, field
from smegvc.scope import ECONOMIES as ORIGINS  # exporters whose intermediate exports are extracted
from smegvc.scope import WIOD2013_FIRST_YEAR, WIOD2013_LAST_YEAR
from smegvc.scope import WIOD2013_FOCUS as FOCUS  # economies with value-added detail; the rest is OTHER
from smegvc.scope import WIOD2013_YEARS as YEARS

N_IND = 35
FINAL_PER_COUNTRY = ("CONS_h", "CONS_np", "CONS_g", "GFCF", "INVEN")
OTHER = "OTH"  # all regions outside FOCUS, including WIOD's RoW
ELECTRONICS = "c14"
# (code, ISIC Rev. 3, description) -- WIOD 2013 release industry list (Timmer ed. 2012, WIOD WP 10)
INDUSTRIES: tuple[tuple[str, str, str], ...] = (
    ("c1", "AtB", "Agriculture, hunting, forestry and fishing"),
    ("c2", "C", "Mining and quarrying"),
    ("c3", "15t16", "Food, beverages and tobacco"),
    ("c4", "17t18", "Textiles and textile products"),
    ("c5", "19", "Leather, leather products and footwear"),
    ("c6", "20", "Wood and products of wood and cork"),
    ("c7", "21t22", "Pulp, paper, paper products, printing and publishing"),
    ("c8", "23", "Coke, refined petroleum and nuclear fuel"),
    ("c9", "24", "Chemicals and chemical products"),
    ("c10", "25", "Rubber and plastics"),
    ("c11", "26", "Other non-metallic minerals"),
    ("c12", "27t28", "Basic metals and fabricated metal"),
    ("c13", "29", "Machinery, n.e.c."),
    ("c14", "30t33", "Electrical and optical equipment"),
    ("c15", "34t35", "Transport equipment"),
    ("c16", "36t37", "Manufacturing, n.e.c.; recycling"),
    ("c17", "E", "Electricity, gas and water supply"),
    ("c18", "F", "Construction"),
    ("c19", "50", "Sale, maintenance and repair of motor vehicles and motorcycles; retail sale of fuel"),
    ("c20", "51", "Wholesale trade and commission trade, except of motor vehicles and motorcycles"),
    ("c21", "52", "Retail trade, except of motor vehicles and motorcycles; repair of household goods"),
    ("c22", "H", "Hotels and restaurants"),
    ("c23", "60", "Inland transport"),
    ("c24", "61", "Water transport"),
    ("c25", "62", "Air transport"),
    ("c26", "63", "Other supporting and auxiliary transport activities; activities of travel agencies"),
    ("c27", "64", "Post and telecommunications"),
    ("c28", "J", "Financial intermediation"),
    ("c29", "70", "Real estate activities"),
    ("c30", "71t74", "Renting of machinery and equipment and other business activities"),
    ("c31", "L", "Public administration and defence; compulsory social security"),
    ("c32", "M", "Education"),
    ("c33", "N", "Health and social work"),
    ("c34", "O", "Other community, social and personal services"),
    ("c35", "P", "Private households with employed persons"),
)
INDUSTRY_CODES = tuple(c for c, _, _ in INDUSTRIES)
# destination-industry groups for the electronics detail: group -> industry codes
DEST_GROUPS: dict[str, tuple[str, ...]] = {
    "electronics": ("c14",),
    "other_manufacturing": tuple(f"c{k}" for k in range(3, 17) if k != 14),
    "primary_utilities_construction": ("c1", "c2", "c17", "c18"),
    "services": tuple(f"c{k}" for k in range(19, 36)),
}

# the committed extract (paths relative to data/): table name -> file (columns: HEADERS, from the schemas)
FILES = {
    "industries": "wiod2013/industries.csv",
    "intermediate_exports": "wiod2013/intermediate_exports.csv.gz",
    "electronics": "wiod2013/electronics_intermediates.csv",
    "va": "wiod2013/va_in_exports.csv.gz",
}
PROVENANCE_FILE = "wiod2013/PROVENANCE.json"
MEASURES = ("gross_exports", "va_in_exports", "va_in_partner_exports")

SOURCE = {
    "title": "World Input-Output Database, 2013 release, world input-output tables 1995-2011 (R data)",
    "path": "http://www.wiod.org",
    "citation": "Timmer et al. (2015); Timmer (ed.) (2012), WIOD Working Paper 10",
}
LICENCE = {"name": "unspecified", "title": "WIOD 2013 release: no explicit licence found; cite Timmer et al. (2015)"}


def _year():
    return field("year", "integer", "calendar year", required=True, minimum=WIOD2013_FIRST_YEAR,
                 maximum=WIOD2013_LAST_YEAR)


def _industry(name, desc):
    return field(name, "string", desc, required=True, enum=list(INDUSTRY_CODES))


_COUNTRY_PATTERN = "^([A-Z]{3}|RoW)$"

DATA_RESOURCES = [
    {
        "name": "wiod2013-industries",
        "path": FILES["industries"],
        "title": "The 35 industries of the WIOD 2013 release (ISIC Rev. 3)",
        "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
        "sources": [SOURCE], "licenses": [LICENCE],
        "schema": {"fields": [field("code", "string", "WIOD 2013 code c1..c35", required=True, unique=True),
                              field("isic_rev3", "string", "ISIC Rev. 3 division(s)", required=True),
                              field("description", "string", "industry name", required=True)],
                   "primaryKey": ["code"]},
    },
    {
        "name": "wiod2013-intermediate-exports",
        "path": FILES["intermediate_exports"],
        "title": "Intermediate exports of Korea and Taiwan by industry and destination country, 1995-2011",
        "description": "Sum over the destination country's using industries of the world table's "
                       "intermediate flows. Rebuild: python -m smegvc extract --wiod2013.",
        "format": "csv", "compression": "gz", "mediatype": "text/csv", "encoding": "utf-8",
        "sources": [SOURCE], "licenses": [LICENCE],
        "schema": {"fields": [_year(),
                              field("origin", "string", "exporting country", required=True, enum=list(ORIGINS)),
                              _industry("industry", "exporting industry"),
                              field("destination", "string", "importing country (RoW = rest of world)",
                                    required=True, pattern=_COUNTRY_PATTERN),
                              field("value", "number", "intermediate exports", USD, required=True, minimum=0)],
                   "primaryKey": ["year", "origin", "industry", "destination"]},
        "definition_breaks": "WIOD 2013 release (ISIC Rev. 3, SNA 1993): not comparable industry by industry "
                             "with the 2016 release.",
    },
    {
        "name": "wiod2013-electronics-intermediates",
        "path": FILES["electronics"],
        "title": "Intermediate exports of electrical and optical equipment (c14) of Korea and Taiwan by "
                 "destination country and destination-industry group, 1995-2011",
        "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
        "sources": [SOURCE], "licenses": [LICENCE],
        "schema": {"fields": [_year(),
                              field("origin", "string", "exporting country", required=True, enum=list(ORIGINS)),
                              field("destination", "string", "importing country", required=True,
                                    pattern=_COUNTRY_PATTERN),
                              field("destination_group", "string", "; ".join(f"{k}: {' '.join(v)}" for k, v in
                                                                             DEST_GROUPS.items()),
                                    required=True, enum=list(DEST_GROUPS)),
                              field("value", "number", "intermediate exports of c14", USD, required=True,
                                    minimum=0)],
                   "primaryKey": ["year", "origin", "destination", "destination_group"]},
    },
    {
        "name": "wiod2013-va-in-exports",
        "path": FILES["va"],
        "title": "Gross exports and value added in exports by source (backward) and by exporter (forward) "
                 "for KOR, TWN, CHN, JPN, USA by industry, 1995-2011",
        "description": "Global Leontief inverse of each year's 1435x1435 world table. gross_exports: sales to "
                       "other countries (partner WLD); va_in_exports: VA from source group 'partner' in the "
                       "gross exports of country-industry (sums to gross exports); va_in_partner_exports: "
                       "VA of country-industry in the gross exports of exporter group 'partner'. "
                       f"{OTHER} = all other regions incl. RoW. Definitions: wiod2013/PROVENANCE.json.",
        "format": "csv", "compression": "gz", "mediatype": "text/csv", "encoding": "utf-8",
        "sources": [SOURCE], "licenses": [LICENCE],
        "schema": {"fields": [_year(),
                              field("country", "string", "exporting country (VA source for the forward measure)",
                                    required=True, enum=list(FOCUS)),
                              _industry("industry", "industry of 'country'"),
                              field("measure", "string", "quantity", required=True, enum=list(MEASURES)),
                              field("partner", "string", "VA source or exporter group; WLD for gross exports",
                                    required=True, enum=list(FOCUS) + [OTHER, "WLD"]),
                              field("value", "number", "value", USD, required=True)],
                   "primaryKey": ["year", "country", "industry", "measure", "partner"]},
        "definition_breaks": "Value added is the residual 1 - column sum of A (includes net taxes and "
                             "international margins). Measures count double-counted flows as in Hummels "
                             "et al. (2001) VS/VS1; negative values come from negative inventory changes "
                             "abroad.",
    },
    {
        "name": "wiod2013-provenance",
        "path": PROVENANCE_FILE,
        "title": "Provenance of the WIOD 2013 extract (source hashes, command, definitions, notes)",
        "format": "json", "mediatype": "application/json", "encoding": "utf-8",
        "sources": [SOURCE], "licenses": [LICENCE],
    },
]
SCHEMAS = {name: next(r["schema"] for r in DATA_RESOURCES if r["path"] == rel) for name, rel in FILES.items()}
HEADERS = {name: tuple(f["name"] for f in schema["fields"]) for name, schema in SCHEMAS.items()}  # declared once
