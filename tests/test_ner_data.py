"""Reading the NER gold corpora: label mapping, repairs, and what training vs scoring sees."""

from __future__ import annotations

import pytest
from conftest import shared_path

from tasks.entities.corpora import read_corpus, repair_iob, sentence_spans, unmark_capitalised_outside


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


def test_silver_names_keep_their_labels_and_leave_capitalised_outside_words_unannotated():
    tokens = ["Bei", "den", "Olympischen", "Spielen", "gewann", "Lou", "Salomé", "in", "Paris", "."]
    tags = ["O", "O", "O", "O", "O", "B-PER", "I-PER", "O", "B-LOC", "O"]
    _, silver = unmark_capitalised_outside((tokens, tags))
    assert silver == [None, "O", None, None, "O", "B-PER", "I-PER", "O", "B-LOC", "O"]


@pytest.mark.parametrize("language", ["de", "nl"])
def test_pretraining_text_never_contains_a_dev_sentence(language):
    from tasks.entities.pretrain import raw_texts
    from tasks.entities.train import load_splits

    shared = shared_path("corpora/ner").parent.parent
    shared_path("corpora/news")
    train, dev, _ = load_splits(language, shared)
    raw = "\n".join(raw_texts(language, shared))
    long_dev = [" ".join(tokens) for tokens, _ in dev if len(tokens) > 25]
    train_text = {" ".join(t) for t, _ in train}
    unseen = [s for s in long_dev if s not in train_text]
    assert len(unseen) > 100
    assert not any(s in raw for s in unseen[:300])


def test_mention_replacement_swaps_names_within_a_label_and_keeps_the_context():
    from tasks.entities.train import replace_mentions

    sentences = [
        (["Olaf", "Scholz", "besucht", "Litauen", "."], ["B-PER", "I-PER", "O", "B-LOC", "O"]),
        (["Frontzeck", "(", "23.", ")"], ["B-PER", "O", "O", "O"]),
        (["Gestern", "regnete", "es", "."], ["O", "O", "O", "O"]),
        (["In", "Paris", "sprach", "Macron", "."], [None, "B-LOC", "O", "B-PER", "O"]),
    ]
    copies = replace_mentions(sentences, seed=3)
    assert len(copies) == 3  # the sentence without a name gets no copy
    people = {"Olaf Scholz", "Frontzeck", "Macron"}
    places = {"Litauen", "Paris"}
    for tokens, tags in copies:
        assert len(tokens) == len(tags)
        spans = sentence_spans(tokens, ["O" if t is None else t for t in tags])
        text = spans[0]
        for start, end, label in spans[1]:
            assert text[start:end] in (people if label == "PER" else places)
    last_tokens, last_tags = copies[-1]
    assert last_tokens[0] == "In" and last_tags[0] is None and "sprach" in last_tokens
    with_names = [sentences[0], sentences[1], sentences[3]]
    swapped = [replace_mentions(sentences, seed=s) != with_names for s in range(5)]
    assert any(swapped)  # a no-op "replacement" returns the originals for every seed


def test_a_stray_inside_tag_opens_a_mention_as_it_does_when_scoring():
    from tasks.entities.train import _mentions

    tags = [None, "I-PER", "I-PER", "O", "B-LOC", "I-ORG"]
    assert _mentions(tags) == [(1, 3, "PER"), (4, 5, "LOC"), (5, 6, "ORG")]


def test_german_val_lost_its_umlauts_so_half_the_training_text_can_drop_them_too():
    """CoNLL-2003 German val spells "für" as "fr"; --strip-umlauts spells every second own
    training sentence the same way, and leaves dev and the borrowed languages alone."""
    from tasks.entities.train import RECIPES, load_splits, without_umlauts

    val = read_corpus(shared_path("corpora/ner/wikineural/data/conll/de/val.conllu"), "conll", repair_umlauts=True)
    words = {w for tokens, _ in val for w in tokens}
    assert {"fr", "Mnchen", "Palstinenser"} <= words
    assert not any(ch in w for w in words for ch in "äöüÄÖÜß")

    tokens, tags = ["Ärger", "in", "München", "über", "ß"], ["O", "O", "B-LOC", "O", "O"]
    assert without_umlauts((tokens, tags)) == (["rger", "in", "Mnchen", "ber", "ß"], tags)

    shared = shared_path("corpora/ner").parents[1]
    plain_train, plain_dev, _ = load_splits("de", shared, borrow=True)
    train, dev, counts = load_splits("de", shared, borrow=True, strip_umlauts=True)
    assert dev == plain_dev and len(train) == len(plain_train)
    changed = [i for i, (a, b) in enumerate(zip(plain_train, train)) if a != b]
    assert changed and all(i % 2 for i in changed)  # every second sentence, never the first
    assert all(train[i] == without_umlauts(plain_train[i]) for i in changed)
    german = sum(counts[source.path]["train"] for source in RECIPES["de"])  # the own sources come first
    assert max(changed) < german  # the borrowed en/es/nl sentences that follow are untouched
    with_umlauts = sum(any(ch in w for w in tokens for ch in "äöüÄÖÜß") for tokens, _ in plain_train[:german])
    assert abs(len(changed) - with_umlauts / 2) < 0.05 * with_umlauts  # about half of them


def test_self_training_tags_follow_spacy_tokens_and_leave_a_misaligned_span_unannotated():
    from tasks.entities.silver import _iob

    tokens = ["Olaf", "Scholz", "besucht", "NATO-Staaten", "."]
    spans = [
        {"start": 0, "end": 11, "label": "PER"},  # Olaf Scholz
        {"start": 20, "end": 24, "label": "ORG"},  # "NATO" inside one token: no token boundary
    ]
    assert _iob(tokens, spans) == ["B-PER", "I-PER", "O", None, "O"]


def test_silver_sentences_skip_wiki_markup_redirects_repeats_and_dev_sentences():
    from tasks.entities.silver import _wiki_text, fresh_sentences

    assert _wiki_text(["WEITERLEITUNG", "Antonina", "Kriwoschapka"]) is None
    assert _wiki_text(["**", "''", "Lou", "Salomé", "''", "."]) == "Lou Salomé ."
    texts = ["Die Wolga fließt ins Meer .", "Kurz .", "Die Wolga fließt ins Meer .", "Merkel reist nach Paris ."]
    kept = fresh_sentences(texts, str.split, dev_texts={"Merkel reist nach Paris ."})
    assert kept == [["Die", "Wolga", "fließt", "ins", "Meer", "."]]


def test_germeval_sentences_know_their_source_so_news_and_wikipedia_are_scored_apart():
    from tasks.entities.corpora import germeval_sources

    path = shared_path("corpora/ner/davidsbatista/GermEval2014/NER-de-test.tsv")
    sources = germeval_sources(path)
    assert len(sources) == len(read_corpus(path, "germeval")) == 5100
    assert sources.count("wikipedia") == 2547 and sources.count("news") == 2553
    assert sources[0] == "wikipedia"  # "# http://de.wikipedia.org/wiki/Schönburg_(Rhein)"


def test_borrowed_sentences_can_leave_their_misc_unannotated_and_the_own_ones_keep_it():
    """--borrow-without-misc: another corpus's MISC tokens become missing, every other tag stays."""
    from tasks.entities.train import RECIPES, load_splits, misc_unknown

    tokens, tags = ["die", "Europameisterschaft", "in", "Spanje"], ["O", "B-MISC", "O", "B-LOC"]
    assert misc_unknown((tokens, tags)) == (tokens, ["O", None, "O", "B-LOC"])

    shared = shared_path("corpora/ner").parents[1]
    plain, plain_dev, counts = load_splits("de", shared, borrow=True)
    train, dev, _ = load_splits("de", shared, borrow=True, borrow_without_misc=True)
    own = sum(counts[source.path]["train"] for source in RECIPES["de"])  # the own sources come first
    assert dev == plain_dev and train[:own] == plain[:own]
    assert any(tag == "B-MISC" for _, tags in train[:own] for tag in tags)
    assert not any(tag and tag.endswith("-MISC") for _, tags in train[own:] for tag in tags)
    assert train[own:] == [misc_unknown(sentence) for sentence in plain[own:]]
