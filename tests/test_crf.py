"""The CRF entity member (tasks/entities/crf.py): features, tags, training, saving and loading."""

from __future__ import annotations

import gzip

import spacy
from spacy.tokens import Span

from tasks.entities import crf, ensemble

PEOPLE = ["Merkel", "Scholz", "Baerbock", "Habeck", "Lindner", "Söder", "Wagenknecht", "Pistorius"]
CITIES = ["Berlin", "Hamburg", "München", "Köln", "Leipzig", "Dresden", "Bremen", "Kassel"]


def _gold(nlp, person: str, city: str):
    doc = nlp.make_doc(f"Gestern sprach {person} in {city} über die Lage .")
    doc.set_ents([Span(doc, 2, 3, label="PER"), Span(doc, 4, 5, label="LOC")], default="outside")
    return doc


def _trained(tmp_path):
    nlp = spacy.blank("de")
    docs = [_gold(nlp, person, city) for person in PEOPLE for city in CITIES]
    model = crf.train_model(docs, tmp_path / crf.MODEL_FILE, c1=0.0, c2=0.01, iterations=50)
    nlp.add_pipe(crf.FACTORY).set_model(model)
    return nlp


def test_features_read_the_word_its_neighbours_and_the_lexicon_marks():
    doc = spacy.blank("de").make_doc("Trainer Funkel lobte")
    doc[1].tag_, doc[1].lemma_ = "LEX_SUR_Z0", "C40"
    features = crf.token_features(doc)
    assert features[1]["lex"] == "LEX_SUR_Z0" and features[1]["cl"] == "C40" and features[1]["c4"] == str(40 & 15)
    assert features[0]["1:lex"] == "LEX_SUR_Z0" and features[2]["-1:cl"] == "C40"
    assert features[1]["-1:lw|lw"] == "trainer|funkel" and features[0]["-1:pad"] and features[0]["-2:pad"]
    assert [f["sh"] for f in features] == ["Xx", "Xx", "x"]
    assert crf._shape("A380") == "Xd" and crf._shape("NATO-Staaten") == "X-X"


def test_tags_to_spans_open_a_span_at_a_stray_inside_tag_and_missing_gold_is_outside():
    doc = spacy.blank("de").make_doc("die deutsche Regierung in Berlin und Paris")
    spans = crf.spans_from_tags(doc, ["O", "O", "O", "O", "I-LOC", "O", "B-LOC"])
    assert [(s.start, s.end, s.label_) for s in spans] == [(4, 5, "LOC"), (6, 7, "LOC")]
    doc.set_ents([Span(doc, 4, 5, label="LOC")], missing=[Span(doc, 1, 2)], default="outside")
    assert crf.gold_tags(doc) == ["O", "O", "O", "O", "B-LOC", "O", "O"]


def test_a_trained_member_tags_unseen_names_from_context_and_reloads_the_same(tmp_path):
    nlp = _trained(tmp_path)
    text = "Gestern sprach Kretschmann in Stuttgart über die Lage ."  # neither name was in training
    tagged = [(e.text, e.label_) for e in nlp(text).ents]
    assert tagged == [("Kretschmann", "PER"), ("Stuttgart", "LOC")]
    nlp.to_disk(tmp_path / "member")
    reloaded = spacy.load(tmp_path / "member")
    assert reloaded.pipe_names == [crf.FACTORY]
    assert [(e.text, e.label_) for e in reloaded(text).ents] == tagged
    assert ensemble.entity_component(reloaded) == crf.FACTORY
    saved = tmp_path / "member" / crf.FACTORY / crf.SAVED_FILE
    assert gzip.decompress(saved.read_bytes()) == nlp.get_pipe(crf.FACTORY).model_bytes
    nlp.to_disk(tmp_path / "again")
    assert (tmp_path / "again" / crf.FACTORY / crf.SAVED_FILE).read_bytes() == saved.read_bytes()


def test_a_member_saved_uncompressed_still_loads(tmp_path):
    nlp = _trained(tmp_path)
    nlp.to_disk(tmp_path / "member")
    folder = tmp_path / "member" / crf.FACTORY
    (folder / crf.MODEL_FILE).write_bytes(gzip.decompress((folder / crf.SAVED_FILE).read_bytes()))
    (folder / crf.SAVED_FILE).unlink()
    text = "Gestern sprach Kretschmann in Stuttgart über die Lage ."
    assert [(e.text, e.label_) for e in spacy.load(tmp_path / "member")(text).ents] == [(e.text, e.label_) for e in nlp(text).ents]


def test_training_is_deterministic(tmp_path):
    (tmp_path / "a").mkdir(), (tmp_path / "b").mkdir()
    assert _trained(tmp_path / "a").get_pipe(crf.FACTORY).model_bytes == _trained(tmp_path / "b").get_pipe(crf.FACTORY).model_bytes


def test_a_text_is_read_sentence_by_sentence_as_the_member_was_trained():
    doc = spacy.blank("de")("Dr. Müller kam am 5. Mai z.B. nach Köln. Er blieb! Wer?\nNeue Zeile ohne Punkt")
    assert [doc[start:end].text for start, end in crf.sentences(doc)] == [
        "Dr. Müller kam am 5. Mai z.B. nach Köln.", "Er blieb!", "Wer?", "\n", "Neue Zeile ohne Punkt",
    ]


def test_each_sentence_of_a_text_is_tagged_as_it_is_alone(tmp_path):
    nlp = _trained(tmp_path)
    one = "Gestern sprach Kretschmann in Stuttgart über die Lage ."
    alone = [(e.start, e.end, e.label_) for e in nlp(one).ents]
    assert alone == [(2, 3, "PER"), (4, 5, "LOC")]
    shift = len(nlp.make_doc(one))
    assert [(e.start, e.end, e.label_) for e in nlp(f"{one} {one}").ents] == alone + [(a + shift, b + shift, label) for a, b, label in alone]


def test_a_double_space_is_read_as_no_word_and_never_enters_a_name(tmp_path):
    """spaCy makes a token of the second space; the gold sentences the CRF learnt from had none."""
    nlp = _trained(tmp_path)
    single = [(e.text, e.label_) for e in nlp("Gestern sprach Kretschmann in Stuttgart über die Lage .").ents]
    doubled = nlp("Gestern sprach  Kretschmann in  Stuttgart über die Lage .")
    assert [(e.text, e.label_) for e in doubled.ents] == single == [("Kretschmann", "PER"), ("Stuttgart", "LOC")]


def test_tags_of_the_words_alone_make_spans_over_the_spaces_between_them():
    doc = spacy.blank("de").make_doc("in Western  Australia und  Bonn")
    words = [token.i for token in doc if not token.is_space]
    spans = crf.spans_from_tags(doc, ["O", "B-LOC", "I-LOC", "O", "B-LOC"], words)
    assert [(s.text, s.label_) for s in spans] == [("Western  Australia", "LOC"), ("Bonn", "LOC")]
