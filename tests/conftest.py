import pytest

from smegvc.paths import shared_dir


@pytest.fixture
def shared():
    """The raw-source folder; tests that need it skip with a reason in a clone without it."""
    d = shared_dir()
    if not (d / "data").is_dir():
        pytest.skip(f"raw sources not found at {d} (set SMEGVC_SHARED or place ../shared beside the repo)")
    return d
