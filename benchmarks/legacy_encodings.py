"""How often text in a legacy code page is read back as written: newsflow against the detectors alone.

    python benchmarks/legacy_encodings.py
    python benchmarks/legacy_encodings.py --compare /tmp/before/tasks/ingest/decode.py   # another version's decoder

Real sentences of 52 languages (lingua's test data under ``../shared``; in 45 of them some are not ASCII), joined 1, 3 or 12 at a time
(a headline, a brief, an article), are encoded in the code pages each language's news was written in
before UTF-8, and decoded again. A text counts as read right only when every character comes back
(after the mojibake repair every reading gets). Texts whose bytes are ASCII or valid UTF-8 are
left out: no detector is asked about them. A few lingua sentences carry mojibake of their own
(C1 control characters) and are left out too.

Then web pages with no charset: the first 60 readability test pages (``../shared``), their
``<meta charset>`` taken out and every paragraph's words replaced by two sentences of Czech,
Slovenian, Polish, Lithuanian, German, Russian or Albanian, encoded in that language's code page.
Their markup, scripts and English navigation outweigh the words, as on many real pages. The same
pages again declaring ``<meta charset="iso-8859-1">``, which pages in other code pages often wrongly
do (latin-1 decodes every byte, so only the language tells). Last, every readability page as
written (most in English, with curly quotes, dashes and ©) in cp1252 with no charset.
"""

from __future__ import annotations

import argparse
import importlib.util
import inspect
import random
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SENTENCES = ROOT.parent / "shared" / "corpora" / "langid" / "lingua" / "language-testdata" / "sentences"
PAGES = ROOT.parent / "shared" / "corpora" / "html" / "readability" / "test" / "test-pages"
PAGE_LANGUAGES = [("cs", "iso8859_2"), ("sl", "cp1250"), ("pl", "cp1250"), ("lt", "cp1257"), ("de", "cp1252"),
                  ("ru", "cp1251"), ("sq", "cp1252")]
_WESTERN = ["cp1252", "latin-1"]
_CENTRAL = ["cp1250", "iso8859_2"]
_BALTIC = ["cp1257", "iso8859_13"]
CODE_PAGES = {
    **dict.fromkeys("af ca da de en es eu fi fr ga id is it nb nl nn pt so sv sw tl".split(), _WESTERN),
    "cy": ["iso8859_14"], **dict.fromkeys("bs cs hr hu pl sk sl".split(), _CENTRAL), "ro": ["cp1250", "iso8859_16"],
    "sq": ["cp1252", "cp1250"], "et": _BALTIC + ["iso8859_15"], "lt": _BALTIC, "lv": _BALTIC,
    "tr": ["cp1254", "iso8859_9"], "az": ["cp1254"], "ru": ["cp1251", "koi8_r"], "uk": ["cp1251", "koi8_u"],
    **dict.fromkeys("be bg mk sr".split(), ["cp1251"]), "el": ["cp1253", "iso8859_7"], "he": ["cp1255", "iso8859_8"],
    "ar": ["cp1256", "iso8859_6"], "fa": ["cp1256"], "ur": ["cp1256"], "vi": ["cp1258"], "th": ["cp874"],
    "ja": ["shift_jis", "euc_jp"], "zh": ["gb18030", "big5"], "ko": ["euc_kr"],
}
_C1_CONTROLS = re.compile("[\x80-\x9f]")


def samples(sentences_per_text: int, per_code_page: int) -> list[tuple[str, str, bytes, str]]:
    """``(language, code page, bytes, text)`` for every text that is neither ASCII nor UTF-8."""
    found = []
    for language, pages in CODE_PAGES.items():
        lines = [line for line in (SENTENCES / f"{language}.txt").read_text(encoding="utf-8").splitlines()
                 if not _C1_CONTROLS.search(line)]
        pick = random.Random(f"{language}-{sentences_per_text}")
        for page in pages:
            for _ in range(per_code_page):
                text = "\n".join(pick.sample(lines, sentences_per_text))
                try:
                    data = text.encode(page)
                    data.decode("utf-8")
                    continue  # ASCII or valid UTF-8: nothing to detect
                except UnicodeEncodeError:
                    continue  # the text has letters this code page lacks
                except UnicodeDecodeError:
                    found.append((language, page, data, text))
    return found


def pages_as_written() -> list[tuple[str, str, bytes, str]]:
    """``(page, "cp1252", bytes, markup)`` of every readability page in cp1252, its charset taken out."""
    from tasks.ingest.html import declared_charset

    found = []
    for page in sorted(PAGES.glob("*/source.html")):
        markup = re.sub(r"(?i)<meta[^>]*charset[^>]*>", "", page.read_text(encoding="utf-8", errors="replace"))
        data = markup.encode("cp1252", errors="ignore")
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            if not declared_charset(data):
                found.append((page.parent.name, "cp1252", data, data.decode("cp1252")))
    return found


def pages_without_charset(count: int = 60) -> list[tuple[str, str, bytes, str]]:
    """``(language, code page, bytes, markup)`` of readability pages rewritten in other languages."""
    from tasks.ingest.html import declared_charset

    found = []
    for number, page in enumerate(sorted(PAGES.glob("*/source.html"))[:count]):
        language, code_page = PAGE_LANGUAGES[number % len(PAGE_LANGUAGES)]
        lines = (SENTENCES / f"{language}.txt").read_text(encoding="utf-8").splitlines()
        pick = random.Random(number)
        markup = re.sub(r"(?i)<meta[^>]*charset[^>]*>", "", page.read_text(encoding="utf-8", errors="replace"))
        markup = re.sub(r"(<p[^>]*>)(.*?)(</p>)", lambda m: m.group(1) + " ".join(pick.sample(lines, 2)) + m.group(3),
                        markup, flags=re.S)
        data = markup.encode(code_page, errors="ignore")  # a page's own symbols its code page lacks go
        try:
            data.decode("utf-8")
            continue
        except UnicodeDecodeError:
            if not declared_charset(data):
                found.append((language, code_page, data, data.decode(code_page)))
    return found


def _module_from(path: Path):
    spec = importlib.util.spec_from_file_location("compared_decode", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def readers(compare: Path | None, markup: bool = False, declared: str | None = None) -> dict[str, Callable[[bytes], str]]:
    import chardet

    from tasks.ingest import decode

    def by_chardet(data: bytes) -> str:
        return data.decode(chardet.detect(data, max_bytes=len(data), compat_names=False, prefer_superset=False)["encoding"])

    found: dict[str, Callable[[bytes], str]] = {}
    try:  # not newsflow's own dependency any more, but trafilatura's and requests'
        from charset_normalizer import from_bytes

        found["charset-normalizer alone"] = lambda data: str(from_bytes(data).best())
    except ImportError:
        pass
    found["chardet alone"] = by_chardet
    found["newsflow"] = lambda data: decode.decode_bytes(data, declared=declared, markup=markup)[0]
    if compare:
        other = _module_from(compare)
        takes_markup = "markup" in inspect.signature(other.decode_bytes).parameters
        options = {"markup": markup, "declared": declared} if takes_markup else {"declared": declared}
        found[f"compared ({compare})"] = lambda data: other.decode_bytes(data, **options)[0]
    return found


def score(name: str, read: Callable[[bytes], str], texts: list[tuple[str, str, bytes, str]]) -> None:
    from tasks.ingest.decode import repair_text

    wrong: Counter = Counter()
    for language, page, data, text in texts:
        try:
            right = repair_text(read(data)) == repair_text(text)
        except Exception:  # a detector's wrong guess can fail to decode at all
            right = False
        if not right:
            wrong[f"{language}/{page}"] += 1
    share = 1 - sum(wrong.values()) / len(texts)
    worst = ", ".join(f"{key} {count}" for key, count in wrong.most_common(4))
    print(f"  {name:<28} {len(texts) - sum(wrong.values()):>5} right ({share:.1%})   most wrong: {worst}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-code-page", type=int, default=20, help="texts per language and code page")
    parser.add_argument("--compare", type=Path, help="another decode.py to score beside this one")
    args = parser.parse_args()
    if not SENTENCES.is_dir():
        print(f"needs the lingua sentences at {SENTENCES} (the ../shared checkout)", file=sys.stderr)
        return 2

    for sentences_per_text in (1, 3, 12):
        texts = samples(sentences_per_text, args.per_code_page)
        print(f"\n{sentences_per_text} sentence(s) a text: {len(texts)} texts, "
              f"{len({language for language, *_ in texts})} languages")
        for name, read in readers(args.compare).items():
            score(name, read, texts)
    pages = pages_without_charset()
    print(f"\nweb pages without a charset: {len(pages)}")
    for name, read in readers(args.compare, markup=True).items():
        score(name, read, pages)
    print(f"\nthe same pages declaring iso-8859-1: {len(pages)}")
    for name, read in readers(args.compare, markup=True, declared="iso-8859-1").items():
        if "alone" not in name:  # the detectors alone are not told of a declaration
            score(name, read, pages)
    written = pages_as_written()
    print(f"\nreadability pages as written, in cp1252 without a charset: {len(written)}")
    for name, read in readers(args.compare, markup=True).items():
        score(name, read, written)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
