"""The BiLSTM encoder for the NER tok2vec (tasks/entities/bilstm.py, train.py --bilstm)."""

from __future__ import annotations

import numpy
import spacy

from tasks.entities import bilstm, lexicon

# Eleven words: the first word and the last are ten apart, beyond the CNN's four words either side.
SENTENCE = "Gartrell zog nach dem langen Krieg mit seiner Familie nach Atlanta"


def _model(tmp_path, config_path):
    from spacy.util import load_config, load_model_from_config

    config = load_config(config_path, overrides={"nlp.lang": "de"})
    nlp = load_model_from_config(config, auto_fill=True)
    nlp.initialize()
    return nlp


def _first_word_vector(nlp, text: str) -> numpy.ndarray:
    return nlp.get_pipe("tok2vec")(nlp.make_doc(text)).tensor[0]


def test_the_bilstm_keeps_the_lexicon_features_and_the_width(tmp_path):
    from spacy.util import load_config

    from tasks.entities.train import CONFIG

    with_lexicon = lexicon.with_lexicon_features(CONFIG, tmp_path / "lexicon.cfg", rows=256, cluster_rows=1024)
    config = load_config(bilstm.with_bilstm(with_lexicon, tmp_path / "bilstm.cfg"))
    tok2vec = config["components"]["tok2vec"]["model"]
    assert tok2vec["encode"]["@architectures"] == bilstm.ARCHITECTURE
    assert tok2vec["embed"]["attrs"] == ["NORM", "PREFIX", "SUFFIX", "SHAPE", "TAG", "LEMMA"]
    assert tok2vec["encode"]["width"] == load_config(CONFIG)["components"]["tok2vec"]["model"]["encode"]["width"]


def test_a_word_reads_the_whole_sentence_with_the_bilstm_and_four_words_with_the_cnn(tmp_path):
    """Changing the last word moves the first word's vector through the BiLSTM, not through the CNN."""
    from tasks.entities.train import CONFIG

    other = SENTENCE.replace("Atlanta", "Boston")
    cnn = _model(tmp_path, CONFIG)
    numpy.testing.assert_array_equal(_first_word_vector(cnn, SENTENCE), _first_word_vector(cnn, other))
    lstm = _model(tmp_path, bilstm.with_bilstm(CONFIG, tmp_path / "bilstm.cfg"))
    assert not numpy.allclose(_first_word_vector(lstm, SENTENCE), _first_word_vector(lstm, other))


def test_a_bilstm_model_loads_with_plain_spacy_and_gives_the_same_vectors(tmp_path):
    """The entry point in pyproject.toml lets spacy.load build the encoder; nothing is lost on save."""
    from tasks.entities.train import CONFIG

    nlp = _model(tmp_path, bilstm.with_bilstm(CONFIG, tmp_path / "bilstm.cfg"))
    nlp.to_disk(tmp_path / "model")
    loaded = spacy.load(tmp_path / "model")
    numpy.testing.assert_allclose(
        nlp.get_pipe("tok2vec")(nlp.make_doc(SENTENCE)).tensor,
        loaded.get_pipe("tok2vec")(loaded.make_doc(SENTENCE)).tensor,
        rtol=1e-6,
    )
