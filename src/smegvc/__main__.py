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
    "extract": ("smegvc.io.extract", "rebuild the tidy extracts in data/ from ../shared"),
    "validate": ("smegvc.io.datapackage", "validate every file listed in data/datapackage.json"),
    "results": ("smegvc.engine.results", "compute the long results table"),
}


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = argparse.ArgumentParser(prog="python -m smegvc", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    parsers = {name: sub.add_parser(name, help=help_) for name, (_, help_) in COMMANDS.items()}
    # import only the chosen command's module, so one command never depends on another's imports
    chosen = next((a for a in argv if a in COMMANDS), None)
    if chosen is not None:
        mod = importlib.import_module(COMMANDS[chosen][0])
        mod.add_arguments(parsers[chosen])
    args = parser.parse_args(argv)
    return int(mod.run(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
