"""The French model's spans cut back to the name in them.

The French model learnt from WikiANN, whose French "sentences" are Wikipedia link contexts of six
tokens at the median: it never read the long sentences of news prose, and on them it runs spans
on through clauses. On a Le Monde article it tagged "projet de loi sur le renseignement défendu
par le" ORG, "tranche de quatre mois" PER, "site de l'Assemblée nationale" ORG and "Conseil
constitutionnel, prochainement" ORG. A name has a capitalised word (or one like "eBay"), starts
with one, and has no comma, quotation mark or line break in it; French names go on with
lower-case words ("Assemblée nationale", "Cour de cassation") but do not end on an article or
preposition. So each span is cut at its first comma, colon, quotation mark, spaced dash or line
break (a name's own brackets stay: WikiANN and Wikipedia write "Péronne (Saône-et-Loire)");
lower-case words in front of it and articles and prepositions behind it are taken off; and what
is left must hold a capitalised word besides an article or pronoun a sentence starts with ("La loi
prévoit", "Des dizaines de milliers de personnes" are no names, "La Poste" is). A span with none
left is dropped.

Words taken off in front that end on "de", "du", "l'"... make what is left the thing they are of,
not the span's own kind: "maire de Madrid" (PER) is Madrid the place, "général de Gaulle" the
person de Gaulle, "chute de Robespierre" (ORG) nothing the model knew. What is left then takes the
knowledge base's label if it knows the name; a person's name keeps its particle; a name of two
words or more ("site de l'Assemblée nationale") keeps the span's label; anything else is dropped.
"""

from __future__ import annotations

from typing import Any, Callable

# Tokens a name does not run through: the first of them ends the span (a dash only with a space).
_BREAKS = frozenset({",", ";", ":", "«", "»", "“", "”", "„", '"', "—", "–"})
# Words a French name does not end on.
_TRAILING = frozenset({
    "le", "la", "les", "l'", "l’", "de", "du", "des", "d'", "d’", "et", "ou", "à", "au", "aux", "en", "par",
    "pour", "sur", "dans", "avec", "un", "une", "que", "qui",
})
# Capitalised words a French sentence starts with that are no name of themselves.
_SENTENCE_STARTS = frozenset({
    "le", "la", "les", "l'", "l’", "un", "une", "des", "du", "de", "ce", "cet", "cette", "ces", "aucun",
    "aucune", "il", "elle", "ils", "elles", "on", "nous", "vous", "en", "dans", "pour", "selon", "mais", "et",
})
# A person's particle stays with the surname after it ("de Gaulle", "van Gogh").
_PARTICLES = frozenset({"de", "d'", "d’", "du", "van", "von", "der", "den", "da", "di", "del", "della"})
# Words a name's front ends on when what follows is another thing than the words before them
# ("maire de Madrid"), a particle among them.
_OF = _PARTICLES | {"des", "l'", "l’", "la", "le", "les", "à", "au", "aux", "en"}
_DASHES = frozenset({"—", "–"})
# Verbs a name never holds: the span has run into its sentence's predicate ("Internet a changé").
_VERBS = frozenset({
    "a", "ont", "est", "sont", "était", "étaient", "avait", "avaient", "sera", "seront", "serait", "aurait",
    "va", "vont", "fait", "font", "dit", "peut", "doit", "veut", "demande", "demanderait",
})
# Relative pronouns: the span runs into a clause about the name ("Roche qui a déclaré"). "et" stays:
# names join words with it ("Commission nationale informatique et libertés").
_JOINS = frozenset({"qui", "que", "qu'", "qu’"})


def _capitalised(token: Any) -> bool:
    text = token.text
    return text[:1].isupper() or (text[:1].islower() and any(c.isupper() for c in text[1:]))  # "eBay"


def _starts_a_name(tokens: list[Any]) -> bool:
    """Whether the first token can start a name: capitalised, or a number before one ("20 Minutes")."""
    first = tokens[0]
    return _capitalised(first) or (first.is_digit and len(tokens) > 1 and _capitalised(tokens[1]))


def _breaks(token: Any) -> bool:
    """A comma, colon, quotation mark or spaced dash ("Paris–Roubaix" keeps its dash)."""
    if token.text in _DASHES:
        return bool(token.whitespace_) or (token.i > 0 and bool(token.doc[token.i - 1].whitespace_))
    return token.text in _BREAKS


def _runs_into_a_clause(tokens: list[Any], index: int) -> bool:
    """A verb or a relative pronoun, in lower case after the name's start and before a lower-case word:
    the span ran into its sentence ("Internet a changé"). Before a capital it is part of a title
    (English "If I Were a Boy", "Choudard dit Desforges"), and "A" is a letter ("Ligne A")."""
    following = tokens[index + 1].text if index + 1 < len(tokens) else ""
    return index > 0 and tokens[index].text in _VERBS | _JOINS and following[:1].islower()


def name_part(span: Any, known_label: Callable[[str], str | None] = lambda text: None) -> Any | None:
    """The part of a span that can be a name, as a span; None if none can.

    ``known_label`` is the knowledge base's label of a name (None if it does not know it).
    """
    from spacy.tokens import Span

    tokens = list(span)
    while tokens and (tokens[0].is_space or _breaks(tokens[0])):
        tokens.pop(0)  # "« Le Monde »"
    for index, token in enumerate(tokens):
        if token.is_space or _breaks(token) or _runs_into_a_clause(tokens, index):
            tokens = tokens[:index]
            break
        if "\n" in token.whitespace_:
            tokens = tokens[: index + 1]
            break
    front = []
    while tokens and not _starts_a_name(tokens):
        front.append(tokens.pop(0))
    while tokens and (tokens[-1].text.lower() in _TRAILING or tokens[-1].is_space):
        tokens.pop()
    if not tokens:
        return None
    named = [token for token in tokens if _capitalised(token)]
    if named == [tokens[0]] and tokens[0].text.lower() in _SENTENCE_STARTS:
        return None  # "La loi prévoit": the only capital is the sentence's, on an article
    label = span.label_
    if front and front[-1].text.lower() in _OF:
        text = span.doc[tokens[0].i:tokens[-1].i + 1].text
        label = known_label(text) or ""
        if not label and span.label_ == "PER" and front[-1].text.lower() in _PARTICLES:
            label, tokens = "PER", [front[-1]] + tokens  # "général de Gaulle": de Gaulle
        elif not label and len(tokens) >= 2:
            label = span.label_  # "site de l'Assemblée nationale"
        elif not label:
            return None  # "chute de Robespierre", "texte de Valéry"
    if tokens[0].i == span.start and tokens[-1].i == span.end - 1 and label == span.label_:
        return span
    return Span(span.doc, tokens[0].i, tokens[-1].i + 1, label=label)


def name_parts(spans: list[Any], known_label: Callable[[str], str | None] = lambda text: None) -> list[Any]:
    """Each span cut back to its name part; the spans with none dropped, and a title alone carried
    on to the name after it (``titled_name``)."""
    parts = [part for part in (name_part(span, known_label) for span in spans) if part is not None]
    covered = {token for part in parts for token in range(part.start, part.end)}
    titled = [titled_name(part, covered) if _is_title(part) else part for part in parts]
    return [part for part in titled if part is not None]


# French titles before a name, as the tokenizer leaves them.
_TITLES = frozenset({"m.", "mm.", "mme", "mmes", "mlle", "me", "dr", "pr"})
_MAX_NAME_WORDS = 3


def _is_title(span: Any) -> bool:
    return len(span) == 1 and span[0].text.lower() in _TITLES


def titled_name(span: Any, covered: set[int]) -> Any | None:
    """A span that is a title alone (``M.`` PER of ``M. Macron a plaidé``) carried on over the capitalised
    words after it, which no other span holds; None when none follows: a title is no name. The
    article's full name then names the person (``people.py``)."""
    from spacy.tokens import Span

    doc, end = span.doc, span.end
    while (end < len(doc) and end - span.end < _MAX_NAME_WORDS and end not in covered
           and _capitalised(doc[end]) and doc[end].is_alpha):
        end += 1
    return Span(doc, span.start, end, label="PER") if end > span.end else None
