"""Text helpers shared by language detection and cleaning.

Both stages must agree on what a paragraph is (language detection reports per-paragraph
languages that cleaning re-indexes) and on what counts as a URL, a handle or an emoji.
"""

from __future__ import annotations

import re
import unicodedata

import emoji

# URLs with a scheme, www. hosts, and the scheme-less pic.twitter.com links tweets embed.
URL_RE = re.compile(
    r"(?:https?://|www\.)[^\s<>\"'„“”«»]+|(?<![\w/])pic\.twitter\.com/\w+",
    re.IGNORECASE,
)
HANDLE_RE = re.compile(r"(?<![\w@])@\w{1,30}")
HASHTAG_RE = re.compile(r"(?<![\w#])#\w+")
EMAIL_RE = re.compile(r"\b[\w.+-]+@[\w-]+\.[\w.-]+\b")
_TRAILING_URL_PUNCT = ".,;:!?)]}'\"…"

# Text symbols the emoji tables list but that belong to prose ("© BBC", "Windows®").
_KEEP_SYMBOLS = {"©", "®", "™"}
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad\ufe0e\ufe0f"), None)
_SPACES_RE = re.compile(r"[^\S\n]+")


def find_urls(text: str) -> list[tuple[int, int, str]]:
    """URL spans with trailing sentence punctuation trimmed; scheme-less links get https://."""
    found = []
    for match in URL_RE.finditer(text):
        url = match.group(0).rstrip(_TRAILING_URL_PUNCT)
        if not url:
            continue
        found.append((match.start(), match.start() + len(url), url))
    return found


def normalise_url(url: str) -> str:
    return url if re.match(r"https?://", url, re.IGNORECASE) else "https://" + url


def strip_emoji(text: str) -> str:
    """Remove emoji, flags and pictographs; keep ©, ® and ™."""
    without = emoji.replace_emoji(text, replace=lambda chars, _data: chars if chars in _KEEP_SYMBOLS else "")
    # Regional indicators left unpaired and stray variation selectors are emoji residue too.
    without = "".join(ch for ch in without if not ("\U0001f1e6" <= ch <= "\U0001f1ff"))
    return without.translate(_INVISIBLE)


def mask_for_language_id(text: str) -> str:
    """Text with URLs, e-mail addresses, handles, hashtags and emoji removed.

    They carry no language signal and skew n-gram detectors toward English.
    """
    text = URL_RE.sub(" ", text)
    text = EMAIL_RE.sub(" ", text)
    text = HANDLE_RE.sub(" ", text)
    text = HASHTAG_RE.sub(" ", text)
    return strip_emoji(text)


def normalise_spaces(text: str) -> str:
    """NFC, one plain space for any run of horizontal white space, no invisible characters."""
    text = unicodedata.normalize("NFC", text).translate(_INVISIBLE)
    return _SPACES_RE.sub(" ", text).strip()


def split_paragraphs(text: str) -> list[str]:
    """Every non-blank line is a paragraph: scraped news uses one newline between paragraphs."""
    return [line.strip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n") if line.strip()]


# The scripts of Chinese, Japanese and Korean (language detection tells them apart by these).
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
KANA = re.compile(r"[\u3040-\u30ff]")
HANGUL = re.compile(r"[\uac00-\ud7af\u1100-\u11ff\u3130-\u318f]")
# A Chinese or Japanese character, or a Korean syllable block, carries about what three Latin
# letters do: a 30-character Chinese paragraph is a sentence, not too short to tell its language.
_DENSE_WEIGHT = 3


def letter_count(text: str) -> int:
    """Letters, counting each CJK character or Hangul letter as three."""
    dense = sum(len(script.findall(text)) for script in (HAN, KANA, HANGUL))
    return sum(1 for ch in text if ch.isalpha()) + (_DENSE_WEIGHT - 1) * dense
