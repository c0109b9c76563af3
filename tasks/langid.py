"""Language-detection stage: ISO 639-1 code and probability per article and per paragraph.

langdetect is the default detector. It reseeds and draws from Python's *global* random
module on every call, so it gives random answers unless ``DetectorFactory.seed`` is set and
wrong answers when two threads call it at once: it is seeded here, its profiles are loaded
before first use, and every call holds a lock (uncontended in the one-thread worker processes
the flow uses). Other detectors plug in through :class:`LanguageDetector`.
"""

from __future__ import annotations

import threading
from typing import Protocol

from tasks.alphabets import language_by_letters
from tasks.batch import Batch
from tasks.schema import UNDETERMINED_LANGUAGE, Col, Paragraph
from tasks.textutil import HAN, HANGUL, KANA, letter_count, mask_for_language_id, split_paragraphs

MIN_LETTERS_DOCUMENT = 20  # below this no detector is reliable; say "und"
MIN_LETTERS_PARAGRAPH = 40
MIN_PROBABILITY = 0.6  # a top language under this is a guess, not a detection

# langdetect's codes that are not plain ISO 639-1
_CODE_MAP = {"zh-cn": "zh", "zh-tw": "zh"}


class LanguageDetector(Protocol):
    """Anything that can say which language a text is in."""

    def detect(self, text: str) -> tuple[str, float]:
        """Return ``(iso_639_1_code, probability)``; ``("und", 0.0)`` when it cannot tell."""
        ...


class LangdetectDetector:
    """langdetect, seeded and serialised so results are reproducible and thread-safe."""

    _lock = threading.Lock()
    _ready = False

    def __init__(self, seed: int = 0) -> None:
        from langdetect import DetectorFactory
        from langdetect.detector_factory import init_factory

        with self._lock:
            DetectorFactory.seed = seed
            if not LangdetectDetector._ready:
                init_factory()
                LangdetectDetector._ready = True

    def detect(self, text: str) -> tuple[str, float]:
        from langdetect import detector_factory
        from langdetect.lang_detect_exception import LangDetectException

        with self._lock:
            try:
                detector = detector_factory._factory.create()
                detector.append(text)
                candidates = detector.get_probabilities()
            except LangDetectException:
                return UNDETERMINED_LANGUAGE, 0.0
        if not candidates:
            return UNDETERMINED_LANGUAGE, 0.0
        best = candidates[0]
        return _CODE_MAP.get(best.lang, best.lang), float(best.prob)


_default: LanguageDetector | None = None


def default_detector() -> LanguageDetector:
    """One detector per process: loading langdetect's profiles takes about a second."""
    global _default
    if _default is None:
        _default = LangdetectDetector()
    return _default


def _in_its_script(code: str, text: str) -> str:
    """Chinese, Japanese or Korean as the text's own script says, when langdetect's answer
    contradicts it.

    langdetect calls Traditional Chinese Korean with a probability of 0.999997 (a Taiwanese news
    page; its Korean profile has the Hanja Korean once wrote). Korean is written mostly in Hangul,
    Japanese has kana among its Han characters, and Chinese has neither; a Korean name or a
    Japanese title quoted in a Chinese article is a few characters, so shares decide, not presence.
    The probability stays langdetect's.
    """
    if code not in ("zh", "ja", "ko"):
        return code
    hangul, kana, han = len(HANGUL.findall(text)), len(KANA.findall(text)), len(HAN.findall(text))
    total = hangul + kana + han
    if not total:
        return code
    if hangul / total >= 0.3:
        return "ko"
    if kana / total >= 0.1:
        return "ja"
    return "zh" if han / total >= 0.7 else code


def identify(text: str, detector: LanguageDetector, min_letters: int) -> tuple[str, float | None]:
    """Language of a text after masking; ``und`` (probability None) if too short, or unsure and
    its letters name no language langdetect lacks (:mod:`tasks.alphabets`)."""
    masked = mask_for_language_id(text)
    if letter_count(masked) < min_letters:
        return UNDETERMINED_LANGUAGE, None
    code, prob = detector.detect(masked)
    if code == UNDETERMINED_LANGUAGE:
        return UNDETERMINED_LANGUAGE, None
    named = language_by_letters(code, masked)
    if named != code:  # the letters refute langdetect's answer, sure or unsure
        return named, round(prob, 6)
    if prob < MIN_PROBABILITY:
        return UNDETERMINED_LANGUAGE, None  # the unsure top language's probability is not one for 'und'
    return _in_its_script(code, masked), round(prob, 6)


def paragraph_languages(text: str, detector: LanguageDetector) -> list[dict]:
    """One entry per paragraph (``split_paragraphs``), ``und`` for those too short to judge."""
    entries = []
    for index, paragraph in enumerate(split_paragraphs(text)):
        code, prob = identify(paragraph, detector, MIN_LETTERS_PARAGRAPH)
        entries.append({Paragraph.INDEX: index, Paragraph.LANGUAGE: code, Paragraph.PROB: prob})
    return entries


def detect_languages(batch: Batch, detector: LanguageDetector | None = None) -> Batch:
    """Add ``language``, ``language_prob`` and ``paragraph_languages`` to every record."""
    detector = detector or default_detector()
    with batch.stage("langid") as stats:
        languages, probs, paragraphs = [], [], []
        frame = batch.articles
        titles = frame[Col.TITLE].tolist() if Col.TITLE in frame.columns else [None] * len(frame)
        for title, text in zip(titles, frame[Col.TEXT].tolist() if len(frame) else []):
            document = f"{title}\n{text}" if isinstance(title, str) and title else text
            code, prob = identify(document, detector, MIN_LETTERS_DOCUMENT)
            languages.append(code)
            probs.append(prob)
            paragraphs.append(paragraph_languages(text, detector))
        if len(frame):
            frame[Col.LANGUAGE] = languages
            frame[Col.LANGUAGE_PROB] = probs
            frame[Col.PARAGRAPH_LANGUAGES] = paragraphs
        stats["undetermined"] = sum(1 for code in languages if code == UNDETERMINED_LANGUAGE)
    return batch
