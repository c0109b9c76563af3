"""The unit of work that flows between stages: a batch of records plus what was rejected.

Every stage is a pure function ``Batch -> Batch`` so a retried batch yields the same rows, and
a record a stage cannot handle moves to ``rejected`` with a reason instead of stopping the run.
Each stage adds its own counters and timing to ``stats`` (as datatrove's steps do) so the run
summary can say what every stage did.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from tasks.schema import REASONS, Col

class Rejected(Exception):
    """A deterministic reason a file or record cannot become an article: never retried."""

    def __init__(self, reason: str, detail: str) -> None:
        if reason not in REASONS:
            raise ValueError(f"undocumented rejection reason {reason!r}")
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail


def rejection(
    source_path: str, source_format: str | None, record_index: int | None, reason: str, detail: str
) -> dict[str, Any]:
    """One rejected-record row; ``reason`` must be a documented code."""
    if reason not in REASONS:
        raise ValueError(f"undocumented rejection reason {reason!r}")
    return {
        Col.SOURCE_PATH: source_path,
        Col.SOURCE_FORMAT: source_format,
        Col.RECORD_INDEX: record_index,
        Col.REASON: reason,
        Col.DETAIL: detail[:2000],
    }


@dataclass
class Batch:
    """Records in flight (``articles``), records turned away (``rejected``) and stage stats."""

    articles: pd.DataFrame
    rejected: list[dict[str, Any]] = field(default_factory=list)
    stats: dict[str, dict[str, float]] = field(default_factory=dict)

    @classmethod
    def from_records(
        cls, records: list[dict[str, Any]], rejected: list[dict[str, Any]], columns: list[str]
    ) -> Batch:
        """A batch whose frame has ``columns`` even when no record made it through."""
        return cls(articles=pd.DataFrame.from_records(records, columns=columns), rejected=list(rejected))

    def __len__(self) -> int:
        return len(self.articles)

    def reject_rows(self, positions: dict[int, tuple[str, str]]) -> None:
        """Move rows (by position) to ``rejected`` with ``(reason, detail)`` each."""
        if not positions:
            return
        rows = self.articles.iloc[sorted(positions)]
        for position, row in zip(sorted(positions), rows.itertuples(index=False)):
            reason, detail = positions[position]
            values = row._asdict()
            self.rejected.append(
                rejection(
                    values[Col.SOURCE_PATH],
                    values[Col.SOURCE_FORMAT],
                    int(values[Col.RECORD_INDEX]),
                    reason,
                    detail,
                )
            )
        keep = [i for i in range(len(self.articles)) if i not in positions]
        self.articles = self.articles.iloc[keep].reset_index(drop=True)

    @contextmanager
    def stage(self, name: str) -> Iterator[dict[str, float]]:
        """Time a stage and record records in/out; the body may add its own counters."""
        counters: dict[str, float] = {"records_in": len(self.articles)}
        rejected_before = len(self.rejected)
        started = time.perf_counter()
        yield counters
        counters["seconds"] = time.perf_counter() - started
        counters["records_out"] = len(self.articles)
        counters["rejected"] = len(self.rejected) - rejected_before
        self.stats[name] = counters


def split(batch: Batch, size: int) -> list[Batch]:
    """Cut a batch into chunks of at most ``size`` records for parallel stages."""
    if len(batch.articles) <= size:
        return [batch]
    chunks = [
        Batch(articles=batch.articles.iloc[i : i + size].reset_index(drop=True))
        for i in range(0, len(batch.articles), size)
    ]
    chunks[0].rejected = list(batch.rejected)
    chunks[0].stats = dict(batch.stats)
    return chunks


def merge(batches: list[Batch]) -> Batch:
    """Join chunks back into one batch, adding up their stage stats."""
    frames = [b.articles for b in batches if len(b.articles)]
    articles = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    rejected = [row for b in batches for row in b.rejected]
    stats: dict[str, dict[str, float]] = {}
    for b in batches:
        for stage, counters in b.stats.items():
            total = stats.setdefault(stage, {})
            for key, value in counters.items():
                total[key] = total.get(key, 0) + value
    return Batch(articles=articles, rejected=rejected, stats=stats)


def rejection_counts(rejected: list[dict[str, Any]]) -> Counter:
    return Counter(row[Col.REASON] for row in rejected)
