"""End-to-end throughput of newsflow against a plain sequential baseline, in one session.

    python benchmarks/throughput.py --raw ../shared/corpora/news/en_bbc/bbc --repeats 3

newsflow: ``newsflow run`` as a user runs it (a fresh output folder each time, Prefect's
ephemeral server cold start included), timed from outside; its own flow wall clock is read
from the summary line too. Baseline: the same stage functions called in a loop in one process,
batches of 64 files, one Parquet file per batch, no Prefect, no workers, no manifest. Both run
alternately in the same session so machine noise hits both; medians are reported.
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT_ROOT))


def run_newsflow(raw: Path, workers: int | None) -> tuple[float, float, int]:
    out = Path(tempfile.mkdtemp(prefix="nf-bench-"))
    command = [sys.executable, "-m", "flows.cli", "run", "--raw", str(raw), "--out", str(out)]
    if workers is not None:
        command += ["--workers", str(workers)]
    started = time.perf_counter()
    result = subprocess.run(command, cwd=PROJECT_ROOT, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    shutil.rmtree(out, ignore_errors=True)
    if result.returncode != 0:
        raise SystemExit(f"newsflow run failed:\n{result.stderr[-3000:]}")
    flow_wall = float(re.search(r"wall clock ([\d.]+)s", result.stdout).group(1))
    written = int(re.search(r"written: (\d+)", result.stdout).group(1))
    return elapsed, flow_wall, written


def run_baseline(raw: Path) -> tuple[float, int]:
    import pyarrow.parquet as pq

    from tasks.clean import clean_batch
    from tasks.discover import find_new_sources, make_batches
    from tasks.entities import tag_batch
    from tasks.ingest import ingest_files
    from tasks.langid import detect_languages
    from tasks.manifest import Manifest
    from tasks.output import article_tables

    out = Path(tempfile.mkdtemp(prefix="nf-base-"))
    started = time.perf_counter()
    manifest = Manifest(out)
    sources, _ = find_new_sources(raw, manifest)
    written = 0
    for i, batch_sources in enumerate(make_batches(sources, 64, 64 * 2**20)):
        batch = tag_batch(clean_batch(detect_languages(ingest_files(batch_sources))))
        for language, table in article_tables(batch, __import__("datetime").datetime.now()).items():
            pq.write_table(table, out / f"{language}-{i}.parquet", compression="zstd")
            written += table.num_rows
    elapsed = time.perf_counter() - started
    manifest.close()
    shutil.rmtree(out, ignore_errors=True)
    return elapsed, written


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--raw", type=Path, required=True)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--workers", type=int, default=None)
    args = parser.parse_args()
    nf_total, nf_flow, base = [], [], []
    for repeat in range(args.repeats):
        total, flow_wall, written = run_newsflow(args.raw, args.workers)
        nf_total.append(total)
        nf_flow.append(flow_wall)
        baseline, base_written = run_baseline(args.raw)
        base.append(baseline)
        print(f"repeat {repeat + 1}: newsflow {total:.1f}s (flow {flow_wall:.1f}s, {written} articles), "
              f"baseline {baseline:.1f}s ({base_written} articles)", flush=True)
    n = written
    print(f"articles: {n}")
    print(f"newsflow end to end (cold start included): median {statistics.median(nf_total):.1f}s "
          f"= {n / statistics.median(nf_total):.1f} articles/s")
    print(f"newsflow flow wall clock: median {statistics.median(nf_flow):.1f}s = {n / statistics.median(nf_flow):.1f} articles/s")
    print(f"sequential baseline: median {statistics.median(base):.1f}s = {n / statistics.median(base):.1f} articles/s")
    print(f"speed-up over baseline: end to end {statistics.median(base) / statistics.median(nf_total):.2f}x, "
          f"flow {statistics.median(base) / statistics.median(nf_flow):.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
