"""The shipped model files: small enough, loadable, and traceable to how they were trained."""

from __future__ import annotations

import json
import re

import pytest

from tasks.entities.gazetteer import MODELS_DIR

MODEL_DIRS = sorted(MODELS_DIR.glob("ner-*"))
LEXICON_MODELS = [m for m in MODEL_DIRS if 'factory = "name_lexicon"' in (m / "config.cfg").read_text()]


def test_a_trained_model_ships_for_each_of_the_five_languages():
    assert {p.name for p in MODEL_DIRS} >= {"ner-de", "ner-en", "ner-es", "ner-nl", "ner-fr"}


@pytest.mark.parametrize("model", MODEL_DIRS, ids=lambda p: p.name)
def test_model_is_small_and_documented(model):
    size = sum(f.stat().st_size for f in model.rglob("*") if f.is_file())
    assert size < 25 * 1024 * 1024, f"{model.name} is {size / 2**20:.1f} MB"
    record = json.loads((model / "training.json").read_text())
    assert record["language"] == model.name.removeprefix("ner-")
    assert record["command"].startswith("python -m tasks.entities.train")
    assert record["dev_sentences"] > 0 and record["train_sentences"] > 0
    command = record["command"].split()
    assert (MODELS_DIR.parents[1] / command[command.index("--config") + 1]).is_file()
    assert int(command[command.index("--seed") + 1]) == record["seed"]


@pytest.mark.parametrize("model", LEXICON_MODELS, ids=lambda p: p.name)
def test_models_with_a_name_lexicon_carry_it_and_load_with_plain_spacy(model):
    """The lexicon ships inside the model folder and marks tokens once the model is loaded."""
    import spacy

    nlp = spacy.load(model)
    assert nlp.pipe_names[0] == "name_lexicon"
    assert len(nlp.get_pipe("name_lexicon").classes) > 10_000
    tags = {t.text: t.tag_ for t in nlp("Angela Merkel sprak in Amsterdam met de NAVO .")}
    assert tags["Merkel"].startswith("LEX_") and "PER" in tags["Merkel"]
    assert "LOC" in tags["Amsterdam"]
    # words in no name carry no class: nothing (plain lexicon) or only a frequency band (rich)
    rich = "--rich-lexicon" in json.loads((model / "training.json").read_text())["command"]
    assert all(re.fullmatch(r"LEX__Z\d" if rich else "", tags[word]) for word in ("sprak", "met")), tags
    if rich:
        assert nlp.get_pipe("name_lexicon").data["language"] == model.name.removeprefix("ner-")
