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
    fresh = spacy.blank("de")
    fresh.add_pipe(lexicon.FACTORY)
    assert fresh.from_bytes(nlp.to_bytes()).get_pipe(lexicon.FACTORY).classes == component.classes
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


@pytest.mark.parametrize("rich", [False, True], ids=["plain", "rich"])
def test_train_passes_borrowed_data_and_the_lexicon_to_spacy_and_records_both(tmp_path, monkeypatch, rich):
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
    monkeypatch.setattr(lexicon, "person_names", lambda: {"Herrera": {"SUR"}})  # the real lists take 2 GB
    monkeypatch.setattr(lexicon, "frequency_bands", lambda language: {"gana": 4})
    target = training.train(
        "es", shared, tmp_path / "work", 10, 0, target=tmp_path / "model", borrow=True, lexicon=not rich, rich_lexicon=rich,
        averages=rich, strip_umlauts=rich, clusters=rich, cluster_prefix=6 if rich else 0,
    )
    record = json.loads((target / "training.json").read_text())
    assert record["command"].endswith(
        "--seed 0 --borrow " + ("--rich-lexicon --averages --strip-umlauts --clusters --cluster-prefix 6" if rich else "--lexicon")
    )
    assert seen["overrides"].get("training.optimizer.use_averages") is (True if rich else None)
    assert record["train_sentences"] == 4 and record["dev_sentences"] == 1  # es train + three borrowed; es val only
    assert 'factory = "name_lexicon"' in seen["config"]
    with gzip.open(seen["overrides"]["initialize.components.name_lexicon.path"], "rt", encoding="utf-8") as handle:
        table = json.load(handle)
    if rich:
        assert table["language"] == "es" and table["frequency"] == {"gana": 4}
        assert table["classes"]["Funkel"] == "PER" and table["classes"]["Herrera"] == "SUR"
        assert table["clusters"] is True  # the switch travels in the lexicon file the model ships
        assert table["cluster_prefix_bits"] == 6
        assert 'attrs=["NORM","PREFIX","SUFFIX","SHAPE","TAG","LEMMA","MORPH"]' in seen["config"].replace(" ", "")
        assert "rows=[5000,1000,2500,2500,256,1024,256]" in seen["config"].replace(" ", "")
    else:
        assert table["Funkel"] == "PER" and "LEMMA" not in seen["config"]


RICH = {
    "format": 2,
    "language": "de",
    "classes": {"Funkel": "PER_SUR", "Köln": "LOC_ORG", "Noord": "LOC", "Holland": "LOC", "Anna": "GIV"},
    "frequency": {"verlässt": 4, "köln": 4, "strasse": 5, "anna": 3},
}


def test_rich_component_marks_classes_frequency_bands_and_hyphen_parts(tmp_path):
    nlp = spacy.blank("de")
    nlp.add_pipe(lexicon.FACTORY).from_bytes(lexicon._compressed(RICH))
    doc = nlp("Anna verlässt Noord-Holland , Köln und Straße Frontzeck")
    assert [t.tag_ for t in doc] == [
        "LEX_GIV_Z3", "LEX__Z4",
        "LEX_LOC_Z0",  # not in the lexicon whole: the classes of its parts
        "LEX__Z0", "LEX_LOC_ORG_Z4", "LEX__Z0",
        "LEX__Z5",  # wordfreq casefolds: "Straße" is counted as "strasse"
        "LEX__Z0",  # a word the language rarely uses gets the band of unseen words
    ]
    nlp.to_disk(tmp_path / "model")
    saved = (tmp_path / "model" / lexicon.FACTORY / lexicon.FILE_NAME).read_bytes()
    assert saved == lexicon._compressed(RICH)  # the file a model ships is the table it was trained with
    assert [t.tag_ for t in spacy.load(tmp_path / "model")("Anna in Köln")] == ["LEX_GIV_Z3", "LEX__Z0", "LEX_LOC_ORG_Z4"]


def test_rich_component_with_clusters_marks_each_token_with_its_brown_cluster(tmp_path):
    # the real German table from spacy-lookups-data: bare surnames the models missed share one
    # cluster with Merkel, small towns one with Hamm
    nlp = spacy.blank("de")
    nlp.add_pipe(lexicon.FACTORY).from_bytes(lexicon._compressed({**RICH, "clusters": True}))
    doc = nlp("Frontzeck und Merkel fuhren nach Mellrichstadt , Hamm und Mnchen . Dabei xqzwv")
    marks = {t.text: t.lemma_ for t in doc}
    assert marks["Frontzeck"] == marks["Merkel"] != marks["und"]
    assert marks["Mellrichstadt"] == marks["Hamm"] != marks["Merkel"]
    assert marks["xqzwv"] == "C?"  # a word the corpus never saw
    assert marks["Dabei"] != marks["Hamm"]
    nlp.to_disk(tmp_path / "model")
    reloaded = spacy.load(tmp_path / "model")("Frontzeck und Merkel")
    assert [t.lemma_ for t in reloaded] == [marks["Frontzeck"], marks["und"], marks["Merkel"]]
    without = spacy.blank("de")
    without.add_pipe(lexicon.FACTORY).from_bytes(lexicon._compressed(RICH))
    assert [t.lemma_ for t in without("Frontzeck und Merkel")] == ["", "", ""]  # models trained without keep it off


def test_cluster_path_prefix_groups_the_clusters_of_places_apart_from_people(tmp_path):
    # the first six steps of the path: Moskau and Hamm (different clusters) share a prefix that
    # Merkel and Julia do not; written into Token.morph only when the lexicon file asks for it
    nlp = spacy.blank("de")
    nlp.add_pipe(lexicon.FACTORY).from_bytes(lexicon._compressed({**RICH, "clusters": True, "cluster_prefix_bits": 6}))
    doc = nlp("Moskau Hamm Merkel Julia xqzwv")
    marks = {t.text: (t.lemma_, str(t.morph)) for t in doc}
    assert marks["Moskau"][0] != marks["Hamm"][0] and marks["Moskau"][1] == marks["Hamm"][1] == "Brown=16"
    assert marks["Merkel"][1] not in (marks["Hamm"][1], marks["Julia"][1])
    assert marks["xqzwv"][1] == "Brown=none"
    nlp.to_disk(tmp_path / "model")
    assert [str(t.morph) for t in spacy.load(tmp_path / "model")("Moskau Merkel")] == [marks["Moskau"][1], marks["Merkel"][1]]
    plain = spacy.blank("de")
    plain.add_pipe(lexicon.FACTORY).from_bytes(lexicon._compressed({**RICH, "clusters": True}))
    assert [str(t.morph) for t in plain("Moskau Merkel")] == ["", ""]  # models trained without keep it off


def test_word_classes_tell_rare_names_from_rare_compound_nouns(tmp_path):
    # HanTa's German model, out of context: the GermEval dev names the models missed against
    # compound nouns no word list holds; written into Token.morph only when the lexicon file asks
    nlp = spacy.blank("de")
    nlp.add_pipe(lexicon.FACTORY).from_bytes(lexicon._compressed({**RICH, "word_classes": True}))
    doc = nlp("Nach dem Bürgerkrieg zog Gartrell nach Atlanta und Bican in die Anwaltspraxis , 2006 .")
    marks = {t.text: str(t.morph) for t in doc}
    assert marks["Atlanta"] == marks["Bican"] == "Wc=PROPN"
    assert "Wc2=PROPN" in marks["Gartrell"]  # a close call between noun and proper noun
    assert marks["Anwaltspraxis"] == marks["Bürgerkrieg"] == "Wc=NOUN"
    assert (marks["nach"], marks["dem"], marks["zog"], marks[","], marks["2006"]) == (
        "Wc=ADP", "Wc=DET", "Wc=VERB", "Wc=PUNCT", "Wc=NUM")
    nlp.to_disk(tmp_path / "model")
    assert [str(t.morph) for t in spacy.load(tmp_path / "model")("Bican und Gartrell")] == [
        marks["Bican"], marks["und"], marks["Gartrell"]]
    without = spacy.blank("de")
    without.add_pipe(lexicon.FACTORY).from_bytes(lexicon._compressed(RICH))
    assert [str(t.morph) for t in without("Bican und Gartrell")] == ["", "", ""]  # models trained without keep it off


def test_word_classes_map_hantas_tags_to_universal_ones():
    from tasks.entities.word_classes import to_upos

    assert [to_upos(tag) for tag in ("NE", "ACR_NE", "NN", "NNA", "ADJ(A)", "VV(FIN)", "VA(INF)", "APPRART", "$,", "FM", "KOKOM")] == [
        "PROPN", "PROPN", "NOUN", "NOUN", "ADJ", "VERB", "AUX", "ADP", "PUNCT", "X", "CCONJ"]


@pytest.mark.parametrize("flags, message", [
    (["--word-classes"], "needs --rich-lexicon"),
    (["--rich-lexicon", "--clusters", "--cluster-prefix", "6", "--word-classes"], "both write Token.morph"),
])
def test_train_refuses_word_classes_it_cannot_embed(flags, message, capsys):
    from tasks.entities import train as training

    with pytest.raises(SystemExit):
        training.main(["--language", "de", *flags])
    assert message in capsys.readouterr().err


def test_one_config_never_embeds_two_features_in_token_morph(tmp_path):
    from tasks.entities.train import CONFIG

    with pytest.raises(ValueError, match="both write Token.morph"):
        lexicon.with_lexicon_features(CONFIG, tmp_path / "train.cfg", prefix_rows=256, morph_rows=64)


def test_rich_component_set_up_in_code_saves_a_rich_file():
    nlp = spacy.blank("nl")
    component = nlp.add_pipe(lexicon.FACTORY)
    component.classes, component.frequency = {"Anna": "GIV"}, {"anna": 3}
    fresh = spacy.blank("nl")
    fresh.add_pipe(lexicon.FACTORY)
    assert [t.tag_ for t in fresh.from_bytes(nlp.to_bytes())("Anna")] == ["LEX_GIV_Z3"]


def test_plain_lexicon_keeps_its_behaviour_for_hyphenated_tokens():
    """Models trained with the plain lexicon never saw parts looked up; they must not start now."""
    nlp = spacy.blank("nl")
    nlp.add_pipe(lexicon.FACTORY).classes = {"Noord": "LOC", "Holland": "LOC"}
    assert [t.tag_ for t in nlp("Noord-Holland en Holland")] == ["", "", "LEX_LOC"]


def test_rich_lexicon_joins_person_names_to_the_plain_classes(tmp_path, monkeypatch):
    monkeypatch.setattr(lexicon, "person_names", lambda: {"Funkel": {"SUR"}, "Anna": {"GIV"}})
    monkeypatch.setattr(lexicon, "frequency_bands", lambda language: {"köln": 4} if language == "de" else {})
    rich = lexicon.build_rich(_shared_with_wikiann(tmp_path), [], "de")
    assert rich["classes"]["Funkel"] == "PER_SUR"  # WikiANN's class and the surname list's, together
    assert rich["classes"]["Anna"] == "GIV" and rich["classes"]["Köln"] == "LOC_ORG"
    assert rich["frequency"] == {"köln": 4} and rich["format"] == 2 and rich["language"] == "de"


def test_frequency_bands_put_common_words_above_rare_names():
    pytest.importorskip("wordfreq", reason="wordfreq is in the train extra: pip install -e '.[train]'")
    bands = lexicon.frequency_bands("de")
    assert bands["und"] == 7 and bands["haus"] >= 5  # the most frequent words are capped at 7
    assert "frontzeck" not in bands  # a footballer's surname is under the cut: band 0 at run time
    assert min(bands.values()) == int(lexicon.MIN_ZIPF)
