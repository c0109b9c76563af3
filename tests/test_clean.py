"""Cleaning: residue out and kept as data, prose untouched."""

from __future__ import annotations

import re

import pandas as pd
from conftest import SAMPLES, shared_path
from helpers import run_stages

from tasks.batch import Batch
from tasks.clean import clean_batch, clean_text
from tasks.schema import Col, Embed


def seed_article():
    seed = shared_path("seed/000_ef3653d5635585ef.txt")
    return seed, run_stages([seed], entities=False).articles.iloc[0]


def test_seed_clean_text_holds_no_residue():
    _, row = seed_article()
    text = row[Col.TEXT]
    for residue in ("t.co", "pic.twitter.com", "@JulianRoepcke", "➡", "🇺🇦", "\ufe0f", "— Julian Röpcke"):
        assert residue not in text
    assert not re.search(r"[\U0001F000-\U0001FFFF\u2600-\u27BF]", text)
    assert not text.endswith("\n") and "\n\n\n" not in text


def test_seed_keeps_every_sentence_of_the_body():
    seed, row = seed_article()
    lines = seed.read_text(encoding="utf-8").splitlines()[1:]  # the first line is the title
    body = [line for line in lines if line.strip() and "@JulianRoepcke" not in line]
    for line in body:
        prose = re.sub(r"https?://\S+|pic\.twitter\.com/\S+|➡️", "", line).strip()
        for sentence in re.split(r"(?<=[.?!“])\s+", prose):
            assert sentence.strip() in row[Col.TEXT], sentence


def test_seed_embed_is_structured():
    _, row = seed_article()
    assert row[Col.SOCIAL_EMBEDS] == [{
        Embed.PLATFORM: "twitter",
        Embed.AUTHOR: "Julian Röpcke",
        Embed.HANDLE: "JulianRoepcke",
        Embed.DATE: __import__("datetime").date(2024, 5, 27),
        Embed.URLS: ["https://t.co/OP91yiPyXP", "https://pic.twitter.com/FP3cZ0lErz"],
        Embed.RAW: "— Julian Röpcke🇺🇦 (@JulianRoepcke) May 27, 2024",
    }]
    assert row[Col.LINKS] == ["https://t.co/OP91yiPyXP", "https://pic.twitter.com/FP3cZ0lErz"]


def test_boilerplate_follows_the_language_and_spares_prose():
    text = (
        "Lesen Sie auch: Wie Schweden seine Küste schützt\n"
        "Der Minister sagte, man solle den Bericht genau lesen, auch den Anhang.\n"
        "Read more: unrelated teaser\n"
        "Teilen\n"
    )
    cleaned = clean_text(text, "de")
    assert cleaned[Col.TEXT] == "Der Minister sagte, man solle den Bericht genau lesen, auch den Anhang."
    assert cleaned["boilerplate_lines"] == 3
    # a BBC page's metadata list under its headline (readability's bbc-1)
    bbc = clean_text("- From the section US & Canada\n- 941 comments\nPresident Barack Obama has admitted that his "
                     "failure to pass gun laws is his biggest frustration.\nThe film has 941 comments on it.", "en")
    assert bbc[Col.TEXT].splitlines()[0].startswith("President Barack Obama") and bbc["boilerplate_lines"] == 2
    prose = "From the section of the motorway that was closed, police removed two lorries."
    assert clean_text(prose, "de")[Col.TEXT] == prose
    french = clean_text("Lire aussi : un autre article\nLe gouvernement a présenté son budget lundi.", "fr")
    assert french[Col.TEXT] == "Le gouvernement a présenté son budget lundi."


def test_sample_html_share_line_removed_and_quotes_kept():
    row = run_stages([SAMPLES / "en_rate_decision.html"], entities=False).articles.iloc[0]
    assert "Share this article" not in row[Col.TEXT]
    assert '"more evidence"' in row[Col.TEXT]


def test_a_url_inside_a_sentence_stays_in_the_prose():
    # 10kGNAD's first article lost its URL mid-sentence: "die Gewerkschaft nun unter ein Online-Werkzeug"
    cleaned = clean_text("Die Gewerkschaft hat nun unter www.allinrechner.at ein Online-Werkzeug lanciert.\n"
                         "Mehr Infos: https://example.com/artikel\nStark! https://t.co/abc123 pic.twitter.com/xyz", "de")
    assert cleaned[Col.TEXT] == ("Die Gewerkschaft hat nun unter www.allinrechner.at ein Online-Werkzeug lanciert."
                                 "\n\nMehr Infos:\n\nStark!")
    assert cleaned[Col.LINKS] == ["https://www.allinrechner.at", "https://example.com/artikel",
                                  "https://t.co/abc123", "https://pic.twitter.com/xyz"]


def test_whitespace_and_nfc_normalisation():
    decomposed = "Mu\u0308nchen\u00a0 liegt   in\tBayern.\r\n\r\n\r\nZweiter Absatz.\n\n\n"
    cleaned = clean_text(decomposed, "de")[Col.TEXT]
    assert cleaned == "München liegt in Bayern.\n\nZweiter Absatz."


def test_residue_only_article_is_rejected_not_dropped():
    batch = Batch(articles=pd.DataFrame({
        Col.SOURCE_PATH: ["x.txt"], Col.SOURCE_FORMAT: ["txt"], Col.RECORD_INDEX: [0], Col.TITLE: [None],
        Col.TEXT: ["— Someone (@someone) May 1, 2024\nhttps://t.co/abcdef 🎉"],
        Col.LANGUAGE: ["und"], Col.PARAGRAPH_LANGUAGES: [[]],
    }))
    batch = clean_batch(batch)
    assert len(batch) == 0
    assert batch.rejected[0][Col.REASON] == "empty_after_cleaning"


def test_paragraph_languages_are_reindexed_to_clean_paragraphs():
    _, row = seed_article()
    paragraphs = row[Col.TEXT].split("\n\n")
    indices = [p["index"] for p in row[Col.PARAGRAPH_LANGUAGES]]
    assert indices == list(range(len(paragraphs)))
