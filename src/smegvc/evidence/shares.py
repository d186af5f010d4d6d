"""Firm-size shares by industry: the SME part of each WIOD industry's output and exports.

Only aggregates are published for Korea and Taiwan (an SME share of manufacturing value added, of all
exports, of all sales, ...). This module turns them into shares for the 56 WIOD 2016 industries with one
documented rule, and writes ``data/sme/firm_size_shares.csv``, which the engine reads.

The rule itself, and its maths, are :mod:`smegvc.evidence.share_rule`; the files' columns and Data Package
resources are :mod:`smegvc.evidence.shares_schema`. This module reads and validates the inputs, builds
and writes the tables, and loads them (validated on every load).

Public functions:
    build_share_table(out_path=None) -> list[Path]      rebuild the CSV(s) atomically
    load_shares(country, year) -> DataFrame indexed by industry (validated, feasibility checked)
    validate_share_frame(df, path, tables=None)          the file checks; raises DataError
    derive_shares (the rule): smegvc.evidence.share_rule
    read_priors(), read_benchmarks(), read_overrides(), wiod_vectors()   the validated inputs
"""
from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pandas as pd

from smegvc import paths
from smegvc import tracking
from smegvc.atomic import write_text
from smegvc.errors import DataError, InfeasibleSharesError
from smegvc.evidence.share_rule import derive_shares
from smegvc.evidence.shares_schema import (BENCHMARK_COLUMNS, BENCHMARK_SCHEMA, BENCHMARKS_FILE, OPTIONAL_SHARES,
                                           OVERRIDES_FILE, PRIOR_COLUMNS, PRIOR_SCHEMA, PRIORS_FILE, REQUIRED_SHARES,
                                           SCOPES, SHARE_COLUMNS, SHARE_SCHEMA, SHARES_FILE)
from smegvc.io.datapackage import check_rows
from smegvc.io.textcsv import exact_columns, line as _line, read_text_csv
from smegvc.io.wiod2016 import INDUSTRIES
from smegvc.scope import ECONOMIES, YEARS

FEAS_RTOL = 1e-9            # feasibility tolerance, relative to output


class InfeasibleShareRowError(DataError, InfeasibleSharesError):
    """A share row whose SME or large-firm exports exceed that cell's output (names file, row, column)."""


# ---------------------------------------------------------------------------------------------- inputs

def _text(df: pd.DataFrame) -> pd.DataFrame:
    """Every cell as text ('' for missing), as in the CSV file."""
    return df.apply(lambda col: col.map(lambda v: "" if v is None or (isinstance(v, float) and np.isnan(v))
                                        else str(v)))


def _check_schema(df: pd.DataFrame, path, schema: dict, row_label=None) -> None:
    """The schema checks of :mod:`smegvc.io.datapackage` (the ones ``python -m smegvc validate`` runs) on a
    text frame whose columns are exactly the schema's fields."""
    check_rows(path, list(df.columns), df.to_numpy().tolist(), schema, row_label)


def read_priors(path=None) -> pd.DataFrame:
    """The prior SME output shares, one row per WIOD industry in table order (validated)."""
    path = Path(path) if path is not None else paths.DATA / PRIORS_FILE
    df = read_text_csv(path, PRIOR_COLUMNS)
    _check_schema(df, path, PRIOR_SCHEMA)           # codes, prior a number in [0, 1], text present
    if tuple(df["industry"]) != INDUSTRIES:
        i = next((k for k, (a, b) in enumerate(zip(df["industry"], INDUSTRIES)) if a != b),
                 min(len(df), len(INDUSTRIES)))
        raise DataError(path, f"industries must be the 56 WIOD codes in table order; mismatch at position {i + 1}",
                        row=_line(i), column="industry")
    df = df.copy()
    df["prior_sme_output_share"] = pd.to_numeric(df["prior_sme_output_share"]).astype(float)
    return df


def read_benchmarks(path=None, published=None) -> pd.DataFrame:
    """The benchmark specification joined with the published values (``value`` as a fraction, ``year``).

    Checks the schema (:data:`~smegvc.evidence.shares_schema.BENCHMARK_SCHEMA`: known codes, years), that
    valid_from <= valid_to, that every ``published_id`` exists in the published table with unit percent and
    the same country, and that composition rows name an ``of_scope`` containing their scope.
    """
    from smegvc.evidence.sme_stats import read_published

    path = Path(path) if path is not None else paths.DATA / BENCHMARKS_FILE
    df = read_text_csv(path, BENCHMARK_COLUMNS).copy()
    pub = read_published() if published is None else published
    _check_schema(df, path, BENCHMARK_SCHEMA)       # unique ids, known codes, years within the WIOD years
    for col in ("valid_from", "valid_to"):
        df[col] = df[col].astype(int)
    bad = np.flatnonzero((df["valid_from"] > df["valid_to"]).to_numpy())
    if bad.size:
        raise DataError(path, "valid_from after valid_to", row=_line(bad[0]), column="valid_to")
    comp = (df["kind"] == "composition").to_numpy()
    for i in np.flatnonzero(comp):
        of = df["of_scope"].iat[i]
        if of not in SCOPES or not set(SCOPES[df["scope"].iat[i]]) <= set(SCOPES[of]):
            raise DataError(path, f"composition needs an of_scope containing scope {df['scope'].iat[i]!r}",
                            row=_line(i), column="of_scope")
    pub_by_id = pub.set_index("id")
    values, years, sources = [], [], []
    for i, pid in enumerate(df["published_id"]):
        if pid not in pub_by_id.index:
            raise DataError(path, f"published_id {pid!r} not in the published-statistics table",
                            row=_line(i), column="published_id")
        r = pub_by_id.loc[pid]
        if r["unit"] != "percent":
            raise DataError(path, f"published figure {pid!r} is in {r['unit']!r}, not percent", row=_line(i),
                            column="published_id")
        if r["country"] != df["country"].iat[i]:
            raise DataError(path, f"published figure {pid!r} is for {r['country']}", row=_line(i),
                            column="country")
        values.append(float(r["value"]) / 100.0)
        years.append(int(r["year"]))
        sources.append(f"{r['source_agency']}: {r['source_publication']}")
    df["value"] = values
    df["year"] = years
    df["citation"] = sources
    return df


def read_overrides(path=None) -> pd.DataFrame | None:
    """User-supplied industry-level shares (same columns as the share table, status "published_industry"), or
    None."""
    path = Path(path) if path is not None else paths.DATA / OVERRIDES_FILE
    if not path.is_file():
        return None
    df = validate_share_frame(read_text_csv(path, SHARE_COLUMNS), path, require_complete=False)
    bad = np.flatnonzero((df["status"] != "published_industry").to_numpy())
    if bad.size:
        i = bad[0]
        raise DataError(path, "user-supplied rows must have status 'published_industry'",
                        row=f"{df['country'].iat[i]} {df['year'].iat[i]} {df['industry'].iat[i]} (line {_line(i)})",
                        column="status")
    return df


def wiod_vectors(pairs=None) -> dict:
    """{(country, year): {"x", "e", "v": (56,) arrays}} from the committed WIOD extract (millions of US$).

    ``pairs``: (country, year) tuples; default every economy in :data:`smegvc.scope.ECONOMIES` x every year in :data:`smegvc.scope.YEARS`.
    """
    from smegvc.io.wiod2016.load import load_niot

    pairs = [(c, y) for c in ECONOMIES for y in YEARS] if pairs is None else pairs
    out = {}
    for c, y in pairs:
        t = load_niot(c, int(y))
        if tuple(t.industries) != INDUSTRIES:
            raise DataError("data/wiod2016", f"{c} {y}: industries differ from the 56 WIOD codes")
        out[(c, int(y))] = {"x": np.asarray(t.x, float), "e": np.asarray(t.e, float),
                            "v": np.asarray(t.v, float)}
    return out


# ---------------------------------------------------------------------------------------------- validation

def _row_labels(df):
    def label(i):
        return f"{df['country'].iat[i]} {df['year'].iat[i]} {df['industry'].iat[i]} (line {_line(i)})"
    return label


def validate_share_frame(df: pd.DataFrame, path, tables: dict | None = None, *,
                         require_complete: bool = True) -> pd.DataFrame:
    """Check a share table (read as text or built); return it typed (shares float, NaN for empty optional).

    Checks, each raising DataError naming the file, the row (country year industry and CSV line) and the
    column: exactly the columns of :data:`~smegvc.evidence.shares_schema.SHARE_SCHEMA`, then that schema
    (known country, year, industry and status, shares finite in [0, 1], no duplicated row) by the generic
    validator; then what a schema cannot say: output_low <= sme_output_share <= output_high and likewise
    for exports; with ``require_complete`` all 56 industries of every country-year present.
    ``tables``: {(country, year): {"x", "e"}} to check feasibility (InfeasibleShareRowError).
    """
    df = _text(exact_columns(df, SHARE_COLUMNS, path))
    for col in ("country", "year", "industry", "status"):
        df[col] = df[col].str.strip()
    label = _row_labels(df)
    _check_schema(df, path, SHARE_SCHEMA, label)    # codes, years, shares in [0, 1], no duplicated row
    df["year"] = df["year"].astype(int)
    for col in REQUIRED_SHARES + OPTIONAL_SHARES:
        df[col] = pd.to_numeric(df[col].replace("", np.nan)).astype(float)
    for share, low, high in (("sme_output_share", "output_low", "output_high"),
                             ("sme_export_share", "export_low", "export_high")):
        bad = np.flatnonzero((df[low] > df[share]).to_numpy())
        if bad.size:
            i = bad[0]
            raise DataError(path, f"{low} {df[low].iat[i]!r} above {share} {df[share].iat[i]!r}", row=label(i),
                            column=low)
        bad = np.flatnonzero((df[high] < df[share]).to_numpy())
        if bad.size:
            i = bad[0]
            raise DataError(path, f"{high} {df[high].iat[i]!r} below {share} {df[share].iat[i]!r}",
                            row=label(i), column=high)
    if require_complete:
        counts = df.groupby(["country", "year"])["industry"].nunique()
        short = counts[counts != len(INDUSTRIES)]
        if len(short):
            (c, y), k = short.index[0], int(short.iloc[0])
            have = set(df.loc[(df["country"] == c) & (df["year"] == y), "industry"])
            miss = [i for i in INDUSTRIES if i not in have]
            raise DataError(path, f"{c} {y} has {k} of the 56 industries (missing {miss[:5]})",
                            row=f"{c} {y} {miss[0]}", column="industry")
    if tables is not None:
        check_feasibility(df, tables, path)
    return df.reset_index(drop=True)


def check_feasibility(df: pd.DataFrame, tables: dict, path) -> None:
    """SME exports within SME output and large-firm exports within large-firm output, row by row.

    alpha_j x_j >= gamma_j e_j and (1 - alpha_j) x_j >= (1 - gamma_j) e_j, to a tolerance of 1e-9 x_j.
    Raises :class:`InfeasibleShareRowError` naming the file, the row and the column sme_export_share.
    """
    label = _row_labels(df)
    idx = {c: j for j, c in enumerate(INDUSTRIES)}
    for (c, y), grp in df.groupby(["country", "year"], sort=False):
        if (c, y) not in tables:
            continue
        x, e = np.asarray(tables[(c, y)]["x"], float), np.asarray(tables[(c, y)]["e"], float)
        pos = grp.index.to_numpy()
        j = grp["industry"].map(idx).to_numpy()
        a, g = grp["sme_output_share"].to_numpy(float), grp["sme_export_share"].to_numpy(float)
        tol = FEAS_RTOL * np.maximum(x[j], 1.0)
        sme = a * x[j] - g * e[j]
        large = (1 - a) * x[j] - (1 - g) * e[j]
        for gap, who in ((sme, "SME"), (large, "large-firm")):
            bad = np.flatnonzero(gap < -tol)
            if bad.size:
                k = bad[0]
                i = int(pos[k])
                raise InfeasibleShareRowError(
                    path, f"infeasible: {who} exports exceed {who} output "
                    f"(output share {a[k]:.6g} x output {x[j[k]]:.6g} vs export share {g[k]:.6g} x exports "
                    f"{e[j[k]]:.6g}, millions of US$)", row=label(i), column="sme_export_share")


# ---------------------------------------------------------------------------------------------- files

def shares_path() -> Path:
    return paths.DATA / SHARES_FILE


def _fmt(v) -> str:
    if v is None or (isinstance(v, float) and np.isnan(v)):
        return ""
    if isinstance(v, (float, np.floating)):
        return repr(float(v))
    return str(v)


def share_table_csv(df: pd.DataFrame) -> str:
    """CSV text of a share table: shares at full precision (Python repr), empty optional shares blank."""
    out = df[list(SHARE_COLUMNS)].copy()
    for col in REQUIRED_SHARES + OPTIONAL_SHARES:
        out[col] = [_fmt(float(v)) if v != "" and not pd.isna(v) else "" for v in out[col]]
    buf = io.StringIO()
    out.to_csv(buf, index=False, lineterminator="\n")
    return buf.getvalue()


def build_share_table(out_path=None, *, log=print) -> list[Path]:
    """Rebuild the firm-size share table(s) from the curated inputs and the WIOD extract.

    Writes ``out_path`` (default ``data/sme/firm_size_shares.csv``: the SME definition in force each year)
    and, beside it, ``firm_size_shares_kor_consistent.csv`` (Korea's pre-2011 coverage throughout). Every
    input is read and validated, and both tables are built and checked (bounds, feasibility), before
    either file is written; each write is atomic. User rows in ``data/sme/share_overrides.csv`` (if any)
    are kept and the rule fits the other industries around them. Returns the written paths.
    """
    out = Path(out_path) if out_path is not None else shares_path()
    other = out.with_name(out.stem + "_kor_consistent" + out.suffix)
    priors = read_priors()
    bm = read_benchmarks()
    overrides = read_overrides()
    wiod = wiod_vectors()
    texts = {}
    for path, scenario in ((out, "in_force"), (other, "consistent")):
        df = derive_shares(bm, priors, wiod, scenario=scenario, overrides=overrides)
        text = share_table_csv(df)
        parsed = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
        validate_share_frame(parsed, path, wiod)
        texts[path] = text
    for path, text in texts.items():
        write_text(path, text)
        log(f"wrote {path}")
    return list(texts)


_CACHE: dict = {}


def read_share_table(path=None, *, check=True) -> pd.DataFrame:
    """The whole share table, validated (feasibility against the WIOD extract when ``check``)."""
    path = Path(path) if path is not None else shares_path()
    if not path.is_file():
        raise DataError(path, "file not found; rebuild it with smegvc.evidence.shares.build_share_table()")
    tracking.record_read(path)
    st = path.stat()
    key = (str(path.resolve()), st.st_mtime_ns, st.st_size, check)
    if key not in _CACHE:
        df = read_text_csv(path, SHARE_COLUMNS)
        tables = None
        if check:
            pairs = sorted(set(zip(df["country"].str.strip(), df["year"].str.strip())))
            if all(c in ECONOMIES and y.isdigit() and int(y) in YEARS for c, y in pairs):
                tables = wiod_vectors(pairs)
        for k in [k for k in _CACHE if k[0] == key[0]]:  # one entry per file: the results alternate two
            del _CACHE[k]
        _CACHE[key] = validate_share_frame(df, path, tables)
    return _CACHE[key].copy()


def load_shares(country: str, year: int, *, path=None) -> pd.DataFrame:
    """Firm-size shares of ``country`` in ``year``, indexed by the 56 WIOD industries in table order.

    Columns: sme_output_share, sme_export_share, sme_va_share, sme_import_share (NaN when empty: the engine
    then uses sme_output_share), status, output_low, output_high, export_low, export_high, source, note.
    The file is validated (ranges, bounds, completeness) and every row checked for feasibility against
    the WIOD table of its year; errors name the file, row and column.
    """
    path = Path(path) if path is not None else shares_path()
    df = read_share_table(path)
    sel = df[(df["country"] == str(country).upper()) & (df["year"] == int(year))]
    if sel.empty:
        have = sorted(set(zip(df["country"], df["year"])))
        raise DataError(path, f"no rows for {country} {year} (has {have[0]}-{have[-1]})" if have
                        else "the file has no rows", column="country,year")
    sel = sel.set_index("industry").loc[list(INDUSTRIES)]
    return sel.drop(columns=["country", "year"])
