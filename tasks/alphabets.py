"""The language a text's own letters name, where langdetect has no profile for it.

langdetect knows 55 languages and, given one it does not know, answers the nearest it knows with
confidence: Armenian and Georgian came out Estonian (no profile has their letters, so only the
digits and Latin around them counted), Serbian Cyrillic Macedonian, Belarusian Ukrainian or
Russian, Kazakh and Mongolian Russian, Azerbaijani Turkish, Icelandic Norwegian. Their alphabets
tell them apart where langdetect's n-grams cannot: each writes letters the language langdetect
named does not have, or lacks letters that one writes (Belarusian has no и, Ukrainian no ы or э).

So a text is tested against the alphabets, word by word: langdetect's answer is refuted when it
cannot spell more of the text's words than one of these languages can. Only words written in
lower case count: a capitalised word may be a name, and names travel (a Russian article quoting
"Київ" or "Қасым-Жомарт Тоқаев" stays Russian, an English one quoting "Þórsson" English), while a
short sentence still shows its language in one ordinary word. A lone Latin letter is a symbol
(/ð/, ə), not a word; Cyrillic ones are words (Belarusian ў, Serbian у). The words langdetect's language cannot spell must be at least ``MIN_SHARE`` of the text's,
so a quoted passage in a long article changes nothing.

Kazakh and Mongolian write every Russian letter too, and Belarusian and Mongolian differ from
Ukrainian and Russian only by a few, so a language is named only when the text shows the signs
only it writes among these languages (Kazakh ә ғ қ ң ұ һ and the ө ү it shares with Mongolian, Belarusian ў or і in a
text with no и, Serbian ђ ћ or its own function words, Azerbaijani ə, Icelandic þ ð). Serbian
and Macedonian share all their letters but ђ ћ against ѓ ќ ѕ, and most Serbian sentences have
none of them; their commonest function words differ (Serbian је, у, су, са; Macedonian е, во, со,
ги), and each counts as a word the other language cannot spell.

Two old habits of the pre-Unicode code pages are part of the alphabets: Mongolian in cp1251
(which has no ө or ү) wrote є and ї for them, and Turkish read as cp1252 shows ð ý þ for ğ ı ş;
such text is still on the web, and Turkish read so is still Turkish, not Icelandic.

Only languages langdetect has no profile for are named: between two it knows, its n-grams have
weighed their letters already. Scripts written by one language only (Armenian, Georgian) name it
outright when they are most of the text's letters. Amharic shares Ethiopic with Tigrinya and
Burmese Myanmar with Shan and Mon; Sinhala, Khmer and Lao would name their languages, but
langdetect finds no features in them and gives no probability to report with the language.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

MIN_SCRIPT_SHARE = 0.5  # of a text's letters, for a script to be the text's
MIN_WORDS = 1  # lower-case words langdetect's language cannot spell, beyond those the other cannot
MIN_SHARE = 0.05  # of the text's words in its script

# Scripts only one language writes.
OWN_SCRIPTS: dict[str, re.Pattern[str]] = {
    "hy": re.compile(r"[\u0531-\u0556\u0559-\u0587\ufb13-\ufb17]"),
    "ka": re.compile(r"[\u10a0-\u10ff\u1c90-\u1cbf\u2d00-\u2d2f]"),
}
CYRILLIC = re.compile(r"[\u0400-\u052f]")
LATIN = re.compile(r"[a-zA-Z\u00c0-\u024f\u0259\u1e00-\u1eff]")

_RUSSIAN = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"
ALPHABETS: dict[str, frozenset[str]] = {
    "ru": frozenset(_RUSSIAN),
    "uk": frozenset("абвгґдеєжзиіїйклмнопрстуфхцчшщьюя"),
    "be": frozenset("абвгдеёжзійклмнопрстуўфхцчшыьэюя"),
    "bg": frozenset("абвгдежзийклмнопрстуфхцчшщъьюяѝ"),
    "mk": frozenset("абвгдѓеѐжзѕиѝјклљмнњопрстќуфхцчџш"),
    "sr": frozenset("абвгдђеѐжзиѝјклљмнњопрстћуфхцчџш"),
    "kk": frozenset(_RUSSIAN + "әғқңөұүһі"),
    "mn": frozenset(_RUSSIAN + "өү" + "єї"),  # є ї: ө ү in cp1251
    # Latin alphabets beyond ASCII
    "az": frozenset("çəğıöşü"),
    "is": frozenset("áéíóúýðþæö"),
    "tr": frozenset("âçğıîöşûü" + "ðýþ"),  # ð ý þ: ğ ı ş read as cp1252
}
CYRILLIC_LANGUAGES = ("ru", "uk", "be", "bg", "mk", "sr", "kk", "mn")
LATIN_LANGUAGES = ("az", "is", "tr")
UNKNOWN_TO_LANGDETECT = frozenset({"sr", "be", "kk", "mn", "az", "is"})
UNKNOWN_LATIN = frozenset("əðþ")  # Latin letters none of langdetect's languages writes

# Letters only this language writes among these; (letters, absent) pairs count only where no word
# has the absent letters.
SIGNS: dict[str, str] = {"sr": "ђћ", "be": "ў", "kk": "әғқңөұүһ", "mn": "өү", "az": "ə", "is": "þð"}
SIGNS_WITHOUT: dict[str, tuple[str, str]] = {"be": ("і", "и"), "mn": ("єї", "і")}
# Function words one language uses and its closest neighbour does not.
OWN_WORDS: dict[str, frozenset[str]] = {
    "sr": frozenset({"је", "у", "су", "са", "није", "био", "као", "који", "које", "када", "где"}),
    "mk": frozenset({"е", "во", "со", "ги", "сум", "бил", "тоа", "кој", "кое", "кога", "каде"}),
}
NEIGHBOUR = {"sr": "mk", "mk": "sr"}

_WORD = re.compile(r"[^\W\d_]+")


def own_script_language(text: str) -> str | None:
    """The language whose own script most of the text's letters are in, if any."""
    letters = sum(1 for ch in text if ch.isalpha())
    for language, script in OWN_SCRIPTS.items():
        if letters and len(script.findall(text)) / letters >= MIN_SCRIPT_SHARE:
            return language
    return None


def main_script(text: str) -> re.Pattern[str] | None:
    """Cyrillic or Latin when most of the text's letters are in it."""
    letters = sum(1 for ch in text if ch.isalpha())
    for script in (CYRILLIC, LATIN):
        if letters and len(script.findall(text)) / letters >= MIN_SCRIPT_SHARE:
            return script
    return None


def words_in(script: re.Pattern[str], text: str) -> list[str]:
    """The text's words with a letter of the script, as written."""
    text = text.replace("\u0307", "")  # the dot Turkish İ lower-cases with
    return [word for word in _WORD.findall(text) if script.search(word)]


def ordinary(words: list[str]) -> list[str]:
    """The words written in lower case: a capitalised one may be a name from any language."""
    return [word for word in words if word.islower()]


def misfits(language: str, words: list[str], script: re.Pattern[str]) -> int:
    """Lower-case words the language cannot spell (or, for Serbian and Macedonian, would not write)."""
    words = ordinary(words)
    spelt = [word for word in words if len(word) > 1 or script is CYRILLIC]
    alphabet = ALPHABETS.get(language)
    if alphabet is None:  # none of langdetect's other languages writes Cyrillic or ə ð þ
        return len(spelt) if script is CYRILLIC else sum(1 for word in spelt if UNKNOWN_LATIN.intersection(word))
    foreign = CYRILLIC.match if script is CYRILLIC else (lambda ch: not ch.isascii())
    count = sum(1 for word in spelt if any(foreign(ch) and ch not in alphabet for ch in word))
    if language in NEIGHBOUR:
        count += sum(1 for word in words if word in OWN_WORDS[NEIGHBOUR[language]])
    return count


def shows_signs(language: str, words: list[str]) -> bool:
    """Whether the text writes what only this language writes among those here."""
    lowered = [word.lower() for word in words]
    if any(set(SIGNS[language]).intersection(word) for word in lowered):
        return True
    if language in OWN_WORDS and any(word in OWN_WORDS[language] for word in lowered):
        return True
    signs, absent = SIGNS_WITHOUT.get(language, ("", ""))
    has = any(set(signs).intersection(word) for word in lowered)
    return has and not any(set(absent).intersection(word) for word in lowered)


def language_by_letters(code: str, text: str) -> str:
    """The language the text's letters name when they refute ``code`` (langdetect's answer), else ``code``."""
    own = own_script_language(text)
    if own:
        return own
    script = main_script(text)
    if script is None:
        return code
    words = words_in(script, text)
    languages = CYRILLIC_LANGUAGES if script is CYRILLIC else LATIN_LANGUAGES
    candidates = [lang for lang in languages if lang in UNKNOWN_TO_LANGDETECT and shows_signs(lang, words)]
    if not candidates:
        return code
    counts: Mapping[str, int] = {lang: misfits(lang, words, script) for lang in candidates}
    best = min(candidates, key=lambda lang: (counts[lang], len(ALPHABETS[lang])))  # ties: the most specific
    current = misfits(code, words, script)
    refuted = current - counts[best] >= MIN_WORDS and current >= MIN_SHARE * len(words)
    return best if refuted else code
