import pytest

from smegvc.paths import shared_dir


@pytest.fixture
def shared():
    """The raw-source folder; tests that need it skip with a reason in a clone without it."""
    d = shared_dir()
    if not (d / "data").is_dir():
        pytest.skip(f"raw sources not found at {d} (set SMEGVC_SHARED or place ../shared beside the repo)")
    return d


@pytest.fixture(scope="session")
def built_book():
    """Build the site strictly (-W -n --keep-going) and the PDF once per test session.

    Returns the build folder. A failing chapter, a dead reference or a LaTeX error fails here.
    """
    from smegvc.build import driver as build

    rc = build.main([])
    assert rc == 0, "book build failed"
    return build.BUILD
