"""Bytes to text: encoding detection, binary detection and mojibake repair.

Scraped news arrives as UTF-8 mostly, but also as latin-1/cp1252 (the BBC corpus has one),
UTF-16 with or without a BOM (Windows exports), in the legacy code pages of every region (cp1250,
ISO 8859-2, KOI8-R, Shift JIS...), and as plain junk. Decoding failures are deterministic, so they
raise :class:`Rejected` (never retried) with a specific reason.
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

_TEXT_CONTROLS = {9, 10, 12, 13}  # tab, line feed, form feed, carriage return

# The legacy code pages news in each language was written in (langdetect's codes; chardet's names
# of the code pages, which its ``include_encodings`` takes, and their supersets). chardet has no
# model of some languages and names the nearest code page it has: Albanian "ë" came out as
# Lithuanian "ė" (cp1257). When the language of its reading has code pages of its own and
# chardet's is not among them, chardet chooses again among those.
_WESTERN = ("cp1252", "iso8859-15", "iso8859-1")
_CENTRAL = ("cp1250", "iso8859-2")
_BALTIC = ("cp1257", "iso8859-13", "iso8859-4")
_CYRILLIC = ("cp1251", "koi8-r", "koi8-u", "iso8859-5")
_CODE_PAGES_BY_LANGUAGE: dict[str, tuple[str, ...]] = {
    # Albanian's ë and ç are the same bytes in cp1250 as in cp1252. English: a headline with a "©
    # BBC" line under it was read as ISO 8859-2 "Š". (langdetect knows no Icelandic, Basque or Irish.)
    **dict.fromkeys("af ca da de en es fi fr id it nl no pt so sq sv sw tl".split(), _WESTERN),
    "cy": _WESTERN + ("iso8859-14",),
    **dict.fromkeys("cs hr hu pl sk sl".split(), _CENTRAL),
    "ro": _CENTRAL + ("iso8859-16",),
    **dict.fromkeys("lt lv".split(), _BALTIC),
    "et": _BALTIC + _WESTERN,
    **dict.fromkeys("bg mk ru uk".split(), _CYRILLIC),
    "el": ("cp1253", "iso8859-7"),
    "tr": ("cp1254", "iso8859-9"),
    "he": ("cp1255", "iso8859-8"),
    **dict.fromkeys("ar fa ur".split(), ("cp1256", "iso8859-6")),
    "vi": ("cp1258",),
    "th": ("cp874", "tis-620"),
    "ja": ("cp932", "shift_jis_2004", "euc_jis_2004", "iso2022_jp_2"),
    "zh": ("gb18030", "big5hkscs"),
    "ko": ("cp949", "euc-kr"),
}


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


def _detect(data: bytes, declared: str | None, markup: bool = False) -> tuple[str, str]:
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
            return _declared_unless_wrong(data, data.decode(declared), declared, markup)
        except (UnicodeError, LookupError):  # a charset that does not fit, or none Python knows ("undefined")
            pass
    return _legacy_code_page(data, markup)


def _codec_name(encoding: str) -> str:
    return codecs.lookup(encoding).name


# chardet calls bytes binary that start with a file signature ("BMW sales rise" starts like a BMP
# image, "MZ" like an executable) or hold over 1% control bytes (a DOS end-of-file byte). The checks
# above have ruled on that already, so chardet is shown neither: a space in front, controls as spaces.
_CONTROLS_AS_SPACES = bytes.maketrans(
    bytes(byte for byte in range(32) if byte not in _TEXT_CONTROLS), b" " * (32 - len(_TEXT_CONTROLS))
)
# C1 control characters: what cp1252's quotes and dashes (0x80-0x9F) become in an ISO 8859 code page.
_C1_CONTROLS = re.compile("[\x80-\x9f]")
_MAX_GUESSES = 4  # chardet's guesses tried before the last resort
# Below this a text is read as cp1252, the commonest legacy code page, if it can be: a few words
# give chardet and langdetect nothing to go on ("Ça va?" came out cp1257 "Ēa va?").
_MIN_BYTES_TO_DETECT = 24
# What a Central European or Turkish code page looks like read as cp1252: a symbol inside a word
# (Polish cp1250 "przyjął" -> "przyj¹³") or Icelandic letters where Turkish writes ş and ğ.
_OTHER_CODE_PAGE = re.compile(r"(?<=[^\W\d_])[¹²³¿¼½¾ª¥¦¨¬¯±µ¶¸](?=[^\W\d_])|(?<=[^\W\d_])[þð]|[þðÞÐ](?=[^\W\d_])")
_LATIN_1_PAGES = ("iso8859-1", "iso8859-15")


def _chardet_reading(sample: bytes, data: bytes, pages: tuple[str, ...] | None = None) -> tuple[str, str] | None:
    """``(text, encoding)`` of ``data`` in the code page chardet reads ``sample`` in (among ``pages``
    if given), or None if it finds none. A code page that cannot decode all of ``data``, or reads
    0x80-0x9F as control characters, is passed over for chardet's next guess; the first reading
    that decodes is the last resort (ftfy turns its control characters into cp1252's quotes)."""
    import chardet
    from chardet.enums import EncodingEra

    passed_over: list[str] = []
    last_resort = None
    for _ in range(_MAX_GUESSES):
        guess = chardet.detect(
            b" " + sample.translate(_CONTROLS_AS_SPACES), max_bytes=len(sample) + 1, compat_names=False,
            prefer_superset=False,  # it would read ISO 8859-2 as cp1250 (Czech "š" as "ą")
            # no news is written in DOS, Mac or mainframe code pages, and chardet's low-confidence
            # picks among them were wrong (cp437, mac-roman for English with curly quotes)
            encoding_era=EncodingEra.MODERN_WEB | EncodingEra.LEGACY_ISO,
            include_encodings=pages, exclude_encodings=passed_over or None,
            no_match_encoding=pages[0] if pages else "cp1252",
        )
        if not guess["encoding"]:
            break
        encoding = _codec_name(guess["encoding"])
        # latin-1 reads cp1252's quotes and dashes as control characters; ISO 8859-15 differs from it in
        # eight letters, its sign is the euro at 0xA4, and without one its Ž is more often an acute
        # accent typed for an apostrophe ("d´Artagnan")
        western = encoding == "iso8859-1" or (encoding == "iso8859-15" and b"\xa4" not in data)
        for candidate in ("cp1252", encoding) if western else (encoding,):
            try:
                text = data.decode(candidate)
            except UnicodeDecodeError:
                continue
            if not _C1_CONTROLS.search(text):
                return text, candidate
            last_resort = last_resort or (text, candidate)
        if encoding in passed_over:
            break
        passed_over.append(encoding)
    if last_resort and last_resort[1] in _LATIN_1_PAGES:  # a Western text with a byte cp1252 lacks
        return data.decode("cp1252", errors="newsflow-cp1252"), "cp1252"
    return last_resort


def _visible_bytes(markup: bytes) -> bytes:
    """The bytes of an HTML page a reader sees: no scripts, styles, comments or tags. A page's own
    words are a small part of its bytes, and both chardet and the language check read the markup's
    English as its text. One pass, so a cut-off page's unclosed script costs no more than a closed one."""
    lower = markup.lower()
    kept: list[bytes] = []
    position = 0
    while (start := markup.find(b"<", position)) != -1:
        kept += [markup[position:start], b" "]
        if lower.startswith(b"<!--", start):
            close = lower.find(b"-->", start + 4)
            position = -1 if close == -1 else close + 3
        else:
            block = next((name for name in (b"script", b"style") if lower.startswith(b"<" + name, start)
                          and not lower[start + len(name) + 1:start + len(name) + 2].isalnum()), None)
            if block:
                start = lower.find(b"</" + block, start + 1)
            close = -1 if start == -1 else markup.find(b">", start + 1)
            position = -1 if close == -1 else close + 1
        if position == -1:
            return b"".join(kept)
    return b"".join(kept + [markup[position:]])


def _pages_of_language(words: str) -> tuple[str, ...] | None:
    """The code pages the language of ``words`` was written in, None if that language is not known."""
    from tasks.langid import default_detector

    language, _ = default_detector().detect(words)
    return _CODE_PAGES_BY_LANGUAGE.get(language)


def _among(encoding: str, pages: tuple[str, ...]) -> bool:
    return _codec_name(encoding) in {_codec_name(page) for page in pages}


def _words(data: bytes, reading: tuple[str, str], markup: bool) -> str:
    """The text of a reading a reader sees: for a page, its words without the markup."""
    return _visible_bytes(data).decode(reading[1], errors="replace") if markup else reading[0]


def _written_in(data: bytes, reading: tuple[str, str], markup: bool) -> bool | None:
    """Whether the language of a reading is written in its code page; None if the language is not known."""
    pages = _pages_of_language(_words(data, reading, markup))
    return None if pages is None else _among(reading[1], pages)


def _declared_unless_wrong(data: bytes, text: str, declared: str, markup: bool) -> tuple[str, str]:
    """The reading in the charset a page declares, unless that reading is in a language the charset
    is not written in and chardet's reading is. Pages declare latin-1 for cp1251 Russian or ISO
    8859-2 Czech, and latin-1 decodes every byte: "Ãîñäóìà" and "rozpoèet", with no error."""
    if _written_in(data, (text, declared), markup) is not False:
        return text, declared
    try:
        detected = _legacy_code_page(data, markup)
    except Rejected:  # no code page fits better: the declaration stands
        return text, declared
    return detected if _written_in(data, detected, markup) else (text, declared)


def _legacy_code_page(data: bytes, markup: bool = False) -> tuple[str, str]:
    """Text and encoding of bytes that are not UTF-8, as chardet reads them, checked against the
    language of its reading. chardet 7 reads Central European and Baltic text right where a
    cp1252-first guess and charset-normalizer did not (Slovenian "č" read as "è", Czech ISO 8859-2
    "š" as cp1250 "ą"); see the README's Dependencies. ``markup``: the bytes are HTML, whose code
    page is told from the words a reader sees."""
    sample = _visible_bytes(data) if markup else data
    if len(sample) < _MIN_BYTES_TO_DETECT:  # "Ça va?": too few letters for chardet or langdetect to go on
        try:
            text = data.decode("cp1252")
            if not _C1_CONTROLS.search(text) and not _OTHER_CODE_PAGE.search(text):
                return text, "cp1252"
        except UnicodeDecodeError:
            pass
    reading = _chardet_reading(sample, data)
    if reading is None:
        raise Rejected("undecodable", "not UTF-8, and no legacy code page that news is written in fits the bytes")
    pages = _pages_of_language(_words(data, reading, markup))
    if pages and not _among(reading[1], pages):
        reading = _chardet_reading(sample, data, pages) or reading
    return reading


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


def decode_bytes(
    data: bytes, declared: str | None = None, keep_line_breaks: bool = False, markup: bool = False
) -> tuple[str, str]:
    """Decode raw bytes to repaired text; return ``(text, encoding)``.

    ``declared`` is an encoding the container names (an HTML ``<meta charset>``); it is tried
    after UTF-8, because pages often declare latin-1 and then serve UTF-8, and its reading is
    checked against the language it gives. ``keep_line_breaks`` leaves U+2028, U+2029 and ``\r``
    as they are, for JSON: raw inside a string they are valid, and turned into ``\n`` there they
    would break the document (the fields are normalised once parsed).
    ``markup``: the bytes are an HTML page, whose code page is told from the words a reader sees.
    """
    if not data.strip():
        raise Rejected("empty", "the file holds no bytes besides white space")
    kind = sniff_binary(data)
    if kind:
        raise Rejected("binary", f"looks like {kind}")
    text, encoding = _detect(data, declared, markup)
    if _control_ratio(text) > 0.05:
        raise Rejected("binary", f"decoded as {encoding} but more than 5% control characters")
    return repair_text(text, keep_line_breaks), encoding


def repair_text(text: str, keep_line_breaks: bool = False) -> str:
    """Repair mojibake (``FÃ¼r`` -> ``Für``) and normalise to NFC, keeping typographic quotes."""
    return ftfy.fix_text(text, config=_FTFY_KEEPING_LINE_BREAKS if keep_line_breaks else _FTFY_CONFIG)
