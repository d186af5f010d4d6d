"""``python -m smegvc extract``: rebuild the tidy extracts in data/ from the raw sources (../shared).

    python -m smegvc extract                        WIOD 2016 NIOTs of KOR and TWN -> data/wiod2016/
    python -m smegvc extract --countries KOR TWN JPN --out /tmp/x    other countries, other folder
    python -m smegvc extract --wiod2013             WIOD 2013 value-chain extract -> data/wiod2013/
    python -m smegvc extract --tiva                 OECD TiVA 2025 principal indicators -> data/tiva2025/
    python -m smegvc extract --all                  all of them, the case studies and the shares

``make data`` runs the default (WIOD 2016) and ``--tiva``.

This module holds the WIOD extraction functions, the shared writers (gzip CSV with mtime 0, provenance
JSON) and the command's options (:func:`add_arguments`); the command itself, which also rebuilds the
evidence tables and the data-package descriptor, is :func:`smegvc.catalog.run_extract`.

Every source is read and validated completely before anything is written; each output file is written
atomically (a failure leaves the previous file intact and no partial file). Gzip files carry mtime 0, so
the output is byte-for-byte reproducible from the same sources.
"""
from __future__ import annotations

import csv
import datetime as _dt
import gzip
import io
import json
from pathlib import Path

from smegvc import paths
from smegvc.io.datapackage import sha256_file
from smegvc.atomic import atomic_path, write_text
from smegvc.errors import DataError
from smegvc.io import wiod2013
from smegvc.io.wiod2013.measures import value_chain_records
from smegvc.io.wiod2013.reader import read_wiot
from smegvc.io.wiod2016 import (COLUMNS, CURRENCIES, EXCHANGE_COLUMNS, EXCHANGE_FILE, EXCHANGE_SOURCE_FILE, INDUSTRIES,
                                 INDUSTRIES_FILE, LONG_COLUMNS, NIOT_FILE, PROVENANCE_FILE, ROW_KEYS)
from smegvc.io.wiod2016.reader import read_workbook
from smegvc.scope import ECONOMIES

DEFAULT_COUNTRIES = ECONOMIES
DOI_2016 = "10.34894/PJ2M1C"
CITATION = ("Timmer, M. P., Dietzenbacher, E., Los, B., Stehrer, R. and de Vries, G. J. (2015), "
            "An Illustrated User Guide to the World Input-Output Database: the Case of Global Automotive "
            "Production, Review of International Economics 23: 575-605. doi:10.1111/roie.12178")
LICENCE = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0 International",
    "path": "https://creativecommons.org/licenses/by/4.0/",
    "note": ("The WIOD 2016 release is distributed through DataverseNL (doi:10.34894/PJ2M1C) under CC BY 4.0; "
             "use requires citing Timmer et al. (2015)."),
}


def write_csv_gz(target, header, rows) -> None:
    """Write ``rows`` (iterables of already formatted strings) as gzip CSV atomically, mtime 0, no name."""
    with atomic_path(target) as tmp:
        with open(tmp, "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0,
                                                     compresslevel=9) as gz:
            text = io.TextIOWrapper(gz, encoding="utf-8", newline="")
            text.write(",".join(header) + "\n")
            for row in rows:
                text.write(",".join(row) + "\n")
            text.flush()
            text.detach()


def _csv_text(header, rows) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue()


def write_provenance(target, record: dict) -> None:
    """Write a provenance JSON; keep the previous ``extracted_on`` date if nothing else changed."""
    target = Path(target)
    if target.is_file():
        try:
            old = json.loads(target.read_text(encoding="utf-8"))
        except ValueError:
            old = None
        if old and {k: v for k, v in old.items() if k != "extracted_on"} == \
                {k: v for k, v in record.items() if k != "extracted_on"}:
            record = {**record, "extracted_on": old.get("extracted_on", record["extracted_on"])}
    write_text(target, json.dumps(record, indent=2, ensure_ascii=False) + "\n")


# ---------------------------------------------------------------------------------------------- WIOD 2016

def _source_folder(source: Path, *parts: str) -> Path:
    """``source/data/<parts>`` when ``source`` is the shared folder, else ``source`` itself."""
    nested = source.joinpath("data", *parts)
    return nested if nested.is_dir() else source


def niot_rows(workbooks):
    """Formatted long rows (country, year, block, row, column, value) of parsed workbooks, full precision."""
    for wb in workbooks:
        for y in wb.years:
            arr = wb.values[y]
            ys = str(y)
            for i, (block, code) in enumerate(ROW_KEYS):
                row = arr[i]
                for j, col in enumerate(COLUMNS):
                    yield (wb.country, ys, block, code, col, repr(float(row[j])))


def read_exchange_rates(path, countries=tuple(CURRENCIES)) -> list[tuple[str, int, str, float]]:
    """(country, year, currency, US$ per unit) of ``countries`` from sheet EXR of WIOD's Exchange_rates.xlsx:
    header row 'Country, Acronym, _2000 ... _2014', one row per country. Raises DataError (file, row, column)
    when the sheet, a country or a year is missing or a rate is not a positive number."""
    import openpyxl

    from smegvc.scope import YEARS

    path = Path(path)
    if not path.is_file():
        raise DataError(path, "file not found")
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        if "EXR" not in wb.sheetnames:
            raise DataError(path, f"no sheet 'EXR' (has {', '.join(wb.sheetnames)})")
        rows = list(wb["EXR"].iter_rows(values_only=True))
    finally:
        wb.close()
    head = next((i for i, r in enumerate(rows) if r and r[0] == "Country" and r[1] == "Acronym"), None)
    if head is None:
        raise DataError(path, "sheet EXR: no header row 'Country, Acronym, _2000, ...'")
    cols = {str(v): j for j, v in enumerate(rows[head]) if v is not None}
    out = []
    for c in countries:
        i = next((k for k in range(head + 1, len(rows)) if rows[k] and rows[k][1] == c), None)
        if i is None:
            raise DataError(path, f"sheet EXR: no row for {c}", column="Acronym")
        for y in YEARS:
            j = cols.get(f"_{y}")
            v = rows[i][j] if j is not None else None
            if not isinstance(v, (int, float)) or not v > 0:
                raise DataError(path, f"sheet EXR: {c} {y}: rate must be a positive number, got {v!r}", row=i + 1,
                                column=f"_{y}")
            out.append((c, y, CURRENCIES[c], float(v)))
    return out


def extract_exchange_rates(source: Path, out: Path) -> tuple[Path, dict]:
    """Write ``data/wiod2016/exchange_rates.csv`` from the WIOD aux workbook; returns (path, source record)."""
    p = _source_folder(source, "wiod2016", "aux") / EXCHANGE_SOURCE_FILE
    rows = read_exchange_rates(p)
    target = out / EXCHANGE_FILE
    write_text(target, _csv_text(list(EXCHANGE_COLUMNS), [[c, str(y), cur, repr(v)] for c, y, cur, v in rows]))
    return target, {"file": f"aux/{p.name}", "sheet": "EXR", "sha256": sha256_file(p),
                    "rows": sorted(CURRENCIES), "unit": "US$ per unit of local currency"}


def extract_wiod2016(countries=DEFAULT_COUNTRIES, source=None, out=None, log=print) -> list[Path]:
    """Read, validate and write the NIOT extract, the industry list and PROVENANCE.json. Returns the paths."""
    source = Path(source) if source else paths.shared_dir()
    out = Path(out) if out else paths.DATA
    countries = [c.upper() for c in countries]
    workbooks, sources = [], []
    for c in countries:
        p = _source_folder(source, "wiod2016", "niot") / f"{c}_NIOT_nov16.xlsx"
        wb = read_workbook(p, country=c)
        log(f"read {p} ({wb.years[0]}-{wb.years[-1]}, identities hold)")
        workbooks.append(wb)
        sources.append({"country": c, "file": p.name, "sha256": sha256_file(p),
                        "years": [wb.years[0], wb.years[-1]]})
    descr = workbooks[0].descriptions
    for wb in workbooks[1:]:
        for code in INDUSTRIES:
            if wb.descriptions[code] != descr[code]:
                raise DataError(wb.path, f"industry description differs from {workbooks[0].path.name}: "
                                f"{wb.descriptions[code]!r} vs {descr[code]!r}", row=2, column=code)
    niot, ind = out / NIOT_FILE, out / INDUSTRIES_FILE
    write_csv_gz(niot, LONG_COLUMNS, niot_rows(workbooks))
    write_text(ind, _csv_text(["code", "description"], [[c, descr[c]] for c in INDUSTRIES]))
    # the exchange rates of the economies the report converts (CURRENCIES), when they are extracted
    exr, exr_source = (extract_exchange_rates(source, out) if set(CURRENCIES) <= set(countries) else (None, None))
    prov = out / PROVENANCE_FILE
    write_provenance(prov, {
        "dataset": "WIOD 2016 release (November 2016), national input-output tables",
        "source": "World Input-Output Database, www.wiod.org; files <ISO>_NIOT_nov16.xlsx, sheet 'National IO-tables'",
        "doi": DOI_2016,
        "citation": CITATION,
        "licence": LICENCE,
        "sources": sources,
        **({"exchange_rates_source": exr_source} if exr else {}),
        "command": "python -m smegvc extract" + ("" if tuple(countries) == DEFAULT_COUNTRIES
                                                  else " --countries " + " ".join(countries)),
        "extracted_on": _dt.date.today().isoformat(),
        "outputs": {
            NIOT_FILE: {"sha256": sha256_file(niot), "rows": sum(len(w.values) for w in workbooks) * 120 * 63},
            INDUSTRIES_FILE: {"sha256": sha256_file(ind), "rows": len(INDUSTRIES)},
            **({EXCHANGE_FILE: {"sha256": sha256_file(exr), "rows": len(CURRENCIES) * (len(exr.read_text(
                encoding="utf-8").splitlines()) - 1) // len(CURRENCIES)}} if exr else {}),
        },
        "units": "millions of current US dollars; basic prices (exchange_rates.csv: US$ per unit of local "
                 "currency, the rates WIOD used to convert the national tables)",
        "layout": ("long format, one line per cell: country, year, block (Domestic: domestic products; "
                   "Imports: imported products; TOT: totals and primary inputs), row (product code or TOT row "
                   "II_fob, TXSP, EXP_adj, PURR, PURNR, VA, IntTTM, GO), column (56 industry codes, then "
                   "CONS_h, CONS_np, CONS_g, GFCF, INVEN, EXP, GO); all cells kept, zeros included; values "
                   "written with Python repr (shortest exact round-trip of the workbook's float64)"),
        "checks": ("row identity GO = Z1 + F1 + EXP holds to 1e-9 relative (measured ~1e-14); column identity "
                   "GO = II (domestic + imported) + TXSP + EXP_adj + PURR + PURNR + VA + IntTTM holds to 1e-6 "
                   "relative (measured up to 1.7e-7: the source rounds II_fob and VA); Z, Zm, GO >= 0; "
                   "Domestic GO column equals TOT GO row exactly"),
        "notes": [
            "Zero output in every year 2000-2014: KOR C33, T, U; TWN U (columns of A set to 0).",
            "The Imports block's EXP and GO columns are zero (no re-exports recorded).",
            "TOT rows carry values in the final-use columns (e.g. II_fob = total products used by households; "
            "PURR and PURNR in CONS_h); they are kept in the extract but are not part of NationalTable.",
            "Negative final uses occur legitimately: INVEN (inventory changes) in every country; "
            "GFCF of KOR C24 in 2000-2009 (net sales of second-hand assets / scrap).",
            "Exports have rounding noise: TWN has tiny negatives (>= -0.0011) in K66, M71, P85.",
            "Industry descriptions are stripped of trailing blanks.",
        ],
    })
    written = [niot, ind] + ([exr] if exr else []) + [prov]
    log("wrote " + ", ".join(map(str, written)))
    return written


# ---------------------------------------------------------------------------------------------- WIOD 2013

def fmt_number(v) -> str:
    """Shortest exact text of a float; integral values without a decimal point."""
    v = float(v)
    if v.is_integer() and abs(v) < 1e15:
        return str(int(v))
    return repr(v)


def extract_wiod2013(source=None, out=None, years=None, log=print) -> list[Path]:
    """Read the 17 world tables, derive the value-chain quantities and write the WIOD 2013 extract."""
    source = Path(source) if source else paths.shared_dir()
    out = Path(out) if out else paths.DATA
    folder = _source_folder(source, "wiod2013")
    years = tuple(years) if years else wiod2013.YEARS
    recs = {"intermediate_exports": [], "electronics": [], "va": []}
    sources = []
    for y in years:
        p = folder / f"wiot_{y}.RData"
        w = read_wiot(p, year=y)
        ie, el, va = value_chain_records(w)
        recs["intermediate_exports"] += ie
        recs["electronics"] += el
        recs["va"] += va
        sources.append({"year": y, "file": p.name, "sha256": sha256_file(p)})
        log(f"read {p} ({len(w.countries)} regions x 35 industries)")
    written = []
    for key, rows in recs.items():
        target = out / wiod2013.FILES[key]
        formatted = ([str(c) if not isinstance(c, float) else fmt_number(c) for c in r[:-1]] + [fmt_number(r[-1])]
                     for r in rows)
        if target.name.endswith(".gz"):
            write_csv_gz(target, wiod2013.HEADERS[key], formatted)
        else:
            write_text(target, _csv_text(wiod2013.HEADERS[key], formatted))
        written.append(target)
    ind = out / wiod2013.FILES["industries"]
    write_text(ind, _csv_text(["code", "isic_rev3", "description"], wiod2013.INDUSTRIES))
    written.append(ind)
    prov = out / wiod2013.PROVENANCE_FILE
    write_provenance(prov, {
        "dataset": "WIOD 2013 release, world input-output tables 1995-2011 (40 countries + RoW, 35 industries)",
        "source": "World Input-Output Database, www.wiod.org, 2013 release; R data files wiot_YYYY.RData "
                  "(list: inter, final, output, countries, industries, year) as distributed in the R package "
                  "'wiod' (B. Quast)",
        "citation": [CITATION,
                     "Timmer, M. P. (ed.) (2012), The World Input-Output Database (WIOD): Contents, Sources and "
                     "Methods, WIOD Working Paper 10."],
        "licence": {"name": "unspecified",
                    "note": ("No explicit licence found for the 2013 release (the 2016 release is CC BY 4.0); "
                             "WIOD asks users to cite Timmer et al. (2015). Only derived aggregates are "
                             "committed here.")},
        "sources": sources,
        "command": "python -m smegvc extract --wiod2013",
        "extracted_on": _dt.date.today().isoformat(),
        "outputs": {str(p.relative_to(out)): {"sha256": sha256_file(p)} for p in written},
        "units": "millions of current US dollars (source values rounded to whole millions; derived value-added "
                 "quantities are not rounded)",
        "definitions": {
            "intermediate_exports": "sum over using industries of the destination country of inter[origin cell, "
                                    "destination cells]; origins " + ", ".join(wiod2013.ORIGINS),
            "electronics_intermediates": "intermediate exports of c14 (ISIC Rev.3 30t33, electrical and optical "
                                         "equipment) by destination country and destination-industry group: "
                                         + "; ".join(f"{k} = {' '.join(v)}" for k, v in wiod2013.DEST_GROUPS.items()),
            "gross_exports": "intermediate + final sales of a country-industry to all other countries",
            "va_in_exports": "value added from source country group 'partner' embodied in the gross exports of "
                             "'country' 'industry': (v o 1_partner)' B e; sums to gross exports over partners; "
                             "foreign part = backward participation",
            "va_in_partner_exports": "value added of 'country' 'industry' embodied in the gross exports of the "
                                     "exporter group 'partner': v o B (e o 1_partner); partner = own country gives "
                                     "its VA in its own exports; other partners = forward participation",
            "value_added": "v = 1 - column sums of A (includes net product taxes and international transport "
                           "margins: the R files carry no VA row); B = (I - A)^-1 of the 1435 x 1435 world table",
            "partners": ", ".join(wiod2013.FOCUS) + f", {wiod2013.OTHER} = all other 35 regions including RoW; WLD = world",
        },
        "notes": [
            "Zero-output cells (18-22 a year; in the focus countries KOR c35, JPN c35, CHN c19 and c35 in "
            "every year) get A = 0 and v = 1; their exports are 0.",
            "Row identity x = Z1 + F1 holds within the rounding of cells to whole millions (plus 2 million) and "
            "0.009% of output in the five focus countries; rows of small economies (EST, CYP, MLT, LVA ...) fall "
            "short of output by more (up to 6.7% of a country's total output).",
            "Negative final use (INVEN) occurs in the source; not part of intermediate exports.",
            "ISIC Rev. 3 industries (c1..c35) do not map one-to-one to the ISIC Rev. 4 industries of the 2016 "
            "release: c14 (30t33) covers C26 and C27 and parts of C28, C33.",
        ],
    })
    written.append(prov)
    log("wrote " + ", ".join(str(p) for p in written))
    return written


# ---------------------------------------------------------------------------------------------- CLI

def add_arguments(parser) -> None:
    """Options of ``python -m smegvc extract`` (run by :func:`smegvc.catalog.run_extract`)."""
    parser.add_argument("--countries", nargs="+", default=list(DEFAULT_COUNTRIES), metavar="ISO3",
                        help=f"WIOD 2016 countries to extract (default: {' '.join(ECONOMIES)})")
    parser.add_argument("--source", type=Path, default=None,
                        help="raw-source folder (default: ../shared or $SMEGVC_SHARED)")
    parser.add_argument("--out", type=Path, default=None, help="output data folder (default: data/)")
    g = parser.add_mutually_exclusive_group()
    g.add_argument("--wiod2013", action="store_true", help="extract the WIOD 2013 value-chain indicators only")
    g.add_argument("--shares", action="store_true",
                   help="rebuild only the firm-size share tables (data/sme/) from the committed extracts")
    g.add_argument("--cases", action="store_true",
                   help="rebuild only the case-study tables (data/cases/) from the research dossier")
    g.add_argument("--tiva", action="store_true", help="extract the OECD TiVA 2025 indicators only")
    g.add_argument("--all", action="store_true",
                   help="extract WIOD 2016, WIOD 2013, TiVA and the case studies, then rebuild the shares")
