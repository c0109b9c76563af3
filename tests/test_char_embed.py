"""Character features beside the hashed ones (tasks/entities/char_embed.py, train.py --char-embed)."""

from __future__ import annotations

import numpy
import spacy

from tasks.entities import char_embed, lexicon


def _char_model(tmp_path):
    """A German NER pipeline from the training config with character features (no lexicon to build)."""
    from spacy.util import load_config, load_model_from_config

    from tasks.entities.train import CONFIG

    config = load_config(char_embed.with_char_features(CONFIG, tmp_path / "chars.cfg"), overrides={"nlp.lang": "de"})
    return config, load_model_from_config(config, auto_fill=True)


def test_char_features_keep_the_lexicon_attributes(tmp_path):
    from spacy.util import load_config

    from tasks.entities.train import CONFIG

    with_lexicon = lexicon.with_lexicon_features(CONFIG, tmp_path / "lexicon.cfg", rows=256, cluster_rows=1024)
    config = load_config(char_embed.with_char_features(with_lexicon, tmp_path / "chars.cfg"))
    embed = config["components"]["tok2vec"]["model"]["embed"]
    assert embed["@architectures"] == char_embed.ARCHITECTURE
    assert embed["attrs"] == ["NORM", "PREFIX", "SUFFIX", "SHAPE", "TAG", "LEMMA"]
    assert len(embed["rows"]) == len(embed["attrs"])


def test_char_features_sit_beside_the_hashed_features(tmp_path):
    config, nlp = _char_model(tmp_path)
    nlp.initialize()
    tok2vec = nlp.get_pipe("tok2vec")
    layers = {layer.name for layer in tok2vec.model.walk()}
    assert "charembed" in layers and any(name.startswith("hashembed") for name in layers), layers
    doc = tok2vec(nlp.make_doc("Thorkildsen siegte in Oslo ."))
    assert doc.tensor.shape == (5, config["components"]["tok2vec"]["model"]["encode"]["width"])


def test_a_model_with_char_features_loads_with_plain_spacy_and_gives_the_same_vectors(tmp_path):
    """The entry point in pyproject.toml lets spacy.load build the architecture; nothing is lost on save."""
    _, nlp = _char_model(tmp_path)
    nlp.initialize()
    nlp.to_disk(tmp_path / "model")
    loaded = spacy.load(tmp_path / "model")
    text = "Gartrell zog nach Atlanta ."
    before = nlp.get_pipe("tok2vec")(nlp.make_doc(text)).tensor
    after = loaded.get_pipe("tok2vec")(loaded.make_doc(text)).tensor
    numpy.testing.assert_allclose(before, after, rtol=1e-6)
