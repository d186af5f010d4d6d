"""Command line: ``python -m smegvc <command> [options]``.

Commands:
    extract   rebuild the tidy extracts in data/ from the raw sources in ../shared
    validate  validate every file listed in data/datapackage.json
    results   compute the long results table (data/results/results.csv)
"""
from __future__ import annotations

import argparse
import importlib
import sys

# command -> (module, help); each module defines add_arguments(parser) and run(args) -> int
COMMANDS = {
    "extract": ("smegvc.cli_extract", "rebuild the tidy extracts in data/ from ../shared"),
    "validate": ("smegvc.datapackage", "validate every file listed in data/datapackage.json"),
    "results": ("smegvc.results", "compute the long results table"),
}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m smegvc", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    modules = {}
    for name, (modname, help_) in COMMANDS.items():
        p = sub.add_parser(name, help=help_)
        mod = importlib.import_module(modname)
        mod.add_arguments(p)
        modules[name] = mod
    args = parser.parse_args(argv)
    return int(modules[args.command].run(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
