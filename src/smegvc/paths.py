"""Where things live. The raw sources sit in ``../shared`` beside the repository (or $SMEGVC_SHARED)."""
from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"


def shared_dir() -> Path:
    """The folder holding the raw sources (read-only); may not exist in a user's clone."""
    return Path(os.environ.get("SMEGVC_SHARED", ROOT.parent / "shared")).resolve()


def niot_workbook(country: str) -> Path:
    return shared_dir() / "data" / "wiod2016" / "niot" / f"{country}_NIOT_nov16.xlsx"


def wiot2013_file(year: int) -> Path:
    return shared_dir() / "data" / "wiod2013" / f"wiot_{year}.RData"


def research_dir() -> Path:
    return shared_dir() / "research"
