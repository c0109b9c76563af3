"""``prefect.yaml``: ``prefect deploy`` to a work pool on a real server, then a worker runs it.

This is the path of a team that already runs Prefect with workers instead of ``newsflow serve``;
it breaks if the entrypoint moves, the pull step points elsewhere, or a parameter is renamed.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import PROJECT_ROOT, SAMPLES
from test_serve import api, free_port

from flows.server import local_server

pytestmark = pytest.mark.slow


def test_prefect_yaml_deploys_to_a_work_pool_and_a_worker_runs_it(tmp_path: Path, monkeypatch):
    raw, out, home = tmp_path / "raw", tmp_path / "out", tmp_path / "home"
    shutil.copytree(SAMPLES, raw)
    home.mkdir()
    monkeypatch.setenv("PREFECT_HOME", str(home))  # the server's database, apart from the test harness

    with local_server(free_port(), tmp_path / "server.log") as url:
        # `prefect deploy` reads prefect.yaml from the folder it runs in, and its pull step takes
        # that folder from $PWD, which a shell sets and subprocess does not.
        env = {**os.environ, "PREFECT_API_URL": url, "PWD": str(PROJECT_ROOT)}

        def prefect(*args: str, timeout: float = 120) -> str:
            done = subprocess.run([sys.executable, "-m", "prefect", *args], cwd=PROJECT_ROOT, env=env,
                                  capture_output=True, text=True, timeout=timeout)
            assert done.returncode == 0, f"prefect {' '.join(args)}:\n{done.stdout}\n{done.stderr}"
            return done.stdout

        prefect("work-pool", "create", "newsflow", "--type", "process")
        prefect("--no-prompt", "deploy", "--all")
        deployment = api(url, "/deployments/name/news-pipeline/pool")
        assert deployment["pull_steps"] == [
            {"prefect.deployments.steps.set_working_directory": {"directory": str(PROJECT_ROOT)}}
        ]
        assert [s["schedule"]["cron"] for s in deployment["schedules"]] == ["*/15 * * * *"]
        assert deployment["work_pool_name"] == "newsflow"

        triggered = prefect("deployment", "run", "news-pipeline/pool", "-p", f"raw_dir={raw}",
                            "-p", f"out_dir={out}", "-p", "workers_count=0")
        run_id = re.search(r"UUID: ([0-9a-f-]{36})", triggered).group(1)
        prefect("worker", "start", "--pool", "newsflow", "--run-once", timeout=300)

        assert api(url, f"/flow_runs/{run_id}")["state_type"] == "COMPLETED"
    assert len(list(out.glob("articles/language=*/*.parquet"))) == 5  # de, en, es, fr, nl
    assert list(out.glob("rejected/reason=malformed_json/*.parquet"))
