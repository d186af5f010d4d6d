"""Record which data files a process reads, so a rebuild can tell which chapters depend on what.

Every loader in ``smegvc`` calls :func:`record_read` with the path it opened. When the environment
variable ``SMEGVC_READS_LOG`` names a file, each read is appended to it (one path a line).
"""
from __future__ import annotations

import os
from pathlib import Path

_READS: list[str] = []


def record_read(path) -> None:
    p = str(Path(path).resolve())
    if p not in _READS:
        _READS.append(p)
        log = os.environ.get("SMEGVC_READS_LOG")
        if log:
            with open(log, "a", encoding="utf-8") as fh:
                fh.write(p + "\n")


def reads() -> list[str]:
    """Paths read so far by this process, in first-read order."""
    return list(_READS)
