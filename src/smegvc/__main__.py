"""Command line: ``python -m smegvc <command> [options]``.

Commands:
    extract   rebuild the tidy extracts in data/ from the raw sources in ../shared
    validate  validate every file listed in data/datapackage.json
    results   compute the long results table (data/results/results.csv)
    intake    the build's trust boundary: check every data file by its role (see smegvc.intake)
"""
from __future__ import annotations

import argparse
import sys

COMMANDS = {
    "extract": "rebuild the tidy extracts in data/ from ../shared",
    "validate": "validate every file listed in data/datapackage.json",
    "results": "compute the long results table",
    "intake": "the build's trust boundary: check every data file by its role, accept valid input edits, re-derive",
}


def command(name: str):
    """(add_arguments(parser), run(args) -> int) of one command, imported only when that command runs, so
    one command never depends on another's imports."""
    if name == "extract":
        from smegvc.catalog import run_extract
        from smegvc.io.extract import add_arguments
        return add_arguments, run_extract
    if name == "validate":
        from smegvc.catalog import add_arguments, run
        return add_arguments, run
    if name == "results":
        from smegvc.engine.results import add_arguments, run
        return add_arguments, run
    if name == "intake":
        from smegvc.intake import add_arguments, run
        return add_arguments, run
    raise KeyError(name)


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = argparse.ArgumentParser(prog="python -m smegvc", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    parsers = {name: sub.add_parser(name, help=help_) for name, help_ in COMMANDS.items()}
    chosen = next((a for a in argv if a in COMMANDS), None)
    if chosen is not None:
        add_arguments, run = command(chosen)
        add_arguments(parsers[chosen])
    args = parser.parse_args(argv)
    return int(run(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
