"""How often ``identify`` names a sentence's language: per language, with the top wrong answers.

    python benchmarks/langid_accuracy.py                 # every lingua sentences file, all lines
    python benchmarks/langid_accuracy.py --compare       # also without the alphabet correction
    python benchmarks/langid_accuracy.py --lines 300 --languages hy ka sr mk

One sentence per line from lingua's test data (``../shared``), 75 languages, langdetect knowing 55
of them: the hard case for an n-gram detector, and the one where a language it has no profile for
is called the nearest it has. A sentence counts as right only with its own ISO 639-1 code ('no'
for Bokmål or Nynorsk is wrong here, though a valid code). ``--compare`` runs the same sentences
with ``tasks.alphabets.language_by_letters`` switched off, which is the langdetect path newsflow
had before it; langdetect is asked once per sentence for both.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator
from unittest import mock

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tasks import langid  # noqa: E402
from tasks.langid import LanguageDetector, default_detector, identify  # noqa: E402

SENTENCES = ROOT.parent / "shared" / "corpora" / "langid" / "lingua" / "language-testdata" / "sentences"
MIN_LETTERS = 20  # the article threshold: a sentence is a short article


class Remembering:
    """langdetect asked once per text, however many times the text is identified."""

    def __init__(self, detector: LanguageDetector) -> None:
        self.detector = detector
        self.answers: dict[str, tuple[str, float]] = {}

    def detect(self, text: str) -> tuple[str, float]:
        if text not in self.answers:
            self.answers[text] = self.detector.detect(text)
        return self.answers[text]


@dataclass
class Tally:
    language: str
    answers: Counter[str] = field(default_factory=Counter)

    @property
    def total(self) -> int:
        return sum(self.answers.values())

    @property
    def right(self) -> int:
        return self.answers[self.language]

    @property
    def undetermined(self) -> int:
        return self.answers["und"]

    @property
    def wrong(self) -> int:
        return self.total - self.right - self.undetermined

    def top_wrong(self, n: int = 3) -> str:
        wrong = [(code, count) for code, count in self.answers.most_common() if code not in (self.language, "und")]
        return " ".join(f"{code} {count}" for code, count in wrong[:n])


@contextmanager
def without_correction() -> Iterator[None]:
    """The langdetect path alone: the letters never refute its answer."""
    with mock.patch.object(langid, "language_by_letters", lambda code, text: code):
        yield


def tally(language: str, lines: list[str], detector: LanguageDetector) -> Tally:
    return Tally(language, Counter(identify(line, detector, MIN_LETTERS)[0] for line in lines))


def read_lines(path: Path, limit: int | None) -> list[str]:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return lines[:limit] if limit else lines


def report(tallies: list[Tally], label: str) -> None:
    right, wrong, und = (sum(getattr(t, key) for t in tallies) for key in ("right", "wrong", "undetermined"))
    total = right + wrong + und
    print(f"{label}: {total} sentences, right {right} ({right / total:.2%}), wrong {wrong}, und {und}")


def print_table(after: list[Tally], before: list[Tally] | None) -> None:
    head = f"{'lang':5} {'n':>5} {'right':>6} {'acc':>7} {'und':>4}  top wrong"
    print(head if before is None else f"{'lang':5} {'n':>5} {'before':>7} {'after':>6} {'acc':>7} {'und':>4}  top wrong (after | before)")
    for index, tally_ in enumerate(after):
        accuracy = f"{tally_.right / tally_.total:.1%}"
        if before is None:
            print(f"{tally_.language:5} {tally_.total:5} {tally_.right:6} {accuracy:>7} {tally_.undetermined:4}  {tally_.top_wrong()}")
        else:
            old = before[index]
            print(f"{tally_.language:5} {tally_.total:5} {old.right:7} {tally_.right:6} {accuracy:>7} "
                  f"{tally_.undetermined:4}  {tally_.top_wrong()} | {old.top_wrong()}")


def print_changes(after: list[Tally], before: list[Tally]) -> None:
    changed = [(a, b) for a, b in zip(after, before) if a.right != b.right]
    print(f"accuracy changed in {len(changed)} languages:")
    for a, b in changed:
        print(f"  {a.language}: {b.right}/{b.total} ({b.right / b.total:.1%}) -> {a.right}/{a.total} ({a.right / a.total:.1%})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--compare", action="store_true", help="also without the alphabet correction (before)")
    parser.add_argument("--lines", type=int, default=None, help="first N lines per language (default: all)")
    parser.add_argument("--languages", nargs="*", default=None, help="ISO 639-1 codes (default: every file)")
    args = parser.parse_args()
    if not SENTENCES.is_dir():
        sys.exit(f"needs {SENTENCES}")
    paths = sorted(SENTENCES.glob("*.txt"))
    if args.languages:
        paths = [path for path in paths if path.stem in set(args.languages)]
    detector = Remembering(default_detector())
    after, before = [], []
    for path in paths:
        lines = read_lines(path, args.lines)
        after.append(tally(path.stem, lines, detector))
        if args.compare:
            with without_correction():
                before.append(tally(path.stem, lines, detector))
    print_table(after, before if args.compare else None)
    if args.compare:
        report(before, "before (langdetect alone)")
    report(after, "after" if args.compare else "total")
    if args.compare:
        print_changes(after, before)


if __name__ == "__main__":
    main()
