"""One name per person within an article: a bare surname is counted under the article's full name.

News names a person in full once ("Angela Merkel", "Tony Blair") and then by surname alone, often
with a title or, in German, in the genitive ("Merkel", "Mr Blair", "Merkels"). In the BBC and
10kGNAD articles about a third of the people mentions are such a bare surname whose full name the
same article gives, so an analyst counting people by the mention's text split each person in two or
three. The knowledge base lists no people, so people get no ``canonical_id``; their
``canonical_name`` is the name to count them under: the full form the article uses for that
surname, or the mention itself (title and genitive ending taken off) when the article gives none.

A surname is left alone when the article's full forms of it name different people ("Ralf
Schumacher" and "Michael Schumacher"); forms that differ only by a middle name or an initial
("George W Bush", "George Bush"; "S Williams", "Serena Williams"), or where one is the end of the
other ("Rodríguez Zapatero"), are one person, counted under the form the article uses most. What cannot be told apart from the text is not: a "Brown" who is not
the article's "Gordon Brown" is counted as him.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from typing import Any, Callable

from tasks.schema import Col

# Titles before a name, lower case without their dot; a single letter ("M." in French) only where
# the language writes it so, since elsewhere it is an initial ("M Smith").
_TITLES = frozenset({
    "mr", "mrs", "ms", "miss", "dr", "sir", "dame", "lord", "lady", "baron", "baroness", "prof", "professor",
    "rev", "gen", "general", "mayor",
    "herr", "frau", "fräulein", "mag", "ing",
    "mme", "mlle", "monsieur", "madame", "me",
    "sr", "sra", "srta", "señor", "señora", "don", "doña",
    "dhr", "mevr", "mevrouw", "meneer", "drs", "ir",
})
_SINGLE_LETTER_TITLES = {"fr": frozenset({"m"})}
# Words a surname can start with: "Van der Bellen" alone is a surname, not a first name and a surname.
_PARTICLES = frozenset({
    "van", "von", "vom", "zu", "zum", "de", "der", "den", "del", "della", "di", "da", "das", "dos",
    "du", "la", "le", "ter", "ten", "al", "el", "bin", "ibn",
})
# Possessive endings a span can keep ("Blair's" where the tokenizer did not split it).
_POSSESSIVES = ("'s", "’s", "'", "’")


def _words(text: str, language: str) -> list[str]:
    """The name's words without leading titles or a possessive ending."""
    words = text.split()
    single_letters = _SINGLE_LETTER_TITLES.get(language, frozenset())
    while len(words) > 1 and (words[0].lower().rstrip(".") in _TITLES or words[0].lower().rstrip(".") in single_letters):
        words = words[1:]
    if words:
        for ending in _POSSESSIVES:
            if words[-1].endswith(ending) and len(words[-1]) > len(ending) + 1:
                words[-1] = words[-1][: -len(ending)]
                break
    return words


def _is_full(words: tuple[str, ...]) -> bool:
    """A first name (or initial) and a surname, not a surname alone ("Van der Bellen")."""
    return len(words) >= 2 and words[0].lower() not in _PARTICLES


def _same_first_name(first: str, other: str) -> bool:
    """Equal, or one an initial of the other ("S", "S." and "Serena")."""
    a, b = first.rstrip("."), other.rstrip(".")
    if a == b:
        return True
    short, long_ = sorted((a, b), key=len)
    return len(short) == 1 and long_.startswith(short)


def _surnames(forms: list[tuple[str, ...]], language: str, is_person_word: Callable[[str], bool]) -> list[str]:
    """Each form's surname: its last word, a German genitive ``s`` taken off where the article
    also writes the surname without it ("Merkels" beside "Merkel"), or where the name lexicon knows
    the word without it as a name's and not with it ("Putins"; not "Thomas", "Haas")."""
    lasts = {form[-1] for form in forms}

    def genitive(word: str) -> bool:
        bare = word[:-1]
        return word.endswith("s") and (bare in lasts or (is_person_word(bare) and not is_person_word(word)))

    if language != "de":
        return [form[-1] for form in forms]
    return [form[-1][:-1] if genitive(form[-1]) else form[-1] for form in forms]


def _ends(form: tuple[str, ...], end: tuple[str, ...]) -> bool:
    """Whether ``end`` is the last words of ``form`` (``Rodríguez Zapatero`` of ``José Luis Rodríguez Zapatero``)."""
    return len(end) <= len(form) and form[len(form) - len(end):] == end


def _same_person(form: tuple[str, ...], other: tuple[str, ...]) -> bool:
    """The same first name, or one form the end of the other: Spanish ``Rodríguez Zapatero`` is
    ``José Luis Rodríguez Zapatero`` by both his surnames."""
    return _same_first_name(form[0], other[0]) or _ends(form, other) or _ends(other, form)


def _one_person(full_forms: Counter) -> bool:
    return all(_same_person(a, b) for a in full_forms for b in full_forms)


def _glued(form: tuple[str, ...], count: int, other_surnames: set[str]) -> bool:
    """A "full" form that is words the model ran into the name: "Gauland Gauland" (a hashtag),
    "Mayer Doskozil" once (two people in a row), "IHS-Mann Hofer" (a role noun), "Partridge - Marley"."""
    given = form[:-1]
    return ("-" in given or form[-1] in given or (count == 1 and bool(other_surnames.intersection(given)))
            or any(re.search(r"-[a-zäöüß]", word) for word in given))


def _article_name(full_forms: Counter, other_surnames: set[str]) -> tuple[str, ...] | None:
    """The full form to count a surname under, or None when its full forms name different people.

    Forms the model glued from other words are set aside only when the forms disagree.
    """
    if not _one_person(full_forms):
        full_forms = Counter({form: n for form, n in full_forms.items() if not _glued(form, n, other_surnames)})
        if not full_forms or not _one_person(full_forms):
            return None
    whole = [form for form in full_forms if not any(_ends(other, form) for other in full_forms if other != form)]
    return max(whole, key=lambda form: (full_forms[form], len(form), form))


def name_people(entities: list[dict[str, Any]], language: str,
                is_person_word: Callable[[str], bool] = lambda word: False) -> None:
    """Set, in place, each PER mention's ``canonical_name`` to the name the article counts it under.

    ``is_person_word`` is the model's name lexicon (``NameLexicon.knows_as_person``).
    """
    people = [entity for entity in entities if entity[Col.LABEL] == "PER" and not entity[Col.CANONICAL_ID]]
    forms = [tuple(_words(entity[Col.TEXT], language)) for entity in people]
    kept = [(entity, form) for entity, form in zip(people, forms) if form]
    surnames = _surnames([form for _, form in kept], language, is_person_word)
    full_forms: dict[str, Counter] = defaultdict(Counter)
    for (_, form), surname in zip(kept, surnames):
        form = form[:-1] + (surname,)
        if _is_full(form) and surname.lower() not in _PARTICLES:
            full_forms[surname][form] += 1
    for (entity, form), surname in zip(kept, surnames):
        form = form[:-1] + (surname,)
        forms_of_surname = full_forms.get(surname)
        if forms_of_surname and surname.lower() not in _PARTICLES:  # "Van" of a cut "Van der Bellen": none
            others = set(full_forms) - {surname}
            chosen = _article_name(forms_of_surname, others)
            if chosen and (not _is_full(form) or _same_person(form, chosen) or _glued(form, forms_of_surname[form], others)):
                form = chosen
        entity[Col.CANONICAL_NAME] = " ".join(form)
