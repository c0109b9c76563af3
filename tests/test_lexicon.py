"""The name lexicon: what joins it, what the component marks, and that no dev text feeds it."""

from __future__ import annotations

from pathlib import Path

import spacy

from tasks.entities import lexicon
from tasks.entities.train import RECIPES, borrowed, recipe

WIKIANN_SAMPLE = """\
de:Trainer\tO
de:Friedhelm\tB-PER
de:Funkel\tI-PER
de:lobt\tO
de:Köln\tB-LOC
de:.\tO

de:Friedhelm\tB-PER
de:Funkel\tI-PER
de:und\tO
de:der\tO
de:1.\tB-ORG
de:FC\tI-ORG
de:Köln\tI-ORG

de:Funkel\tB-PER
de:in\tO
de:Trinidad\tB-LOC
de:und\tI-LOC
de:Tobago\tI-LOC
de:Trainer\tO
"""


def _shared_with_wikiann(root: Path) -> Path:
    path = root / "corpora/ner/davidsbatista/WikiANN/de/train"
    path.parent.mkdir(parents=True)
    path.write_text(WIKIANN_SAMPLE, encoding="utf-8")
    return root


def test_lexicon_keeps_capitalised_name_words_with_their_classes(tmp_path):
    entries = [{"id": "country:AT", "label": "LOC", "aliases": {"de": ["Österreich"], "en": ["Republic of Austria"]}}]
    built = lexicon.build(_shared_with_wikiann(tmp_path), entries)
    assert built["Funkel"] == "PER"  # three times in names, never outside
    assert built["Friedhelm"] == "PER"
    assert built["Köln"] == "LOC_ORG"  # once a place, once part of a club's name
    assert built["Österreich"] == "LOC" and built["Austria"] == "LOC" and built["Republic"] == "LOC"
    assert "und" not in built and "of" not in built  # function words inside names stay out
    assert "Trainer" not in built  # seen only outside names
    assert "Tobago" not in built  # a single occurrence is not enough


def test_component_marks_tokens_and_round_trips_through_disk(tmp_path):
    nlp = spacy.blank("de")
    component = nlp.add_pipe(lexicon.FACTORY)
    component.classes = {"Funkel": "PER", "Köln": "LOC_ORG"}
    doc = nlp("FUNKEL verlässt Köln .")
    assert [t.tag_ for t in doc] == ["LEX_PER", "", "LEX_LOC_ORG", ""]
    nlp.to_disk(tmp_path / "model")
    reloaded = spacy.load(tmp_path / "model")
    assert [t.tag_ for t in reloaded("Funkel in Köln")] == ["LEX_PER", "", "LEX_LOC_ORG"]


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
