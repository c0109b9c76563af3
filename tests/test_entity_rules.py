"""The rules around the models: derived words, line-ups, and German text that lost its umlauts."""

from __future__ import annotations

import json

import pytest
import spacy
from conftest import shared_path

from tasks.entities import derived, tag_texts
from tasks.entities.evaluate import as_germeval_counts
from tasks.entities.lexicon import NameLexicon


def _spans(text: str, language: str) -> set[tuple[str, str]]:
    return {(entity["text"], entity["label"]) for entity in tag_texts([text], language)[0]}


def test_shipped_derived_words_hold_adjectives_from_names_and_not_common_ones():
    assert derived.is_derived_adjective("syrischen", "de")  # from CLDR's "Syrisch"
    assert derived.is_derived_adjective("deutschen", "de")  # from the gold corpora
    assert derived.is_derived_adjective("franzsischen", "de")  # CoNLL German val's spelling
    assert not derived.is_derived_adjective("politischen", "de")
    assert not derived.is_derived_adjective("entscheiden", "de")  # MISC once in CoNLL train, O four times
    assert not derived.is_derived_adjective("Deutschen", "de")  # adjectives are lower-case
    assert derived.is_derived_word("Berliner", "de") and derived.is_derived_word("deutsche", "de")
    assert not derived.is_derived_word("Berlin", "de")
    assert not derived.is_derived_adjective("deutschen", "en")  # German only


def test_german_adjective_from_a_name_is_misc_where_the_model_left_it():
    spans = _spans("Die syrischen Truppen zogen sich aus der bulgarischen Grenzregion zurück .", "de")
    assert ("syrischen", "MISC") in spans and ("bulgarischen", "MISC") in spans
    assert not any(label == "MISC" for _, label in _spans("Die politischen Parteien stritten lange .", "de"))


def test_germeval_scoring_leaves_out_one_word_derivations_and_compounds_as_its_gold_does():
    text = "Die deutschen Fans und Berliner Zeitung lasen Olympische Spiele im US-Bundesstaat Ohio-Valley"
    spans = {(4, 13, "MISC"), (23, 39, "ORG"), (46, 62, "MISC"), (23, 31, "MISC"), (67, 81, "MISC"), (82, 93, "LOC")}
    assert text[67:81] == "US-Bundesstaat" and text[82:93] == "Ohio-Valley"
    assert as_germeval_counts(spans, text, "de") == {(23, 39, "ORG"), (46, 62, "MISC"), (82, 93, "LOC")}


def test_derived_words_rebuild_gives_the_shipped_file():
    shared_path("corpora/ner/davidsbatista/GermEval2014/NER-de-test.tsv")
    pytest.importorskip("babel", reason="rebuilding needs the gazetteer extra (pip install -e '.[gazetteer]')")
    from tasks.entities.train import DEFAULT_SHARED

    shipped = json.loads(derived.DERIVED_PATH.read_text(encoding="utf-8"))
    assert derived.build_german(DEFAULT_SHARED) == shipped["de"]


def test_every_player_of_a_line_up_is_a_person():
    # CoNLL-2003 German val (umlauts restored); the gold tags all 13 players PER.
    text = ("Kahn - Bogdan - Reich , Metz - Neustädter ( 65. Fritz ) , Schütterle , Rolff , "
            "Wittwer ( 46. Krieg ) , Bender - Schmarow , Carl .")
    players = {"Kahn", "Bogdan", "Reich", "Metz", "Neustädter", "Fritz", "Schütterle", "Rolff",
               "Wittwer", "Krieg", "Bender", "Schmarow", "Carl"}
    assert _spans(text, "de") == {(player, "PER") for player in players}


def test_a_line_up_rule_leaves_clubs_in_brackets_headers_and_prose_lists_alone():
    # CoNLL-2002 Spanish val: the bracket names each player's club, not a substitute.
    text = ("Un partido de suspensión por acumulación de amonestaciones a Bracamonte y De la Cruz ( Badajoz ) , "
            "Suárez ( Toledo ) , Oscar y Puñal ( Leganés ) , Urbano ( Sporting ) , Tiago ( Tenerife ) , Aranalde .")
    labels = dict(_spans(text, "es"))
    assert labels.get("Toledo") != "PER" and labels.get("Badajoz") != "PER"
    assert labels["Suárez"] == "PER"
    assert ("Bowling", "PER") not in _spans("Bowling : Gough 8-0-39-3 , Mullally 6-0-30-1 , Headley 5-0-20-0 , Croft", "en")
    assert not any(label == "PER" for _, label in _spans("Brot , Butter , Milch , Eier und Käse kosten mehr .", "de"))


def test_german_lexicon_knows_words_whose_umlauts_were_dropped_or_spelled_out():
    table = {"format": 2, "language": "de", "classes": {"München": "LOC", "Müller": "SUR"},
             "frequency": {"für": 7, "straße": 5}}
    german = NameLexicon(spacy.blank("de"), "name_lexicon")
    german._load(table)
    assert german.lookup("Mnchen") == german.lookup("Muenchen") == "LOC"
    assert german.lookup("Mueller") == "SUR"
    doc = german(spacy.blank("de")("fr Strasse Mnchen"))
    assert [token.tag_ for token in doc] == ["LEX__Z7", "LEX__Z5", "LEX_LOC_Z0"]
    spanish = NameLexicon(spacy.blank("es"), "name_lexicon")
    spanish._load(table)
    assert spanish.lookup("Mnchen") is None  # only German text loses its umlauts


def test_a_compound_tagged_misc_links_to_the_name_it_starts_with():
    from tasks.entities.gazetteer import load_gazetteer

    gazetteer = load_gazetteer()
    assert gazetteer.lookup("NATO-Staaten", "de", "MISC").id == "org:nato"
    assert gazetteer.lookup("US-Bundesstaat", "de", "MISC").id == "country:US"
    assert gazetteer.lookup("Russlands", "de", "MISC") is None  # only a compound's head, not an inflection guess
    entities = tag_texts(["Leisten nun NATO-Staaten der Ukraine mehr Hilfe ?"], "de")[0]
    assert {e["text"]: e["canonical_id"] for e in entities}["NATO-Staaten"] == "org:nato"
