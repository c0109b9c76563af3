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
other ("Rodríguez Zapatero"), are one person, counted under the form the article uses most that
is not the end of another. What cannot be told apart from the text is not: a "Brown" who is not
the article's "Gordon Brown" is counted as him.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from typing import Any, Callable

from tasks.schema import Col

# Titles before a name, lower case without their dot, in every language and in one language only:
# English "Don" is a given name (Don King), French "M." elsewhere an initial (M Smith).
_TITLES = frozenset({
    "mr", "mrs", "ms", "miss", "dr", "sir", "dame", "lord", "lady", "baron", "baroness", "prof", "professor",
    "rev", "gen", "general", "mayor", "president", "chancellor", "premier",
    "herr", "frau", "fräulein", "mag", "präsident", "präsidentin", "kanzler", "kanzlerin",
    "dhr", "mevr", "mevrouw", "meneer", "drs", "ir",
})
_LANGUAGE_TITLES = {
    "es": frozenset({"sr", "sra", "srta", "señor", "señora", "don", "doña"}),
    "fr": frozenset({"m", "mme", "mlle", "monsieur", "madame", "me"}),
}
# Words a surname can start with: "Van der Bellen" alone is a surname, not a first name and a surname.
_PARTICLES = frozenset({
    "van", "von", "vom", "zu", "zum", "de", "der", "den", "del", "della", "di", "da", "das", "dos",
    "du", "la", "le", "ter", "ten", "al", "el", "bin", "ibn",
})
# Possessive endings a span can keep ("Blair's" where the tokenizer did not split it).
_POSSESSIVES = ("'s", "’s", "'", "’")
# German names ending so take an apostrophe in the genitive, not an "s" ("Weiss'"): "Weiss" is no "Weis" + s.
_NO_GENITIVE_S = ("s", "ß", "x", "z")

NameClasses = Callable[[str], "str | None"]


def is_title(word: str, language: str) -> bool:
    """Whether a word is a title before a name in ``language`` (``Mr``, ``Herr``, ``M.``), its dot aside."""
    return word.lower().rstrip(".") in _TITLES | _LANGUAGE_TITLES.get(language, frozenset())


def is_particle(word: str) -> bool:
    """Whether a word can start a surname (``van``, ``von``, ``de``), in any case."""
    return word.lower() in _PARTICLES


def takes_genitive_s(name: str) -> bool:
    """Whether a German name's genitive adds an ``s`` (``Merkels``; not ``Weiss'``)."""
    return not name.endswith(_NO_GENITIVE_S)


def name_words(text: str, language: str) -> list[str]:
    """The name's words without leading titles or a possessive ending."""
    words = text.split()
    titles = _TITLES | _LANGUAGE_TITLES.get(language, frozenset())
    while len(words) > 1 and words[0].lower().rstrip(".") in titles:
        words = words[1:]
    if words:
        for ending in _POSSESSIVES:
            if words[-1].endswith(ending) and len(words[-1]) > len(ending) + 1:
                words[-1] = words[-1][: -len(ending)]
                break
    return words


def is_full_name(words: tuple[str, ...]) -> bool:
    """A first name (or initial) and a surname, not a surname alone ("Van der Bellen")."""
    return len(words) >= 2 and words[0].lower() not in _PARTICLES


def _same_first_name(first: str, other: str) -> bool:
    """Equal, or one an initial of the other ("S", "S." and "Serena")."""
    a, b = first.rstrip("."), other.rstrip(".")
    if a == b:
        return True
    short, long_ = sorted((a, b), key=len)
    return len(short) == 1 and long_.startswith(short)


def _classes(name_classes: NameClasses, word: str) -> set[str]:
    return set((name_classes(word) or "").split("_"))


def _surnames(forms: list[tuple[str, ...]], language: str, name_classes: NameClasses) -> list[str]:
    """Each form's surname: its last word, a German genitive ``s`` taken off where the article
    also writes the surname without it ("Merkels" beside "Merkel"), or where the name lexicon knows
    the word without it as a name's and not with it ("Putins"; not "Thomas", "Haas")."""
    if language != "de":
        return [form[-1] for form in forms]
    lasts = {form[-1] for form in forms}
    person = {"PER", "GIV", "SUR"}

    def genitive(word: str) -> bool:
        bare = word[:-1]
        if not word.endswith("s") or not takes_genitive_s(bare):
            return False
        return bare in lasts or bool(person & _classes(name_classes, bare) and not person & _classes(name_classes, word))

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


def _commonest_whole(forms: Counter) -> tuple[str, ...]:
    """Of one person's forms, the one used most that is not the end of another (``Rodríguez
    Zapatero``), the longest on a tie."""
    whole = [form for form in forms if not any(_ends(other, form) for other in forms if other != form)]
    return max(whole, key=lambda form: (forms[form], len(form), form))


class _Article:
    """One article's people: each surname's full forms, and the name chosen for it, once."""

    def __init__(self, full_forms: dict[str, Counter], name_classes: NameClasses, language: str) -> None:
        self.full_forms = full_forms
        self.name_classes = name_classes
        self.language = language
        self._chosen: dict[str, tuple[str, ...] | None] = {}

    def glued(self, form: tuple[str, ...]) -> bool:
        """A "full" form that is words the model ran into the name: "Gauland Gauland" (a hashtag),
        "IHS-Mann Hofer" (a role noun), "Partridge - Marley", or, once, another of the article's
        surnames in front ("Niessl Doskozil": two people in a row) that is no given name ("Thomas
        Müller" beside "Michael Thomas" is Thomas Müller)."""
        given, surname = form[:-1], form[-1]
        if "-" in given or surname in given or any(re.search(r"-[a-zäöüß]", word) for word in given):
            return True
        own = _surname_keys(form, self.language)  # a Spanish father's surname is the name's own
        return self.full_forms[surname][form] == 1 and any(
            word not in own and word in self.full_forms and "GIV" not in _classes(self.name_classes, word)
            for word in given)

    def name(self, surname: str) -> tuple[str, ...] | None:
        """The full form to count a surname under, or None when its full forms name different people.

        Forms the model glued from other words are set aside only when the forms disagree.
        """
        if surname not in self._chosen:
            forms = self.full_forms[surname]
            if not _one_person(forms):
                forms = Counter({form: n for form, n in forms.items() if not self.glued(form)})
            self._chosen[surname] = _commonest_whole(forms) if forms and _one_person(forms) else None
        return self._chosen[surname]

    def name_among_own(self, surname: str, form: tuple[str, ...]) -> tuple[str, ...]:
        """A full form's name where its surname's forms name several people: the commonest whole
        form among its own person's (``Marc Márquez`` and ``Marc Márquez Alentà``
        beside his brother ``Álex Márquez``)."""
        forms = Counter({other: n for other, n in self.full_forms[surname].items() if _same_person(form, other)})
        return _commonest_whole(forms) if forms and _one_person(forms) else form


def name_people(entities: list[dict[str, Any]], language: str,
                name_classes: NameClasses = lambda word: None) -> None:
    """Set, in place, each PER mention's ``canonical_name`` to the name the article counts it under.

    ``name_classes`` is the model's name lexicon (``NameLexicon.lookup``: ``GIV_PER_SUR`` and the like).
    """
    people = [entity for entity in entities if entity[Col.LABEL] == "PER" and not entity[Col.CANONICAL_ID]]
    kept = [(entity, tuple(words)) for entity in people if (words := name_words(entity[Col.TEXT], language))]
    surnames = _surnames([form for _, form in kept], language, name_classes)
    named = [(entity, form[:-1] + (surname,)) for (entity, form), surname in zip(kept, surnames)]
    full_forms: dict[str, Counter] = defaultdict(Counter)
    for _, form in named:
        for surname in _surname_keys(form, language):
            full_forms[surname][form] += 1
    article = _Article(full_forms, name_classes, language)
    for entity, form in named:
        for surname in _surname_keys(form, language) or (form[-1],):
            if surname not in full_forms:
                continue
            chosen = article.name(surname)
            if chosen and (not is_full_name(form) or _same_person(form, chosen) or article.glued(form)):
                form = chosen
                break
            if chosen is None and is_full_name(form):
                form = article.name_among_own(surname, form)
                break
        entity[Col.CANONICAL_NAME] = " ".join(form)


def organisations_among_people(entities: list[dict[str, Any]], language: str,
                                organisation: Callable[[str], Any], name_classes: NameClasses) -> None:
    """Relabel, in place, the PER mentions that are an organisation the knowledge base knows.

    The models tag a company or club named alone like a person: "Yukos had filed for bankruptcy"
    came out PER, and Yukos and Chelsea were among the BBC's most named "people". A PER mention
    becomes the organisation (ORG, its id and name) when ``organisation`` finds one for its whole
    text, the name lexicon (``name_classes``) knows no word of it from people's surnames or full
    names (``Ford``, ``Siemens`` and ``Disney`` stay people; a given name alone, ``Chelsea``, is
    how news names clubs, not people), and no person of the article is named with it ("Ferdinand
    Porsche" keeps the article's bare "Porsche" a person, "Chelsea Clinton" its "Chelsea").
    """
    people = [entity for entity in entities if entity[Col.LABEL] == "PER" and not entity[Col.CANONICAL_ID]]
    names = {word for entity in people if is_full_name(tuple(words := name_words(entity[Col.TEXT], language)))
             for word in words}
    for entity in people:
        words = name_words(entity[Col.TEXT], language)
        # German genitive: the article's "Wolfgang Porsche" keeps its "Porsches Familie" a person
        bases = [word[:-1] for word in words if language == "de" and word.endswith("s")]
        if not words or names.intersection(words + bases) or any(
                {"SUR", "PER"} & _classes(name_classes, word) for word in words + bases):
            continue
        found = organisation(entity[Col.TEXT])
        if found is not None and found.label == "ORG":
            entity.update({Col.LABEL: "ORG", Col.CANONICAL_ID: found.id, Col.CANONICAL_NAME: found.name})


def _surname_keys(form: tuple[str, ...], language: str) -> tuple[str, ...]:
    """The surnames a full form is named by alone: its last word; in Spanish, whose names end in
    the father's and the mother's surname, first the father's ("Sánchez" of "Pedro Sánchez
    Pérez-Castejón"). None for a form that is no full name, or whose last word is a particle
    ("Van" of a "Van der Bellen" the model cut short)."""
    if not is_full_name(form) or is_particle(form[-1]):
        return ()
    if language == "es" and len(form) >= 3 and not is_particle(form[-2]):
        return form[-2], form[-1]
    return (form[-1],)


def people_named_in_full(entities: list[dict[str, Any]], language: str,
                         is_listed_place: Callable[[str], bool] = lambda name: False) -> None:
    """Relabel, in place, as PER the unlinked mentions that are the surname of a person the article names in full.

    The models read a bare surname in a sentence they cannot parse as a place or a company:
    10kGNAD's interview with ``Franz Landau`` had ``Herr Landau`` LOC ten times, the BBC's
    ``Gareth Bellamy`` ``new signing Bellamy`` LOC, ``Carly Fiorina`` ``Ms Fiorina`` ORG, so the
    person was counted once and a place or a company of his name several times. A LOC, ORG or MISC
    mention that the knowledge base does not link, whose text (in German, or its genitive ``s``
    taken off) is the surname of one of the article's full PER names, becomes PER. An acronym
    (``DVD``, ``NF``) and a place on the small-place list (``Mattersburg``) stay what they are.
    Measured before it was written: of such mentions, about 65 of 71 in 10kGNAD and 120 of 131 in a
    third of BBC were the person, read by eye.
    """
    surnames = {key for entity in entities if entity[Col.LABEL] == "PER"
                for key in _surname_keys(tuple(name_words(entity[Col.TEXT], language)), language)}
    if not surnames:
        return
    for entity in entities:
        text = entity[Col.TEXT]
        if entity[Col.LABEL] == "PER" or entity[Col.CANONICAL_ID] or text.isupper() or is_listed_place(text):
            continue
        bare = text[:-1] if language == "de" and text.endswith("s") and text[:-1] in surnames else text
        if bare in surnames:
            entity[Col.LABEL] = "PER"
            entity[Col.CANONICAL_NAME] = None  # name_people names it after the article's full name
