"""Loader of the committed WIOD 2016 extract in ``data/wiod2016/`` (no raw sources needed).

    load_niot(country, year) -> NationalTable     WIOD 2016 national IO table, millions of current US$
    niot_years(country) -> tuple of years         years available in the extract
    niot_countries() -> tuple of ISO3 codes
    industries() -> DataFrame(code, description)  the 56 WIOD 2016 industries in table order
    exchange_rates() -> DataFrame                  WIOD's US$ per unit of won / NT dollar, 2000-2014

The extract ``data/wiod2016/niot_long.csv.gz`` is parsed once per process (``functools.lru_cache``) and
every country-year is validated on that first load (:mod:`smegvc.io.wiod2016.checks`): a bad file raises one
:class:`~smegvc.errors.DataError` naming the file, the CSV line and the column.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from smegvc import paths
from smegvc import tracking
from smegvc.errors import DataError
from smegvc.io.iotable import NationalTable
from smegvc.io.textcsv import line as _line
from smegvc.io.wiod2016 import BLOCKS, COLUMNS, INDUSTRIES, INDUSTRIES_FILE, LONG_COLUMNS, NIOT_FILE, ROW_KEYS
from smegvc.io.wiod2016.checks import check_table
from smegvc.io.wiod2016.reader import national_table


def exchange_rates(path=None) -> pd.DataFrame:
    """WIOD's exchange rates (``data/wiod2016/exchange_rates.csv``): country, year, currency, usd_per_unit,
    validated (every economy and year of the extract present once, rates positive and finite)."""
    from smegvc.io.textcsv import read_text_csv
    from smegvc.io.wiod2016 import CURRENCIES, EXCHANGE_COLUMNS, EXCHANGE_FILE
    from smegvc.scope import YEARS

    path = Path(path) if path is not None else paths.DATA / EXCHANGE_FILE
    df = read_text_csv(path, EXCHANGE_COLUMNS)
    rate = pd.to_numeric(df["usd_per_unit"], errors="coerce")
    for i, (c, y, cur, r) in enumerate(zip(df["country"], df["year"], df["currency"], rate)):
        if c not in CURRENCIES or CURRENCIES[c] != cur:
            raise DataError(path, f"unknown country or currency {c!r} / {cur!r}", row=_line(i), column="currency")
        if not (np.isfinite(r) and r > 0):
            raise DataError(path, f"rate must be a positive number, got {df['usd_per_unit'].iloc[i]!r}", row=_line(i),
                            column="usd_per_unit")
    out = pd.DataFrame({"country": df["country"], "year": pd.to_numeric(df["year"], errors="coerce"),
                        "currency": df["currency"], "usd_per_unit": rate.astype(float)})
    have = set(zip(out["country"], out["year"]))
    missing = [(c, y) for c in CURRENCIES for y in YEARS if (c, y) not in have]
    if missing or len(have) != len(out):
        raise DataError(path, f"every economy and year once: missing {missing[:3]}" if missing
                        else "a country-year appears twice", column="country,year")
    return out


def niot_path() -> Path:
    return paths.DATA / NIOT_FILE


def parse_niot_long(path) -> dict[tuple[str, int], np.ndarray]:
    """Parse and check the long extract: {(country, year): (120, 63) array in ROW_KEYS x COLUMNS order}.

    Checks: header exactly :data:`LONG_COLUMNS`; known block/row/column codes; numeric, finite values;
    no duplicated key; every cell of every country-year present. Raises DataError (file, line, column).
    """
    path = Path(path)
    if not path.is_file():
        raise DataError(path, "extract not found; rebuild it with `python -m smegvc extract`")
    try:
        header = pd.read_csv(path, nrows=0).columns.tolist()
    except Exception as exc:  # gzip/zlib/parser errors all mean an unreadable file
        raise DataError(path, f"cannot read as gzip CSV ({type(exc).__name__}: {exc})") from exc
    if header != list(LONG_COLUMNS):
        extra = [c for c in header if c not in LONG_COLUMNS]
        missing = [c for c in LONG_COLUMNS if c not in header]
        col = (extra or missing or [None])[0]
        raise DataError(path, f"header {header} differs from {list(LONG_COLUMNS)}"
                        + (f"; unexpected column {extra}" if extra else "")
                        + (f"; missing column {missing}" if missing else ""), row=1, column=col)
    try:
        df = pd.read_csv(path, dtype={"country": str, "year": "int64", "block": str, "row": str,
                                      "column": str, "value": "float64"},
                         keep_default_na=False, na_values=[""])
    except (ValueError, TypeError):
        df = pd.read_csv(path, dtype=str, keep_default_na=False)
        for col in ("year", "value"):
            num = pd.to_numeric(df[col], errors="coerce")
            bad = np.flatnonzero(num.isna().to_numpy() & (df[col] != "").to_numpy())
            if bad.size:
                i = bad[0]
                raise DataError(path, f"text {df[col].iat[i]!r} in a numeric cell", row=_line(i), column=col)
        raise DataError(path, "cannot parse the file")  # pragma: no cover
    for col in LONG_COLUMNS:
        bad = np.flatnonzero(df[col].isna().to_numpy())
        if bad.size:
            raise DataError(path, "empty cell", row=_line(bad[0]), column=col)
    val = df["value"].to_numpy()
    bad = np.flatnonzero(~np.isfinite(val))
    if bad.size:
        raise DataError(path, f"value {val[bad[0]]!r} is not a finite number", row=_line(bad[0]), column="value")
    bad = np.flatnonzero(~df["block"].isin(BLOCKS).to_numpy())
    if bad.size:
        raise DataError(path, f"unknown block {df['block'].iat[bad[0]]!r} (expected one of {BLOCKS})",
                        row=_line(bad[0]), column="block")
    row_index = {f"{b}|{r}": i for i, (b, r) in enumerate(ROW_KEYS)}
    ri = (df["block"] + "|" + df["row"]).map(row_index)
    bad = np.flatnonzero(ri.isna().to_numpy())
    if bad.size:
        i = bad[0]
        raise DataError(path, f"unknown row code {df['row'].iat[i]!r} in block {df['block'].iat[i]!r}",
                        row=_line(i), column="row")
    cj = df["column"].map({c: j for j, c in enumerate(COLUMNS)})
    bad = np.flatnonzero(cj.isna().to_numpy())
    if bad.size:
        raise DataError(path, f"unknown column code {df['column'].iat[bad[0]]!r}", row=_line(bad[0]), column="column")
    key = df["country"] + "|" + df["year"].astype(str)
    groups, g = np.unique(key.to_numpy(), return_inverse=True)
    ncell = len(ROW_KEYS) * len(COLUMNS)
    flat = g * ncell + ri.to_numpy(dtype=np.int64) * len(COLUMNS) + cj.to_numpy(dtype=np.int64)
    dup = pd.Series(flat).duplicated(keep=False).to_numpy()
    if dup.any():
        lines = [_line(i) for i in np.flatnonzero(flat == flat[np.argmax(dup)])]
        i = lines[0] - 2
        raise DataError(path, f"duplicated key ({', '.join(f'{c}={df[c].iat[i]}' for c in LONG_COLUMNS[:5])}) "
                        f"on lines {lines}", row=lines[1], column="country,year,block,row,column")
    out = {}
    arrays = np.full((len(groups), ncell), np.nan)
    arrays[g, flat - g * ncell] = val
    for k, name in enumerate(groups):
        arr = arrays[k].reshape(len(ROW_KEYS), len(COLUMNS))
        miss = np.argwhere(np.isnan(arr))
        if miss.size:
            i, j = miss[0]
            b, r = ROW_KEYS[i]
            raise DataError(path, f"{name.replace('|', ' ')}: cell {b} {r} x {COLUMNS[j]} missing "
                            f"({len(miss)} cells missing)", row=f"{name.replace('|', ' ')} {b} {r}",
                            column=COLUMNS[j])
        country, year = name.split("|")
        out[(country, int(year))] = arr
    return out


def validated_niot_tables(path) -> dict[tuple[str, int], NationalTable]:
    """Parse the long extract and validate every country-year (uncached): {(country, year): NationalTable}."""
    arrays = parse_niot_long(path)
    tables = {}
    for (country, year), arr in arrays.items():
        t = national_table(country, year, arr)
        check_table(t, path)
        tables[(country, year)] = t
    return tables


@lru_cache(maxsize=8)
def _niot_tables(path_str: str) -> dict[tuple[str, int], NationalTable]:
    return validated_niot_tables(path_str)


def _tables(path=None) -> dict[tuple[str, int], NationalTable]:
    p = Path(path) if path is not None else niot_path()
    tracking.record_read(p)
    return _niot_tables(str(p.resolve()))


def load_niot(country: str, year: int, *, path=None) -> NationalTable:
    """The WIOD 2016 national IO table of ``country`` (ISO3) in ``year``, millions of current US$.

    Validated on first load (identities, signs, finite Leontief inverse). ``path`` overrides the
    committed extract (tests). The returned NationalTable is frozen; its arrays are shared between calls,
    so do not modify them in place.
    """
    tables = _tables(path)
    key = (str(country).upper(), int(year))
    if key not in tables:
        have = sorted({c for c, _ in tables})
        if key[0] not in have:
            raise DataError(path or niot_path(), f"country {country!r} not in the extract (has {have})",
                            column="country")
        yrs = sorted(y for c, y in tables if c == key[0])
        raise DataError(path or niot_path(), f"year {year} not in the extract for {key[0]} "
                        f"(has {yrs[0]}-{yrs[-1]})", column="year")
    return tables[key]


def niot_years(country: str, *, path=None) -> tuple[int, ...]:
    """Years available for ``country`` in the extract (empty if the country is absent)."""
    return tuple(sorted(y for c, y in _tables(path) if c == str(country).upper()))


def niot_countries(*, path=None) -> tuple[str, ...]:
    return tuple(sorted({c for c, _ in _tables(path)}))


@lru_cache(maxsize=1)
def _industries(path_str: str) -> pd.DataFrame:
    df = pd.read_csv(path_str, dtype=str, keep_default_na=False)
    if list(df.columns) != ["code", "description"]:
        raise DataError(path_str, f"header {list(df.columns)}, expected ['code', 'description']", row=1)
    if tuple(df["code"]) != INDUSTRIES:
        i = next((k for k, (a, b) in enumerate(zip(df["code"], INDUSTRIES)) if a != b), min(len(df), len(INDUSTRIES)))
        raise DataError(path_str, f"industry codes differ from the 56 WIOD codes in order at position {i + 1}",
                        row=_line(i), column="code")
    return df


def industries() -> pd.DataFrame:
    """The 56 WIOD 2016 industries in table order: columns ``code``, ``description`` (ISIC Rev. 4 based)."""
    p = paths.DATA / INDUSTRIES_FILE
    tracking.record_read(p)
    return _industries(str(p.resolve())).copy()
