"""Reading the NER gold corpora: label mapping, repairs, and what training vs scoring sees."""

from __future__ import annotations

from conftest import shared_path

from tasks.entities.corpora import read_corpus, repair_iob, sentence_spans


def test_german_conll_umlauts_are_repaired():
    path = shared_path("corpora/ner/wikineural/data/conll/de/train.conllu")
    words = {w for tokens, _ in read_corpus(path, "conll", repair_umlauts=True) for w in tokens}
    assert {"Erzählung", "läßt", "Flüchtlinge", "Überzeugung", "Ärger"} <= words
    assert not any(ch in w for w in words for ch in "дяьэ№ƒ")


def test_germeval_derived_classes_are_O_for_scoring_and_unannotated_for_training():
    path = shared_path("corpora/ner/davidsbatista/GermEval2014/NER-de-test.tsv")
    scored = read_corpus(path, "germeval")
    trained = read_corpus(path, "germeval", mask_derived=True)
    assert len(scored) == len(trained) == 5100
    labels = {tag for _, tags in scored for tag in tags}
    assert labels == {"O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC"}
    masked = [(s, t) for (_, s), (_, t) in zip(scored, trained) if None in t]
    assert masked and all(a == "O" for s, t in masked for a, b in zip(s, t) if b is None)


def test_iob_repair_and_spans():
    assert repair_iob(["O", "I-PER", "I-PER", None, "I-LOC"]) == ["O", "B-PER", "I-PER", None, "B-LOC"]
    text, spans = sentence_spans(["Olaf", "Scholz", "besucht", "Litauen", "."], ["B-PER", "I-PER", "O", "B-LOC", "O"])
    assert text == "Olaf Scholz besucht Litauen ."
    assert [text[s:e] for s, e, _ in spans] == ["Olaf Scholz", "Litauen"]
