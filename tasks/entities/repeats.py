"""A person the article names in full is that person where the models left the surname untagged.

The models miss a bare surname now and then in a sentence they cannot read, though they tagged the
same person in full a few lines before: in the 1,028 Austrian 10kGNAD articles, 416 times a full
name's surname stood elsewhere in its article with no span on it (``Edomwonyi nützte die
Gelegenheit``, ``Ondrisek: Findet Mica ...``, ``Bei den Ermittlungen gegen Yüksekdag``), so an
analyst counting people lost those mentions. Each such surname becomes a PER mention, counted under
the full name like the tagged ones (``people.name_people``), when

- it is no word of the language where it stands (``_a_word_there``, by the model's own frequency
  table and, in German, HanTa's word classes): German capitalises nouns, and ``Kraft`` or ``Mann``
  are words as often as names, while ``Merkel`` and ``Faymann`` are frequent names;
- it is written as a name: capitalised, no acronym, letters and hyphens only, not ending in a
  capital after a lower-case letter (``HandelsgmbH`` of a span the model ran into a company);
- no entity holds it, and no rare capitalised word or given name stands right before or after it,
  which would make it part of another name (``Henry Ford`` beside the article's ``Bill Ford``); nor,
  outside German, any capitalised word but a title, an initial or a sentence's first word
  (``Deutsche Boerse's offer``, where the English models had tagged ``Deutsche Boerse`` a person);
- the knowledge base and the small-place list know no place or body of that name, nor of the
  full name (``Axel Springer``, which the models called a person: ``seit Springers Vorstoß``);
- the words before it are not its own full name's first words (the models left the whole name
  untagged there: ``Air Deccan``, an airline they took for a person elsewhere), nor an initial its
  full names do not start with (``G Easterby`` beside the article's ``S Easterby``).

The longest form is taken first: an untagged ``Van der Bellen`` is his, not a ``Bellen``. A German
surname takes its genitive ``s`` (``Hundstorfers Sozialministerium``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from tasks.entities.people import is_full_name, is_particle, is_title, name_words, takes_genitive_s
from tasks.schema import Col

RARE_BAND = 3  # Zipf 3 = once in a million words: "Edomwonyi", "Ondrisek" 0; "Stumpf" 3, "Kraft" 4
COMMON_BAND = 5  # Zipf 5 = once in 100,000 words: "May", "June", "Will"; "Brown", "Merkel", "Macron" 4
_CAPITAL_AFTER_LOWER_AT_END = re.compile(r"[a-zäöüßéèáàíóú][A-ZÄÖÜ]+$")

FrequencyBand = Callable[[str], "int | None"]
NameClasses = Callable[[str], "str | None"]
KnownName = Callable[[str], bool]


def untagged_surnames(entities: list[dict[str, Any]], text: str, language: str, frequency_band: FrequencyBand,
                      name_classes: NameClasses, is_known_name: KnownName) -> None:
    """Add, in place and in text order, a PER mention for each untagged occurrence of a surname
    of the article's fully named people (see the module docstring)."""
    candidates = _candidates(entities, language, is_known_name)
    if not candidates:
        return
    taken = [(entity[Col.START], entity[Col.END]) for entity in entities]
    found = []
    for candidate, fronts in sorted(candidates.items(), key=lambda item: len(item[0]), reverse=True):
        surname = candidate.split()[-1]
        if not _written_as_a_name(surname) or is_known_name(candidate):
            continue
        genitive = "s?" if language == "de" and takes_genitive_s(candidate) else ""
        for match in re.finditer(r"(?<![\w'’.-])" + re.escape(candidate) + genitive + r"(?![\w-])", text):
            start, end = match.span()
            if any(start < other_end and other_start < end for other_start, other_end in taken):
                continue
            if _after_a_front(text[:start], fronts):
                continue
            if " " not in candidate and _a_word_there(surname, language, _starts_a_sentence(text[:start]), frequency_band):
                continue
            genitive_s = len(match.group()) > len(candidate)  # the word after is its noun: "Hundstorfers Sozialministerium"
            if _next_to_another_name(text, start, end, language, frequency_band, name_classes, not genitive_s):
                continue
            taken.append((start, end))
            found.append({Col.START: start, Col.END: end, Col.LABEL: "PER", Col.TEXT: match.group(),
                          Col.CANONICAL_ID: None, Col.CANONICAL_NAME: None})
    if found:
        entities.extend(found)
        entities.sort(key=lambda entity: entity[Col.START])


def _candidates(entities: list[dict[str, Any]], language: str, is_known_name: KnownName) -> dict[str, set[str]]:
    """The forms the article's full names go by alone: the surname with its particles (``Van der
    Bellen``), the last word (``Merkel``), and in Spanish the father's surname (``Sánchez``); each
    with the words its full forms put before it (``Emeka``, ``E``; see ``_after_a_front``). A full
    form the knowledge base knows is an organisation the models called a person (``Axel Springer``):
    its surname names the company as often."""
    candidates: dict[str, set[str]] = {}
    for entity in entities:
        if entity[Col.LABEL] != "PER" or entity[Col.CANONICAL_ID]:
            continue
        form = tuple(name_words(entity[Col.TEXT], language))
        if not is_full_name(form) or is_particle(form[-1]) or is_known_name(" ".join(form)):
            continue
        particle = next((i for i in range(1, len(form) - 1) if is_particle(form[i])), None)
        cuts = [particle] if particle is not None else [len(form) - 1]
        if particle is None and language == "es" and len(form) >= 3 and not is_particle(form[-2]):
            cuts.append(len(form) - 2)
        for cut in cuts:
            candidates.setdefault(" ".join(form[cut:]), set()).add(" ".join(form[:cut]))
    return candidates


def _after_a_front(before: str, fronts: set[str]) -> bool:
    """Whether the text before an occurrence ends with the words its full form puts before the
    surname (the models left the whole ``Air Deccan``, ``Deutsche Boerse`` untagged there: an
    organisation they took for a person elsewhere), or with an initial none of its full forms
    starts with (``G Easterby`` beside the article's ``S Easterby``: his brother)."""
    if any(before.endswith(front + " ") for front in fronts):
        return True
    initial = re.search(r"(?:^|[\s(])([A-ZÄÖÜ])\.?[ \t]+$", before)
    return initial is not None and not any(front[:1] == initial.group(1) for front in fronts)


def _written_as_a_name(word: str) -> bool:
    if len(word) < 3 or not word[:1].isupper() or word.isupper() or not word.replace("-", "").isalpha():
        return False
    return not _CAPITAL_AFTER_LOWER_AT_END.search(word)


def _a_word_there(surname: str, language: str, sentence_start: bool, frequency_band: FrequencyBand) -> bool:
    """Whether the surname, where it stands, is as likely a word of the language as the name.

    German capitalises nouns, so a German surname must be rare (``Edomwonyi``), or a proper noun to
    HanTa's German model and not among the commonest words (``Merkel``, ``Faymann``, ``Müller``; not
    ``Kraft``, ``Mann``, ``Stein``, which it reads as nouns, or ``Kurz``, an adjective). Elsewhere a
    capitalised word inside a sentence is a name unless it is among the commonest words (``May``,
    ``June``, ``Will``), and one at a sentence's start must be rare (``Green``, ``Brown``). Famous
    names are frequent words too (``Rutte``, ``Macron``, ``Merkel``: Zipf 3 to 4), so frequency
    alone would leave out the people news names most.
    """
    band = frequency_band(surname)
    if band is None:
        return True  # no frequency table: no evidence either way, so nothing is added
    if language == "de":
        classes = _german_word_classes(surname)
        return not (band < RARE_BAND or (classes[:1] == ["PROPN"] and band < COMMON_BAND)
                    or ("PROPN" in classes and band < COMMON_BAND - 1))
    return band >= (RARE_BAND if sentence_start else COMMON_BAND)


def _german_word_classes(word: str) -> list[str]:
    """HanTa's likeliest classes for the word out of context, best first (``["NOUN", "PROPN"]``)."""
    from tasks.entities.word_classes import word_class

    return re.findall(r"Wc2?=(\w+)", word_class("de", word))


def _starts_a_sentence(before: str) -> bool:
    return re.search(r"(^|[.!?:;\n\"“”„«»(])\s*$", before) is not None


def _next_to_another_name(text: str, start: int, end: int, language: str, frequency_band: FrequencyBand,
                          name_classes: NameClasses, read_after: bool = True) -> bool:
    """Whether the word right before or after makes the occurrence part of a longer name than the
    article's person's: a given name (``Henry Ford``), a rare capitalised word, or, outside German,
    which capitalises every noun, any capitalised word but a title, an initial or a sentence's first
    word (``Deutsche Boerse``, which the English models once tagged a person)."""
    before = re.search(r"([\w-]+\.?)[ \t]+$", text[:start])
    if before and before.group(1).endswith(".") and not _is_title_or_initial(before.group(1), language):
        before = None  # the end of the sentence before ("Westlife. Spacey, a double Oscar-winner")
    after = re.match(r"[ \t]+([\w-]+)", text[end:]) if read_after else None
    for neighbour, is_before in ((before, True), (after, False)):
        if neighbour is None:
            continue
        word = neighbour.group(1)
        if not word[:1].isupper() or (is_before and _is_title_or_initial(word, language)):
            continue  # "Mr Blair", "D Hickie" in a line-up
        if "GIV" in (name_classes(word) or "").split("_"):
            return True
        band = frequency_band(word)
        if word.isalpha() and not word.isupper() and band is not None and band < RARE_BAND:
            return True
        # outside German, a capitalised word after it, or before it but a sentence's first ("But Paniccia said")
        if language != "de" and not (is_before and _starts_a_sentence(text[: neighbour.start(1)])):
            return True
    return False


def _is_title_or_initial(word: str, language: str) -> bool:
    bare = word.rstrip(".")
    return len(bare) == 1 or is_title(word, language)
