"""The shipped model files: small enough, loadable, and traceable to how they were trained."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tasks.entities.ensemble import member_names
from tasks.entities.gazetteer import MODELS_DIR

PROJECT_ROOT = Path(__file__).resolve().parents[1]

MODEL_DIRS = sorted(MODELS_DIR.glob("ner-*"))
LEXICON_MODELS = [m for m in MODEL_DIRS if 'factory = "name_lexicon"' in (m / "config.cfg").read_text()]


def test_a_trained_model_ships_for_each_of_the_five_languages():
    assert {p.name for p in MODEL_DIRS} >= {"ner-de", "ner-en", "ner-es", "ner-nl", "ner-fr"}


def _trained_records(record: dict) -> list[dict]:
    """The training records behind a model folder: its own, or each ensemble member's."""
    return record.get("members", [record])


def _is_crf(trained: dict) -> bool:
    """Whether a training record is a CRF member's (train_crf.py), not a train.py model's."""
    return trained.get("model", {}).get("kind") == "crf"


@pytest.mark.parametrize("model", MODEL_DIRS, ids=lambda p: p.name)
def test_model_is_small_and_documented(model):
    size = sum(f.stat().st_size for f in model.rglob("*") if f.is_file())
    assert size < 25 * 1024 * 1024, f"{model.name} is {size / 2**20:.1f} MB"
    record = json.loads((model / "training.json").read_text())
    language = model.name.removeprefix("ner-")
    assert record["language"] == language
    for trained in _trained_records(record):
        assert trained["language"] == language
        assert trained["command"].startswith("python -m tasks.entities.train")
        assert trained["dev_sentences"] > 0 and trained["train_sentences"] > 0
        command = trained["command"].split()
        if _is_crf(trained):  # train_crf.py: no spaCy config, deterministic fit
            assert command[2] == "tasks.entities.train_crf" and trained["dev_scores_spacy"]["ents_f"] > 0
            continue
        assert (PROJECT_ROOT / command[command.index("--config") + 1]).is_file()
        assert int(command[command.index("--seed") + 1]) == trained["seed"]


@pytest.mark.parametrize("model", LEXICON_MODELS, ids=lambda p: p.name)
def test_models_with_a_name_lexicon_carry_it_and_load_with_plain_spacy(model):
    """The lexicon ships inside the model folder and marks tokens once the model is loaded."""
    import spacy

    nlp = spacy.load(model)
    assert nlp.pipe_names[0].startswith("name_lexicon")
    records = _trained_records(json.loads((model / "training.json").read_text()))
    # a single model's lexicon belongs to the model; an ensemble's name_lexicon_<i> to member i
    names = ["name_lexicon"] if len(records) == 1 else [member_names(i)[0] for i in range(len(records))]
    for name, trained in zip(names, records):
        if name not in nlp.pipe_names:  # an ensemble member without a lexicon
            continue
        component = nlp.get_pipe(name)
        assert len(component.classes) > 10_000
        doc = nlp.make_doc("Angela Merkel sprak in Amsterdam met de NAVO .")
        tags = {t.text: t.tag_ for t in component(doc)}
        assert tags["Merkel"].startswith("LEX_") and "PER" in tags["Merkel"]
        assert "LOC" in tags["Amsterdam"]
        # words in no name carry no class: nothing (plain lexicon) or only a frequency band (rich)
        rich = "--rich-lexicon" in trained["command"] or _is_crf(trained)  # train_crf: always rich
        assert all(re.fullmatch(r"LEX__Z\d" if rich else "", tags[word]) for word in ("sprak", "met")), tags
        if rich:
            assert component.data["language"] == model.name.removeprefix("ner-")
