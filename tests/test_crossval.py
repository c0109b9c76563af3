"""Cross-validation folds: each carved sentence is held out exactly once, and folds pool correctly."""

from __future__ import annotations

import json

import pytest
from conftest import shared_path

from tasks.entities import crossval, evaluate
from tasks.entities.train import FOLDS, Carving, carve, fold_argument, load_splits


def test_the_five_folds_hold_every_sentence_out_once_and_fold_0_is_the_shipped_dev_split():
    sentences = [([f"w{i}"], ["O"]) for i in range(23)]
    held_out = [carve(sentences, fold)[1] for fold in range(FOLDS)]
    assert sorted(s[0][0] for dev in held_out for s in dev) == sorted(s[0][0] for s in sentences)
    assert [s[0][0] for s in held_out[0]] == ["w0", "w5", "w10", "w15", "w20"]  # as before --fold existed
    assert [s[0][0] for s in held_out[3]] == ["w3", "w8", "w13", "w18"]
    for fold in range(FOLDS):
        train, dev = carve(sentences, fold)
        assert not set(map(str, train)) & set(map(str, dev))
        assert len(train) + len(dev) == len(sentences)
    with pytest.raises(ValueError, match="fold must be 0-4"):
        carve(sentences, 5)


def test_a_folds_germeval_dev_sentences_never_reach_its_training_data():
    shared = shared_path("corpora/ner/davidsbatista/GermEval2014/NER-de-test.tsv").parents[4]
    train, dev, counts = load_splits("de", shared, carving=Carving(2))
    germeval = "corpora/ner/davidsbatista/GermEval2014/NER-de-test.tsv"
    assert counts[germeval] == {"train": 4080, "dev": 1020}
    training_texts = {" ".join(tokens) for tokens, _ in train}
    germeval_dev = [" ".join(tokens) for tokens, _ in dev[-1020:]]
    assert not [text for text in germeval_dev if text in training_texts]
    _, dev_0, _ = load_splits("de", shared)
    assert germeval_dev != [" ".join(tokens) for tokens, _ in dev_0[-1020:]]


def test_spans_written_by_evaluate_read_back_as_they_were(tmp_path):
    gold = [{(0, 6, "LOC"), (10, 14, "PER")}, set()]
    predicted = [{(0, 6, "LOC")}, {(3, 9, "ORG")}]
    path = tmp_path / "spans.jsonl"
    evaluate.write_spans(path, ["news", "wikipedia"], gold, predicted)
    assert evaluate.read_spans(path) == (["news", "wikipedia"], gold, predicted)


def test_folds_pool_their_sentences_not_their_f1():
    # Fold 0: one sentence, 1 right of 1. Fold 1: three sentences, 1 right, 1 wrong, 2 missed.
    per_fold = {
        0: (["news"], [{(0, 4, "PER")}], [{(0, 4, "PER")}]),
        1: (["wikipedia"] * 3, [{(0, 4, "LOC")}, {(0, 4, "ORG")}, {(5, 9, "PER")}],
            [{(0, 4, "LOC")}, {(0, 4, "MISC")}, set()]),
    }
    lines = crossval.report(per_fold, 100)
    assert lines[0].endswith("F1 1.0000")
    assert lines[1].endswith("precision 0.5000 recall 0.3333 F1 0.4000")
    # pooled: tp 2, fp 1, fn 2 -> precision 2/3, recall 1/2, F1 4/7 (the folds' mean F1 would be 0.7)
    assert lines[-1] == "pooled F1 0.5714"
    assert "news only (1 sentences, 1 gold mentions): F1 1.0000" in lines
    assert "wikipedia only (3 sentences, 3 gold mentions): F1 0.4000" in lines
    assert crossval.report(per_fold, 0)[-1] == "pooled F1 0.5714"  # no interval asked for, none printed
    assert not [line for line in crossval.report(per_fold, 0) if "interval" in line]


@pytest.mark.parametrize("shipped_flags, fifths, folds, held_out_as, folder", [
    ("", 4, range(1, FOLDS), "--fold {fold} --target", "de-f{fold}"),  # fold 0 was dev: it is the shipped folder
    # every fold trained: each retrained, picked blind
    (" --fold all", 4, range(FOLDS), "--fold {fold} --blind-dev --target", "de-f{fold}"),
    # a learning-curve point: three of the other fifths, every fold (fold 0 too) in folders of its own
    (" --fold all", 3, range(FOLDS), "--fold {fold} --blind-dev --train-fifths 3 --target", "de-t3-f{fold}"),
    ("", 2, range(FOLDS), "--fold {fold} --train-fifths 2 --target", "de-t2-f{fold}"),
])
def test_fold_commands_repeat_the_shipped_members_recorded_commands(monkeypatch, shipped_flags, fifths, folds,
                                                                    held_out_as, folder):
    recorded = ["python -m tasks.entities.train --language de --seed 0", "python -m tasks.entities.train_crf --language de"]
    monkeypatch.setattr(crossval, "member_records", lambda language: [{"command": c + shipped_flags} for c in recorded])
    lines = crossval.commands("de", fifths)
    assert len(lines) == len(folds) * len(recorded)
    first = folder.format(fold=folds[0])
    assert lines[0] == (f"{recorded[0]} {held_out_as.format(fold=folds[0])} build/cv/{first}/m0"
                        f" --work build/cv/work/{first}-m0")
    for index, fold in enumerate(folds):
        assert all(held_out_as.format(fold=fold) in line and "--fold all" not in line
                   for line in lines[index * len(recorded) : (index + 1) * len(recorded)])


def test_the_shipped_members_commands_are_cross_validated_and_a_language_without_carved_gold_refused(capsys):
    records = crossval.member_records("de")
    lines = crossval.commands("de")
    assert len(lines) == len(crossval.folds_to_train("de")) * len(records)
    assert lines[0].startswith(records[0]["command"].replace(" --fold all", ""))
    assert crossval.main(["commands", "--language", "en"]) == 2  # no carved gold to hold folds out of
    assert "no carved gold source" in capsys.readouterr().err


def test_a_carving_says_which_fifths_train_and_which_pick_the_checkpoint():
    sentences = [f"s{i}" for i in range(10)]
    assert Carving().split(sentences) == carve(sentences, 0)  # the default is the dev split shipped before
    assert Carving(None).split(sentences) == (sentences, [])  # every fifth trains, none is dev
    assert Carving(2, blind=True).split(sentences) == (carve(sentences, 2)[0], [])  # held out of dev as well
    assert Carving(0, blind=True, trained=3).split(sentences) == (["s1", "s2", "s3", "s6", "s7", "s8"], [])
    assert Carving(4, trained=1).split(sentences) == (["s0", "s5"], ["s4", "s9"])  # the fifth after 4 is 0
    assert [Carving().flags(), Carving(None).flags(), Carving(3).flags(), Carving(0, True, 3).flags()] == [
        "", " --fold all", " --fold 3", " --fold 0 --blind-dev --train-fifths 3"]
    for bad in ({"held_out": 5}, {"held_out": None, "blind": True}, {"held_out": None, "trained": 2}, {"trained": 0}):
        with pytest.raises(ValueError):
            Carving(**bad)
    assert [fold_argument("all"), fold_argument("4")] == [None, 4]
    with pytest.raises(Exception, match="expected 0-4 or all"):
        fold_argument("5")


def test_the_data_file_rebuilds_count_on_the_fifths_the_shipped_models_trained_on(tmp_path, monkeypatch, capsys):
    from tasks.entities import cluster_labels, derived, gazetteer
    from tasks.entities.train import NER, shipped_carving

    # The shipped German members trained on every fifth (data/models/README.md, "German trained on all of GermEval").
    assert shipped_carving("de") == Carving(None)
    (tmp_path / NER).mkdir(parents=True)
    counted = []
    monkeypatch.setattr(derived, "build_german",
                        lambda shared, carving: counted.append(carving) or {"adjectives": [], "capitalised": []})
    monkeypatch.setattr(cluster_labels, "build", lambda language, shared, carving: counted.append(carving) or {"clusters": {}})
    where = ["--shared", str(tmp_path), "--target", str(tmp_path / "rebuilt.json")]
    assert derived.main(where) == 0 and derived.main([*where, "--fold", "0"]) == 0
    assert cluster_labels.main(where) == 0 and cluster_labels.main([*where, "--fold", "3", "--blind-dev"]) == 0
    # a flag given: the others take train.py's defaults (fold 0), never the shipped models' values
    assert derived.main([*where, "--blind-dev"]) == 0
    assert counted == [Carving(None), Carving(0), Carving(None), Carving(3, blind=True), Carving(0, blind=True)]
    with pytest.raises(SystemExit):  # every fifth trained leaves none to keep blind
        derived.main([*where, "--fold", "all", "--blind-dev"])
    assert "no held-out fifth" in capsys.readouterr().err
    monkeypatch.setattr(gazetteer, "MODELS_DIR", tmp_path / "no-models")  # no shipped records to read
    with pytest.raises(SystemExit):
        cluster_labels.main(where)
    told = capsys.readouterr().err
    assert "no training record in" in told and "pass --fold" in told
    assert cluster_labels.main([*where, "--fold", "2"]) == 0 and counted[-1] == Carving(2)


def test_trained_on_all_of_germeval_the_checkpoint_is_picked_on_conll_val_alone():
    shared = shared_path("corpora/ner/davidsbatista/GermEval2014/NER-de-test.tsv").parents[4]
    germeval = "corpora/ner/davidsbatista/GermEval2014/NER-de-test.tsv"
    conll_val = "corpora/ner/wikineural/data/conll/de/val.conllu"
    train, dev, counts = load_splits("de", shared, carving=Carving(None))
    assert counts[germeval] == {"train": 5100, "dev": 0} and counts[conll_val] == {"train": 0, "dev": 2867}
    assert len(dev) == 2867
    _, blind_dev, blind_counts = load_splits("de", shared, carving=Carving(0, blind=True))
    assert blind_counts[germeval] == {"train": 4080, "dev": 0} and len(blind_dev) == 2867


def test_evaluate_refuses_a_fold_without_heldout(capsys):
    with pytest.raises(SystemExit):
        evaluate.main(["--language", "de", "--gold", "x.tsv", "--format", "germeval", "--fold", "2"])
    assert "--fold picks which held-out fifth" in capsys.readouterr().err
    with pytest.raises(SystemExit):  # a usage error, not carve's traceback
        evaluate.main(["--language", "de", "--gold", "x.tsv", "--format", "germeval", "--heldout", "--fold", "7"])
    assert "invalid choice: 7" in capsys.readouterr().err


def test_evaluate_refuses_to_score_a_fold_the_models_trained_on(tmp_path, monkeypatch, capsys):
    from tasks.entities import gazetteer

    (tmp_path / "ner-de").mkdir()
    members = [{"command": "python -m tasks.entities.train --language de --seed 0 --fold all"},
               {"command": "python -m tasks.entities.train_crf --language de --fold all"}]
    (tmp_path / "ner-de" / "training.json").write_text(json.dumps({"members": members}))
    monkeypatch.setattr(gazetteer, "MODELS_DIR", tmp_path)
    gold = tmp_path / "gold.tsv"
    gold.write_text("# source\n1\tBerlin\tB-LOC\tO\n\n")
    assert evaluate.trained_on_fold("de", 0) == members[0]["command"]
    assert evaluate.main(["--language", "de", "--gold", str(gold), "--format", "germeval", "--heldout"]) == 2
    assert "trained on fold 0 of the carved file" in capsys.readouterr().err
    members[0]["command"] = members[1]["command"] = "python -m tasks.entities.train --language de --fold 2 --blind-dev"
    (tmp_path / "ner-de" / "training.json").write_text(json.dumps({"members": members}))
    assert evaluate.trained_on_fold("de", 2) is None and evaluate.trained_on_fold("de", 3) is not None
    assert evaluate.trained_on_fold("en", 0) is None  # no carved file: --heldout has nothing to guard


def test_a_fold_whose_members_are_not_trained_is_skipped_and_said_so(tmp_path, monkeypatch, capsys):
    shared = shared_path("corpora/ner/davidsbatista/GermEval2014/NER-de-test.tsv").parents[4]
    monkeypatch.setattr(crossval, "BUILD", tmp_path)
    (tmp_path / "de-f3" / "m0").mkdir(parents=True)  # one member of three, and no training record
    assert crossval.models_for_fold("de", 3, shared) is None
    assert crossval.main(["score", "--language", "de", "--shared", str(shared), "--folds", "3"]) == 1
    captured = capsys.readouterr()
    assert "fold 3: members not all trained under" in captured.out
    assert "no fold could be scored" in captured.err


def test_a_fold_is_scored_in_germevals_convention_or_as_tagged_into_its_own_file(tmp_path, monkeypatch):
    monkeypatch.setattr(crossval, "BUILD", tmp_path)
    ran = []
    monkeypatch.setattr(crossval.subprocess, "run", lambda command, **kwargs: ran.append((command, kwargs["env"])))
    convention = crossval.score_fold("de", 2, tmp_path / "models", tmp_path)
    as_tagged = crossval.score_fold("de", 2, tmp_path / "models", tmp_path, conll_misc=True)
    assert convention != as_tagged and convention.parent == as_tagged.parent == tmp_path / "de-f2"
    assert "--conll-misc" not in ran[0][0] and ran[1][0][-1] == "--conll-misc"
    assert ran[0][0][ran[0][0].index("--fold") + 1] == "2" and "--heldout" in ran[0][0]
    assert ran[0][1]["NEWSFLOW_MODELS"] == str(tmp_path / "models")
