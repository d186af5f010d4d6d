"""Benchmark the engine: split + all indicators for every KOR and TWN year, 1,000 uncertainty draws, and
1,000 calibrated common draws x 30 country-years x all scenarios (smegvc.engine.calibrated), with the
minimum and median of several runs and the load average.

    python scripts/benchmark_engine.py [--draws 1000] [--synthetic] [--repeat 3]

Uses the committed WIOD 2016 extract and firm-size shares (smegvc.io.wiod2016.load.load_niot, smegvc.evidence.shares.load_shares)
when they are available, else 30 synthetic 56-industry tables of realistic structure (spectral radius
0.40-0.48, three zero-output industries). Prints wall-clock times (best of ``--repeat``) and peak memory
(tracemalloc peak of Python allocations, and the process's maximum resident set size).

OpenBLAS threads: the engine works on small matrices (56 x 56; 112 x 112 for the explicit split), where
BLAS threading costs more than it gains, especially on a busy machine; compare with
``OPENBLAS_NUM_THREADS=1 python scripts/benchmark_engine.py``.
"""
from __future__ import annotations

import argparse
import os
import resource
import sys
import time
import tracemalloc

import numpy as np

from smegvc.engine.indicators import Core, country_year_indicators, fast_indicators
from smegvc.engine.sda import SdaYear, decompose
from smegvc.engine.split import SplitShares
from smegvc.engine.synthetic import synthetic_shares, synthetic_table
from smegvc.engine.uncertainty import bands_many
from smegvc.scope import ECONOMIES, YEARS

COUNTRIES = ECONOMIES


def real_inputs():
    from smegvc import paths

    if not (paths.DATA / "sme" / "firm_size_shares.csv").is_file():
        raise FileNotFoundError("data/sme/firm_size_shares.csv")
    from smegvc.io.wiod2016.load import load_niot
    from smegvc.evidence.shares import load_shares

    out = []
    for c in COUNTRIES:
        for y in YEARS:
            t = load_niot(c, y)
            out.append((t, SplitShares.from_frame(load_shares(c, y), t.industries), load_shares(c, y)))
    return out


def synthetic_inputs():
    out = []
    for k, c in enumerate(COUNTRIES):
        for y in YEARS:
            t = synthetic_table(56, 1000 * k + y, country=c, year=y, rho=0.40 + 0.08 * (y - 2000) / 14,
                                zero_output=("C33", "T", "U"))
            frame = synthetic_shares(t, y)
            out.append((t, SplitShares.from_frame(frame, t.industries), frame))
    return out


def best_of(fn, repeat):
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        res = fn()
        times.append(time.perf_counter() - t0)
    return min(times), res


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--draws", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--synthetic", action="store_true", help="use synthetic tables even if real data exist")
    args = ap.parse_args(argv)

    t0 = time.perf_counter()
    source = "synthetic 56-industry tables"
    inputs = None
    if not args.synthetic:
        try:
            inputs = real_inputs()
            source = "WIOD 2016 NIOT + data/sme/firm_size_shares.csv"
        except (ImportError, FileNotFoundError, OSError) as exc:
            print(f"(real data unavailable: {exc}; using synthetic tables)")
    if inputs is None:
        inputs = synthetic_inputs()
    load = time.perf_counter() - t0
    n = len(inputs)
    print(f"inputs: {n} country-years, {source}; loaded in {load:.2f} s")
    print(f"python {sys.version.split()[0]}, numpy {np.__version__}, cores {os.cpu_count()}, "
          f"OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS', 'unset')}, load average (1, 5, 15 min) "
          f"{' '.join(f'{v:.2f}' for v in os.getloadavg())}")

    t_exp, _ = best_of(lambda: [country_year_indicators(t, sh) for t, sh, _ in inputs], args.repeat)
    print(f"split (explicit 2n x 2n) + all indicators, national and by industry, {n} country-years: {t_exp:.3f} s "
          f"({1000 * t_exp / n:.1f} ms each)")
    cores = [Core.from_table(t) for t, _, _ in inputs]
    t_fast, _ = best_of(lambda: [fast_indicators(c, sh) for c, (_, sh, _) in zip(cores, inputs)], args.repeat)
    print(f"same by the n-dimensional closed form: {t_fast:.3f} s")
    t_lb, _ = best_of(lambda: [country_year_indicators(t, sh, linkage_bias=1.0) for t, sh, _ in inputs], 1)
    print(f"same with a linkage bias (block RAS): {t_lb:.3f} s")

    items = list(zip(cores, (sh for _, sh, _ in inputs)))
    t_unc, df = best_of(lambda: bands_many(items, n_draws=args.draws), args.repeat)
    print(f"uncertainty, {args.draws} draws x {n} country-years ({args.draws * n} split+indicator evaluations), "
          f"national indicators: {t_unc:.3f} s")
    t_unc_i, df_i = best_of(lambda: bands_many(items, n_draws=args.draws, by_industry=True), args.repeat)
    print(f"  ... with every per-industry indicator as well ({len(df_i)} bands): {t_unc_i:.3f} s")
    items_b = [(c, SplitShares.from_frame(frame, t.industries, beta_ne_alpha=True))
               for c, (t, _, frame) in zip(cores, inputs)]
    if any(not np.array_equal(s.beta, s.alpha, equal_nan=True) for _, s in items_b):
        t_unc_b, _ = best_of(lambda: bands_many(items_b, n_draws=args.draws), args.repeat)
        print(f"  ... with beta != alpha (fixed point on L - I, G != I): {t_unc_b:.3f} s")
    else:
        print("  (beta != alpha path skipped: no separate value-added shares in the inputs)")

    by_c = {}
    for t, sh, _ in inputs:
        by_c.setdefault(t.country, {})[t.year] = SdaYear.from_table(t, sh)
    t_sda, _ = best_of(lambda: [decompose(ys[min(ys)], ys[max(ys)]) for ys in by_c.values()], args.repeat)
    print(f"SDA (Shapley, 8 counterfactuals) first-to-last year for {len(by_c)} countries: {t_sda:.3f} s")
    # memory: a separate pass (tracemalloc slows allocation-heavy code, so it is off during the timings)
    tracemalloc.start()
    [country_year_indicators(t, sh) for t, sh, _ in inputs]
    bands_many(items, n_draws=args.draws, by_industry=True)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak traced Python memory (split + indicators + uncertainty with per-industry bands) "
          f"{peak / 2**20:.1f} MiB; max resident set size of the process {rss:.0f} MiB")
    target = 3.0
    print(f"target: {args.draws} draws across all country-years < {target:.0f} s -> "
          f"{'met' if t_unc_i < target else 'NOT met'} ({t_unc_i:.2f} s with per-industry bands)")
    if source.startswith("WIOD"):
        calibrated_benchmark(inputs, args, target)
    return 0


def calibrated_benchmark(inputs, args, target):
    """Calibrated common draws (smegvc.engine.calibrated) as ``python -m smegvc results`` computes them: re-calibrate
    every draw of every scenario (benchmark set, Korean definition) for every country-year
    (:func:`smegvc.engine.changes.run_economy`), evaluate the national indicators of every draw for every
    scenario and the io_only / shares_only counterfactual pairings (:func:`smegvc.engine.changes.evaluate_all`),
    then the change and level tables with their intervals (``changes_frame``, ``level_frame``). Timed
    ``--repeat`` times (at least 5); prints the minimum and median wall-clock time of each part and of the
    whole, the process CPU time of the whole, and the load average before and after (the machine is shared:
    wall-clock time under load is inflated by other work, CPU time much less)."""
    from smegvc.engine.changes import RUNS, changes_frame, evaluate_all, level_frame, run_economy

    by_c = {}
    for t, _, _ in inputs:
        by_c.setdefault(t.country, {})[t.year] = t

    def once():
        c0, t0 = time.process_time(), time.perf_counter()
        runs = [run_economy(c, tabs, n_draws=args.draws) for c, tabs in by_c.items()]
        t1 = time.perf_counter()
        n_eval = evaluate_all(runs)
        t2 = time.perf_counter()
        changes_frame(runs)
        level_frame(runs)
        t3 = time.perf_counter()
        return (t1 - t0, t2 - t1, t3 - t2, t3 - t0, time.process_time() - c0), runs, n_eval

    load0 = os.getloadavg()
    got = [once() for _ in range(max(args.repeat, 5))]
    load1 = os.getloadavg()
    parts = np.array([g[0] for g in got])
    runs, n_eval = got[-1][1], got[-1][2]
    n_cy = sum(len(r.years) * len(r.draws) for r in runs)
    scen = {c: [s for s, spec in RUNS.items() if c in spec] for c in by_c}

    def mm(k):
        return f"min {parts[:, k].min():.3f} s, median {np.median(parts[:, k]):.3f} s"

    print(f"calibrated common draws: {args.draws} draws x {sum(len(v) for v in by_c.values())} country-years x all "
          f"scenarios ({n_cy} scenario-country-years; {scen}; plus the io_only/shares_only pairings), "
          f"{len(parts)} runs:")
    print(f"  calibration (every draw re-calibrated to its targets): {mm(0)}")
    print(f"  national indicators ({n_eval} evaluations of {args.draws} draws or of the central shares): {mm(1)}")
    print(f"  change and level tables (5th/95th percentiles of every draw array): {mm(2)}")
    print(f"  total: {mm(3)}; process CPU time min {parts[:, 4].min():.3f} s, median {np.median(parts[:, 4]):.3f} s")
    print(f"  load average (1, 5, 15 min) before {load0[0]:.2f} {load0[1]:.2f} {load0[2]:.2f}, after "
          f"{load1[0]:.2f} {load1[1]:.2f} {load1[2]:.2f} on {os.cpu_count()} cores (timings under load are inflated "
          f"by other work)")
    best = parts[:, 3].min()
    print(f"target: calibrated draws, all scenarios, total <= {target:.0f} s -> {'met' if best <= target else 'NOT met'} "
          f"(min {best:.2f} s, median {np.median(parts[:, 3]):.2f} s)")


if __name__ == "__main__":
    sys.exit(main())
