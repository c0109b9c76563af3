"""Entity ensembles: the vote, the wiring of members in one pipeline, and the shipped ensembles."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
import spacy
from spacy.tokens import Span

from tasks.entities import ensemble, lexicon
from tasks.entities.gazetteer import MODELS_DIR

ENSEMBLES = [m for m in sorted(MODELS_DIR.glob("ner-*")) if f'factory = "{ensemble.VOTE}"' in (m / "config.cfg").read_text()]


def _spans(doc, *triples):
    return [Span(doc, start, end, label=label) for start, end, label in triples]


def test_a_span_needs_a_strict_majority_with_the_same_label():
    doc = spacy.blank("nl")("Rutte sprak in Den Haag met de NAVO over Oekraïne")
    members = [
        _spans(doc, (0, 1, "PER"), (3, 5, "LOC"), (7, 8, "ORG")),
        _spans(doc, (0, 1, "PER"), (3, 5, "ORG"), (7, 8, "ORG"), (9, 10, "LOC")),
        _spans(doc, (0, 1, "PER"), (4, 5, "LOC"), (9, 10, "MISC")),
    ]
    kept = [(s.start, s.end, s.label_) for s in ensemble.vote(members, doc)]
    # "Den Haag": LOC, ORG and a shorter LOC, no majority for any one; "Oekraïne": LOC once, MISC once
    assert kept == [(0, 1, "PER"), (7, 8, "ORG")]


def test_with_four_members_half_the_votes_keep_a_span_and_a_tie_goes_to_the_earlier_member():
    doc = spacy.blank("de")("Kanzler Scholz traf in Bad Homburg den Vorstand der Deutschen Bank")
    members = [
        _spans(doc, (1, 2, "PER"), (4, 6, "LOC"), (9, 11, "ORG")),
        _spans(doc, (1, 2, "PER"), (5, 6, "LOC"), (10, 11, "ORG")),
        _spans(doc, (4, 6, "LOC"), (10, 11, "ORG")),
        _spans(doc, (0, 2, "PER"), (5, 6, "LOC"), (10, 11, "ORG")),
    ]
    kept = [(s.start, s.end, s.label_) for s in ensemble.vote(members, doc)]
    # "Scholz" has two votes and nothing overlapping it has as many; "Bad Homburg" ties "Homburg"
    # two to two and member 0 proposed it; "Bank" (three votes) beats "Deutschen Bank" (one)
    assert kept == [(1, 2, "PER"), (4, 6, "LOC"), (10, 11, "ORG")]


def test_an_ensemble_needs_at_least_three_members(tmp_path):
    with pytest.raises(ValueError, match="at least 3"):
        ensemble.assemble("nl", [tmp_path / "a", tmp_path / "b"])


def test_the_build_command_says_which_folder_is_not_a_trained_model(tmp_path, capsys):
    assert ensemble.main(["--language", "nl", "--target", str(tmp_path / "out"), str(tmp_path), str(tmp_path), str(tmp_path)]) == 2
    assert "not a trained model folder" in capsys.readouterr().err


def test_a_plain_lexicon_clears_a_tag_an_earlier_member_wrote():
    """Members run in turn on one Doc; a plain-lexicon member must not see a rich member's tags."""
    nlp = spacy.blank("nl")
    nlp.add_pipe(lexicon.FACTORY).classes = {"Amsterdam": "LOC"}
    doc = nlp.make_doc("in Amsterdam")
    doc[0].tag_ = "LEX__Z7"
    nlp.get_pipe(lexicon.FACTORY)(doc)
    assert [t.tag_ for t in doc] == ["", "LEX_LOC"]


@pytest.mark.parametrize("model", ENSEMBLES, ids=lambda p: p.name)
def test_each_member_of_a_shipped_ensemble_tags_as_it_does_alone(model):
    """The stash between members resets the Doc: a member's spans do not depend on the ones before."""
    nlp = spacy.load(model)
    keys = nlp.get_pipe(ensemble.VOTE).keys
    assert len(keys) >= 3
    texts = [
        "Premier Rutte sprak dinsdag in Den Haag met NAVO-chef Stoltenberg over de oorlog in Oekraïne .",
        "Ajax verloor zondag in Eindhoven van PSV , meldt de NOS .",
        "El presidente Pedro Sánchez viajó a Bruselas para reunirse con la OTAN .",
    ]
    docs = list(nlp.pipe(texts))
    for index, key in enumerate(keys):
        alone = spacy.blank(nlp.lang)
        # the lexicon tags a member reads are the last ones written before its ner runs
        lexicons = [name for name in nlp.pipe_names[: nlp.pipe_names.index(key)] if name.startswith("name_lexicon")]
        for name in lexicons[-1:] + [key]:
            alone.add_pipe(name, source=nlp)
        for doc, solo in zip(docs, alone.pipe(texts)):
            assert [(s.start, s.end, s.label_) for s in doc.spans[key]] == [(s.start, s.end, s.label_) for s in solo.ents]
    for doc in docs:
        assert [(s.start, s.end, s.label_) for s in doc.ents] == [
            (s.start, s.end, s.label_) for s in ensemble.vote([doc.spans[key] for key in keys], doc)
        ]


@pytest.mark.parametrize("model", ENSEMBLES, ids=lambda p: p.name)
def test_a_shipped_ensemble_loads_with_plain_spacy_and_records_its_members(model):
    code = f"import spacy; print(spacy.load({str(model)!r}).pipe_names[-1])"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == [ensemble.VOTE]  # components found through the spacy_factories entry points
    # the members' training words are not shipped (ensemble._keep_only_blank_strings)
    strings = json.loads((model / "vocab" / "strings.json").read_text())
    assert strings == list(spacy.blank(model.name.removeprefix("ner-")).vocab.strings)
    record = json.loads((model / "training.json").read_text())
    assert record["command"].startswith("python -m tasks.entities.ensemble")
    assert len(record["members"]) == len(spacy.load(model).get_pipe(ensemble.VOTE).keys)


def test_the_build_never_replaces_a_folder_that_is_not_a_pipeline(tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(ValueError, match="not a spaCy pipeline"):
        ensemble.build("nl", [tmp_path, tmp_path, tmp_path], tmp_path, "python -m tasks.entities.ensemble")
    assert (tmp_path / "notes.txt").read_text() == "mine"
