"""The shipped model files: small enough, loadable, and traceable to how they were trained."""

from __future__ import annotations

import json

import pytest

from tasks.entities.gazetteer import MODELS_DIR

MODEL_DIRS = sorted(MODELS_DIR.glob("ner-*"))


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
