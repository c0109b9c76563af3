"""Test-session set-up: an isolated Prefect home and one Prefect test harness for the session.

Prefect reads its settings when it is first imported, so the environment is prepared here,
before any test module imports it: a fresh PREFECT_HOME and local storage per session (cached
results would leak between sessions otherwise) and no analytics.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

_SESSION_HOME = Path(tempfile.mkdtemp(prefix="newsflow-tests-"))
os.environ["PREFECT_HOME"] = str(_SESSION_HOME / "prefect")
os.environ["PREFECT_LOCAL_STORAGE_PATH"] = str(_SESSION_HOME / "prefect" / "storage")
os.environ["PREFECT_SERVER_ANALYTICS_ENABLED"] = "false"
os.environ.pop("PREFECT_API_URL", None)
(_SESSION_HOME / "prefect").mkdir(parents=True, exist_ok=True)

import pytest  # noqa: E402

PROJECT_ROOT = Path(__file__).resolve().parents[1]
SHARED = PROJECT_ROOT.parent / "shared"
SAMPLES = PROJECT_ROOT / "data" / "raw"
SEED = SHARED / "seed" / "000_ef3653d5635585ef.txt"

sys.path.insert(0, str(PROJECT_ROOT))


def shared_path(relative: str) -> Path:
    """A path under ../shared, or skip the test saying why it cannot run."""
    path = SHARED / relative
    if not path.exists():
        pytest.skip(
            f"needs ../shared/{relative}: the shared corpora sit beside the project in CI and "
            f"development checkouts only, not in a user's fresh clone"
        )
    return path


@pytest.fixture(scope="session")
def prefect_harness():
    """One Prefect test server for the whole session (it takes ~20 s to start)."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture(scope="session")
def session_dir() -> Path:
    return _SESSION_HOME


def pytest_sessionfinish(session, exitstatus):
    shutil.rmtree(_SESSION_HOME, ignore_errors=True)
