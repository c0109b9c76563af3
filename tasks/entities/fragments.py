"""The French model's spans cut back to the name in them.

The French model learnt from WikiANN, whose French "sentences" are Wikipedia link contexts of six
tokens at the median: it never read the long sentences of news prose, and on them it runs spans
on through clauses. On a Le Monde article it tagged "projet de loi sur le renseignement défendu
par le" ORG, "tranche de quatre mois" PER, "site de l'Assemblée nationale" ORG and "Conseil
constitutionnel, prochainement" ORG. A name has a capitalised word, starts with one, and has no
comma or quotation mark in it; French names go on with lower-case words ("Assemblée nationale",
"Cour de cassation") but do not end on an article or preposition. So each span is cut at its
first comma, colon, quotation mark, bracket or line break; lower-case words in front of it and
articles and prepositions behind it are taken off; and what is left must hold a capitalised word
besides an article or pronoun a sentence starts with ("La loi prévoit", "Des dizaines de
milliers de personnes" are no names, "La Poste" is). A span with none left is dropped.
"""

from __future__ import annotations

from typing import Any

# Tokens a name does not run through: the first of them ends the span. (A name's own brackets stay:
# "Péronne (Saône-et-Loire)", as Wikipedia and WikiANN write places of one name.)
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


def _capitalised(token: Any) -> bool:
    return token.text[:1].isupper()


def name_part(span: Any) -> Any | None:
    """The part of a span that can be a name, as a span of the same label; None if none can."""
    from spacy.tokens import Span

    tokens = list(span)
    for index, token in enumerate(tokens):
        if token.text in _BREAKS or "\n" in token.text_with_ws.rstrip(" "):
            tokens = tokens[: index + (0 if token.text in _BREAKS else 1)]
            break
    while tokens and not _capitalised(tokens[0]):
        tokens.pop(0)
    while tokens and tokens[-1].text.lower() in _TRAILING:
        tokens.pop()
    if not tokens:
        return None
    named = [token for token in tokens if _capitalised(token)]
    if named == [tokens[0]] and tokens[0].text.lower() in _SENTENCE_STARTS:
        return None  # "La loi prévoit": the only capital is the sentence's, on an article
    if tokens[0].i == span.start and tokens[-1].i == span.end - 1:
        return span
    return Span(span.doc, tokens[0].i, tokens[-1].i + 1, label=span.label)


def name_parts(spans: list[Any]) -> list[Any]:
    """Each span cut back to its name part; the spans with none dropped."""
    return [part for part in map(name_part, spans) if part is not None]
