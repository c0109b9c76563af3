"""The run summary: one dict built from the batches' stats, shown as a Prefect table artifact,
a log line and the command line's closing report."""

from __future__ import annotations

from collections import Counter
from typing import Any

STAGES = ("ingest", "langid", "clean", "entities", "output")


def build_summary(
    batch_summaries: list[dict[str, Any]],
    *,
    out_dir: str,
    discovered: int,
    unchanged: int,
    recovered: int,
    failed_batches: list[dict[str, Any]],
    wall_seconds: float,
) -> dict[str, Any]:
    languages: Counter = Counter()
    reasons: Counter = Counter()
    seconds: Counter = Counter()
    for summary in batch_summaries:
        languages.update(summary["languages"])
        reasons.update(summary["reasons"])
        for stage in STAGES:
            seconds[stage] += summary["stats"].get(stage, {}).get("seconds", 0.0)
    articles = sum(s["articles"] for s in batch_summaries)
    rejected = sum(s["rejected"] for s in batch_summaries)
    return {
        "out_dir": out_dir,
        "files_new_or_changed": discovered,
        "files_unchanged": unchanged,
        "files_committed": sum(s["files"] for s in batch_summaries),
        "recovered_commits": recovered,
        "records_in": articles + rejected,
        "articles_written": articles,
        "rejected": rejected,
        "rejected_by_reason": dict(sorted(reasons.items())),
        "articles_by_language": dict(languages.most_common()),
        "stage_seconds": {stage: round(value, 2) for stage, value in seconds.items()},
        "wall_seconds": round(wall_seconds, 2),
        "failed_batches": failed_batches,
    }


def summary_rows(summary: dict[str, Any]) -> list[dict[str, Any]]:
    """Flat ``metric/value`` rows for the Prefect table artifact."""
    rows = [
        {"metric": "files new or changed", "value": summary["files_new_or_changed"]},
        {"metric": "files unchanged (skipped)", "value": summary["files_unchanged"]},
        {"metric": "records in", "value": summary["records_in"]},
        {"metric": "articles written", "value": summary["articles_written"]},
        {"metric": "rejected", "value": summary["rejected"]},
    ]
    rows += [{"metric": f"rejected: {reason}", "value": n} for reason, n in summary["rejected_by_reason"].items()]
    rows += [{"metric": f"language: {code}", "value": n} for code, n in summary["articles_by_language"].items()]
    rows += [{"metric": f"seconds: {stage}", "value": s} for stage, s in summary["stage_seconds"].items()]
    rows.append({"metric": "seconds: wall clock", "value": summary["wall_seconds"]})
    rows.append({"metric": "failed batches", "value": len(summary["failed_batches"])})
    rows.append({"metric": "output folder", "value": summary["out_dir"]})
    return rows


def _reasons(summary: dict[str, Any]) -> str:
    return ", ".join(f"{reason} {n}" for reason, n in summary["rejected_by_reason"].items())


def summary_line(summary: dict[str, Any]) -> str:
    """The run's log line: its counts on one line.

    A run from the command line prints ``summary_text`` after the flow's logs on the same terminal;
    the flow logging those five lines as well showed the summary twice. A scheduled run's log keeps
    the counts, and its table artifact has every row.
    """
    reasons = _reasons(summary)
    rejected = f"{summary['rejected']} rejected" + (f" ({reasons})" if reasons else "")
    line = (f"{summary['records_in']} records in, {summary['articles_written']} articles written, {rejected}; "
            f"{summary['files_new_or_changed']} files new or changed, {summary['files_unchanged']} unchanged; "
            f"wall clock {summary['wall_seconds']:.1f}s")
    if summary["failed_batches"]:
        failed = len(summary["failed_batches"])
        line += f"; {failed} batch{'es' if failed != 1 else ''} FAILED"
    return line


def summary_text(summary: dict[str, Any]) -> str:
    """The few lines ``newsflow run`` ends with."""
    if summary.get("skipped"):
        return f"skipped: {summary['skipped']}"
    reasons = _reasons(summary) or "none"
    languages = ", ".join(f"{code} {n}" for code, n in summary["articles_by_language"].items()) or "none"
    stages = ", ".join(f"{stage} {s:.1f}s" for stage, s in summary["stage_seconds"].items()) or "none run"
    lines = [
        f"files: {summary['files_new_or_changed']} new or changed, {summary['files_unchanged']} unchanged",
        f"records in: {summary['records_in']}, articles written: {summary['articles_written']}, rejected: {summary['rejected']} ({reasons})",
        f"languages: {languages}",
        f"seconds per stage (summed over workers): {stages}; wall clock {summary['wall_seconds']:.1f}s",
        f"output: {summary['out_dir']}/{{articles,entities,rejected}}",
    ]
    if summary["failed_batches"]:
        lines.append(f"FAILED batches (left for the next run): {len(summary['failed_batches'])}")
    return "\n".join(lines)
