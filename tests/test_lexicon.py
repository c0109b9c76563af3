"""The name lexicon: what joins it, what the component marks, and that no dev text feeds it."""

from __future__ import annotations

from pathlib import Path

import subprocess
import sys

import pytest
import spacy

from tasks.entities import lexicon
from tasks.entities.train import RECIPES, borrowed, recipe

def _wikiann(*sentences: str) -> str:
    """WikiANN lines from sentences written as ``word/TAG`` pairs."""
    return "\n\n".join(
        "\n".join("de:{}\t{}".format(*pair.rsplit("/", 1)) for pair in sentence.split()) for sentence in sentences
    ) + "\n"


WIKIANN_SAMPLE = _wikiann(
    "Trainer/O Friedhelm/B-PER Funkel/I-PER lobt/O Köln/B-LOC ./O",
    "Friedhelm/B-PER Funkel/I-PER und/O der/O 1./B-ORG FC/I-ORG Köln/I-ORG",
    "Funkel/B-PER in/O Trinidad/B-LOC und/I-LOC Tobago/I-LOC Trainer/O",
    "Funkel/B-PER lobt/O die/O Union/O in/O Köln/O ./O",  # a name missed by WikiANN: Köln once outside
    "Europäische/B-ORG Union/I-ORG tagt/O",
    "Europäische/B-ORG Union/I-ORG tagt/O",
    "Die/O Union/O tagt/O",
    "Die/O Union/O ./O",
    "Hertha/B-ORG Berlin/I-ORG",
    "Berlin/B-LOC ,/O Berlin/B-LOC ,/O Berlin/B-LOC ,/O Berlin/B-LOC ,/O Berlin/B-LOC",
    "Republic/O Day/O Republic/O",
)


def _shared_with_wikiann(root: Path) -> Path:
    folder = root / "corpora/ner/davidsbatista/WikiANN"
    for split in lexicon.WIKIANN_SPLITS:
        (folder / split).parent.mkdir(parents=True, exist_ok=True)
        (folder / split).write_text(WIKIANN_SAMPLE if split == "de/train" else "", encoding="utf-8")
    return root


def test_lexicon_keeps_capitalised_name_words_with_their_classes(tmp_path):
    entries = [{"id": "country:AT", "label": "LOC", "aliases": {"de": ["Österreich"], "en": ["Republic of Austria"]}}]
    built = lexicon.build(_shared_with_wikiann(tmp_path), entries)
    assert built["Funkel"] == "PER"  # four times in names, never outside
    assert built["Friedhelm"] == "PER"
    assert built["Köln"] == "LOC_ORG"  # a place once, part of a club once; outside once, fewer than inside
    assert built["Berlin"] == "LOC"  # ORG is 1 of its 6 name occurrences, under the 20% share
    assert built["Österreich"] == "LOC" and built["Austria"] == "LOC"
    assert "Republic" not in built  # a knowledge-base word seen outside names in WikiANN
    assert "Union" not in built  # in a name twice, outside three times
    assert "und" not in built and "of" not in built  # lowercase function words inside names stay out
    assert "Trainer" not in built  # seen only outside names
    assert "Tobago" not in built and "Hertha" not in built  # a single occurrence is not enough


def test_lexicon_refuses_a_partial_corpus(tmp_path):
    shared = _shared_with_wikiann(tmp_path)
    (shared / "corpora/ner/davidsbatista/WikiANN/en/test").unlink()
    with pytest.raises(FileNotFoundError, match="en/test"):
        lexicon.build(shared, [])


def test_component_marks_tokens_and_round_trips_through_disk(tmp_path):
    nlp = spacy.blank("de")
    component = nlp.add_pipe(lexicon.FACTORY)
    component.classes = {"Funkel": "PER", "Köln": "LOC_ORG"}
    doc = nlp("FUNKEL verlässt Köln .")
    assert [t.tag_ for t in doc] == ["LEX_PER", "", "LEX_LOC_ORG", ""]
    nlp.to_disk(tmp_path / "model")
    reloaded = spacy.load(tmp_path / "model")
    assert [t.tag_ for t in reloaded("Funkel in Köln")] == ["LEX_PER", "", "LEX_LOC_ORG"]
    assert nlp.from_bytes(nlp.to_bytes()).get_pipe(lexicon.FACTORY).classes == component.classes
    assert (tmp_path / "model" / lexicon.FACTORY / lexicon.FILE_NAME).read_bytes() == component.to_bytes()


def test_plain_spacy_finds_the_component_through_the_entry_point(tmp_path):
    """A user's spacy.load() of a shipped model, in a process that never imported newsflow."""
    nlp = spacy.blank("nl")
    nlp.add_pipe(lexicon.FACTORY).classes = {"Amsterdam": "LOC"}
    nlp.to_disk(tmp_path / "model")
    code = f"import spacy, sys; print(spacy.load({str(tmp_path / 'model')!r})('in Amsterdam')[1].tag_); print('tasks' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=tmp_path)
    assert out.stdout.split() == ["LEX_LOC", "True"]  # loaded via the spacy_factories entry point


def test_lexicon_never_reads_a_split_that_is_scored():
    dev_files = {s.path for sources in RECIPES.values() for s in sources if s.split in ("dev", "carve")}
    lexicon_files = {f"corpora/ner/davidsbatista/WikiANN/{split}" for split in lexicon.WIKIANN_SPLITS}
    assert not dev_files & lexicon_files
    assert "corpora/ner/davidsbatista/WikiANN/fr/dev" in dev_files


def test_borrowing_adds_only_other_languages_train_splits():
    extra = borrowed("es")
    assert {s.path.split("/")[-2] for s in extra} == {"de", "en", "nl"}
    assert all(s.split == "train" and s.path.endswith("train.conllu") for s in extra)
    assert [s for s in extra if "/de/" in s.path][0].repair_umlauts
    assert recipe("es", borrow=True) == RECIPES["es"] + extra


def test_lexicon_switch_puts_the_component_first_and_embeds_its_marks(tmp_path):
    from spacy.util import load_config, load_model_from_config

    from tasks.entities.train import CONFIG

    config = load_config(lexicon.with_lexicon_features(CONFIG, tmp_path / "lexicon.cfg"), overrides={"nlp.lang": "nl"})
    nlp = load_model_from_config(config, auto_fill=True)
    assert nlp.pipe_names == ["name_lexicon", "tok2vec", "ner"]
    assert config["training"]["annotating_components"] == ["name_lexicon"]  # marks are there in training too
    embed = config["components"]["tok2vec"]["model"]["embed"]
    assert embed["attrs"][-1] == "TAG" and len(embed["rows"]) == len(embed["attrs"])


def test_train_passes_borrowed_data_and_the_lexicon_to_spacy_and_records_both(tmp_path, monkeypatch):
    import gzip
    import json

    import spacy.cli.train

    from tasks.entities import train as training

    shared = _shared_with_wikiann(tmp_path / "shared")
    for language in training.NEWSWIRE:
        folder = shared / "corpora/ner/wikineural/data/conll" / language
        folder.mkdir(parents=True)
        for split in ("train", "val"):
            (folder / f"{split}.conllu").write_text("0\tHerrera\tB-PER\n1\tgana\tO\n\n", encoding="utf-8")
    seen: dict = {}

    def fake_spacy_train(config, output, overrides):
        seen.update(config=Path(config).read_text(), overrides=overrides)
        best = Path(output) / "model-best"
        best.mkdir(parents=True)
        (best / "meta.json").write_text(json.dumps({"performance": {"ents_f": 0.5}}))

    monkeypatch.setattr(spacy.cli.train, "train", fake_spacy_train)
    target = training.train("es", shared, tmp_path / "work", 10, 0, target=tmp_path / "model", borrow=True, lexicon=True)
    record = json.loads((target / "training.json").read_text())
    assert record["command"].endswith("--seed 0 --borrow --lexicon")
    assert record["train_sentences"] == 4 and record["dev_sentences"] == 1  # es train + three borrowed; es val only
    assert 'factory = "name_lexicon"' in seen["config"]
    with gzip.open(seen["overrides"]["initialize.components.name_lexicon.path"], "rt", encoding="utf-8") as handle:
        assert json.load(handle)["Funkel"] == "PER"
