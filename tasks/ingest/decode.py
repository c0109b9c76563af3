"""Bytes to text: encoding detection, binary detection and mojibake repair.

Scraped news arrives as UTF-8 mostly, but also as latin-1/cp1252 (the BBC corpus has one),
UTF-16 with or without a BOM (Windows exports), and as plain junk. Decoding failures are
deterministic, so they raise :class:`Rejected` (never retried) with a specific reason.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

import ftfy

from tasks.batch import Rejected

# Magic numbers of formats that turn up in scraped folders but are not text.
_MAGIC = {
    b"\x89PNG": "PNG image",
    b"\xff\xd8\xff": "JPEG image",
    b"GIF8": "GIF image",
    b"%PDF": "PDF document",
    b"PK\x03\x04": "ZIP archive (or docx/xlsx)",
    b"\x1f\x8b": "gzip data in a file not named .gz",
    b"\x7fELF": "ELF executable",
    b"BZh": "bzip2 data",
    b"\xfd7zXZ": "xz data",
}

_FTFY_CONFIG = ftfy.TextFixerConfig(
    uncurl_quotes=False,  # „quotes“ and ’ stay as the author wrote them
    fix_character_width=False,  # full-width CJK punctuation is correct as it is
    normalization="NFC",
    explain=False,
)
_FTFY_KEEPING_LINE_BREAKS = _FTFY_CONFIG._replace(fix_line_breaks=False)

# A Western text decoded as cp1252 has a few accented letters per hundred; Cyrillic or Greek
# bytes decoded the same way turn nearly every letter into an accented Latin one.
_MAX_WESTERN_NON_ASCII_LETTERS = 0.15
# What a Central European or Turkish code page looks like read as cp1252: a symbol inside a word
# (Polish cp1250 "obniżył" -> "obni¿y³", "podjął" -> "podj¹³") or Icelandic letters where Turkish
# writes ş and ğ (cp1254 "değiştirmedi" -> "deðiþtirmedi"). Such text has few non-ASCII letters, so
# the share above lets it through. Catalan's l·l and a ´ typed for an apostrophe are Western.
_OTHER_CODE_PAGE = re.compile(r"(?<=[^\W\d_])[¹²³¿¼½¾ª¥¦¨¬¯±µ¶¸](?=[^\W\d_])|(?<=[^\W\d_])[þð]|[þðÞÐ](?=[^\W\d_])")


_TEXT_CONTROLS = {9, 10, 12, 13}  # tab, line feed, form feed, carriage return

# The legacy encodings news is written in (cp1252 too: Icelandic's þ and ð send it here), asked of
# charset-normalizer first: among all it knows, it read a Greek cp1253 page as Bulgarian cp1251 and a short Polish
# cp1250 one as iso8859_3 (Maltese), with these alone it reads both right. Anything else still
# gets its unrestricted guess.
_NEWS_CODE_PAGES = [
    "cp1252", "cp1250", "cp1251", "cp1253", "cp1254", "cp1255", "cp1256", "cp1257", "cp1258", "iso8859_2",
    "iso8859_5", "iso8859_7", "iso8859_8", "iso8859_9", "iso8859_13", "koi8_r", "koi8_u",
    "gb18030", "big5", "cp932", "shift_jis", "euc_jp", "euc_kr", "cp949", "cp874",
]


def sniff_binary(data: bytes) -> str | None:
    """Name the binary format the bytes start with, if any."""
    for magic, name in _MAGIC.items():
        if data.startswith(magic):
            return name
    return None


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text without BOM shows NUL bytes on one side of every ASCII character."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even = sample[0::2].count(0) / len(sample[0::2])
    odd = sample[1::2].count(0) / len(sample[1::2])
    if odd > 0.3 and even < 0.05:
        return "utf-16-le"
    if even > 0.3 and odd < 0.05:
        return "utf-16-be"
    return None


def _plausible_western(data: bytes) -> tuple[str, str] | None:
    """``(text, encoding)`` as cp1252 (latin-1 where cp1252 has holes) if that reads as Western text."""
    try:
        text, encoding = data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        text, encoding = data.decode("latin-1"), "latin-1"
    letters = [ch for ch in text if ch.isalpha()]
    non_ascii = sum(1 for ch in letters if ord(ch) > 127)
    if letters and non_ascii / len(letters) > _MAX_WESTERN_NON_ASCII_LETTERS:
        return None
    signs = len(_OTHER_CODE_PAGE.findall(text))
    if signs >= 2 or (signs and len(letters) < 1000):  # one stray sign in a long text is a typo
        return None
    return text, encoding


# UTF-8 with a few bytes that are not (a cp1252 line pasted into a UTF-8 file, a damaged byte): its
# well-formed multibyte characters outnumber the stray bytes many times over, where a legacy code
# page's accented letters almost never pair up into well-formed sequences (cp1252 "für" is
# 66 FC 72, a lone lead byte).
_MIN_UTF8_CHARACTERS = 3
_MIN_CHARACTERS_PER_STRAY_BYTE = 4


def _stray_bytes_as_cp1252(error: UnicodeDecodeError) -> tuple[str, int]:
    """Read the bytes UTF-8 rejects as cp1252 (latin-1 where cp1252 has holes): a Western line
    pasted into a UTF-8 file keeps its letters ("Für" stays "Für"), a damaged byte becomes one letter."""
    stray = error.object[error.start:error.end]
    return "".join(bytes([byte]).decode("cp1252", errors="ignore") or chr(byte) for byte in stray), error.end


codecs.register_error("newsflow-cp1252", _stray_bytes_as_cp1252)


def _mostly_utf8(data: bytes) -> str | None:
    """The text of UTF-8 bytes with a few that are not, those read as cp1252; None if not such."""
    replaced = data.decode("utf-8", errors="replace")
    stray = replaced.count("\ufffd")
    characters = len(replaced) - len(replaced.encode("ascii", errors="ignore")) - stray  # well-formed non-ASCII
    if characters < _MIN_UTF8_CHARACTERS or stray * _MIN_CHARACTERS_PER_STRAY_BYTE > characters:
        return None
    return data.decode("utf-8", errors="newsflow-cp1252")


def _detect(data: bytes, declared: str | None) -> tuple[str, str]:
    """Return ``(text, encoding)`` or raise :class:`Rejected`."""
    for bom, encoding in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as error:
                raise Rejected("undecodable", f"{encoding} byte-order mark but invalid {encoding}: {error}")
    utf16 = _utf16_without_bom(data)
    if utf16:
        try:
            return data.decode(utf16), utf16
        except UnicodeDecodeError:
            pass
    if b"\x00" in data[:4096]:
        raise Rejected("binary", "NUL bytes in a file that is not UTF-16 text")
    sample = data[:8192]
    controls = sum(1 for byte in sample if byte < 32 and byte not in _TEXT_CONTROLS)
    if controls > 0.05 * len(sample):
        raise Rejected("binary", f"{controls} control bytes in the first {len(sample)}: not text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    mixed = _mostly_utf8(data)
    if mixed is not None:
        return mixed, "utf-8 (some bytes cp1252)"
    if declared:
        try:
            return data.decode(declared), declared
        except (UnicodeDecodeError, LookupError):
            pass
    western = _plausible_western(data)
    if western is not None:
        return western
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=_NEWS_CODE_PAGES).best() or from_bytes(data).best()
    if best is None:
        raise Rejected("undecodable", "not UTF-8, and charset-normalizer found no encoding that fits")
    return str(best), best.encoding


def _control_ratio(text: str) -> float:
    sample = text[:20000]
    if not sample:
        return 0.0
    bad = sum(
        1
        for ch in sample
        if ch == "\ufffd" or (unicodedata.category(ch) == "Cc" and ch not in "\t\n\r\f\v")
    )
    return bad / len(sample)


def decode_bytes(data: bytes, declared: str | None = None, keep_line_breaks: bool = False) -> tuple[str, str]:
    """Decode raw bytes to repaired text; return ``(text, encoding)``.

    ``declared`` is an encoding the container names (an HTML ``<meta charset>``); it is tried
    after UTF-8, because pages often declare latin-1 and then serve UTF-8. ``keep_line_breaks``
    leaves U+2028, U+2029 and ``\r`` as they are, for JSON: raw inside a string they are valid,
    and turned into ``\n`` there they would break the document (the fields are normalised once parsed).
    """
    if not data.strip():
        raise Rejected("empty", "the file holds no bytes besides white space")
    kind = sniff_binary(data)
    if kind:
        raise Rejected("binary", f"looks like {kind}")
    text, encoding = _detect(data, declared)
    if _control_ratio(text) > 0.05:
        raise Rejected("binary", f"decoded as {encoding} but more than 5% control characters")
    return repair_text(text, keep_line_breaks), encoding


def repair_text(text: str, keep_line_breaks: bool = False) -> str:
    """Repair mojibake (``FÃ¼r`` -> ``Für``) and normalise to NFC, keeping typographic quotes."""
    return ftfy.fix_text(text, config=_FTFY_KEEPING_LINE_BREAKS if keep_line_breaks else _FTFY_CONFIG)
