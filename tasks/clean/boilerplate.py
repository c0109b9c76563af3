"""Share, "read more" and advertising lines that scrapers leave between paragraphs.

A small list per language, chosen by the detected language, plus one that applies everywhere.
A line is dropped only when it is short and *starts* with one of these phrases (or is exactly
one of the one-word labels), so an article sentence that merely contains "read more" stays.
"""

from __future__ import annotations

import re

MAX_BOILERPLATE_CHARS = 160

# Phrases that open a boilerplate line ("Lesen Sie auch: Putin droht ...").
PREFIXES: dict[str, tuple[str, ...]] = {
    "en": ("read more", "read also", "related:", "related articles", "related stories", "see also",
           "share this", "share on", "click here", "subscribe to", "sign up for", "follow us",
           "listen to this article", "image caption", "image source", "media caption",
           "watch:", "more on this story", "continue reading"),
    "de": ("lesen sie auch", "lesen sie mehr", "mehr zum thema", "auch interessant", "das könnte sie auch",
           "weiterlesen", "mehr lesen", "zum artikel", "folgen sie uns", "jetzt abonnieren",
           "abonnieren sie", "teilen sie", "hier klicken", "anzeige:", "bildquelle", "quelle: getty",
           "mehr dazu", "empfohlener redaktioneller inhalt", "artikel teilen"),
    "fr": ("lire aussi", "à lire aussi", "a lire aussi", "lire la suite", "voir aussi", "partager sur",
           "abonnez-vous", "suivez-nous", "à voir également", "sur le même sujet"),
    "es": ("lee también", "lea también", "leer más", "te puede interesar", "le puede interesar",
           "compartir en", "suscríbete", "síguenos", "ver también", "noticia relacionada"),
    "nl": ("lees ook", "lees meer", "lees verder", "bekijk ook", "deel dit", "delen op", "abonneer",
           "volg ons"),
    "it": ("leggi anche", "leggi di più", "condividi su", "iscriviti", "seguici"),
    "pt": ("leia também", "leia mais", "compartilhe", "veja também", "siga-nos"),
    "pl": ("czytaj też", "czytaj także", "czytaj więcej", "zobacz też", "udostępnij"),
}

# Whole lines that are share-button or label residue in any language.
EXACT = {
    "share", "tweet", "teilen", "partager", "compartir", "delen", "condividi", "e-mail", "email",
    "facebook", "twitter", "whatsapp", "linkedin", "telegram", "print", "drucken", "imprimer",
    "anzeige", "werbung", "advertisement", "publicité", "publicidad", "advertentie", "pubblicità",
    "copy link", "link kopieren", "publicidade", "reklama", "kommentare", "comments", "mehr", "more",
}

_LEADING_MARKS = re.compile(r"^[\s>»›→•*|:\-–—]+")
# A BBC page's section line ("From the section US & Canada"): a few words, no sentence.
_SECTION = re.compile(r"^from the section [^.,;:!?]{1,40}$")
# A page's comment count ("941 comments", "12 Kommentare"): a line of its own under the headline.
_COMMENT_COUNT = re.compile(
    r"^\d[\d.,]*\s+(comments?|kommentare?|commentaires?|comentarios?|reacties|reactie|commenti|"
    r"comentários|komentarzy|komentarze)$")


def _key(line: str) -> str:
    return _LEADING_MARKS.sub("", line).strip().lower()


def is_boilerplate(line: str, language: str) -> bool:
    """True for a share/"read more"/ad line in the article's language (or a universal label)."""
    if len(line) > MAX_BOILERPLATE_CHARS:
        return False
    key = _key(line)
    if key.rstrip(":.!") in EXACT or _COMMENT_COUNT.match(key) or _SECTION.match(key):
        return True
    return key.startswith(PREFIXES.get(language, ()) + PREFIXES["en"])
