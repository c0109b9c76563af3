"""Cross-validate the shipped German recipe on GermEval: each fifth held out in turn.

One fifth of GermEval (1,020 sentences) pins F1 down only to about ±0.028
(``evaluate.bootstrap_interval``), and every German choice and rule was made reading fold 0's
errors. Retraining the shipped ensemble's members with each fifth held out (``train.py --fold K``)
scores the recipe on all 5,100 sentences:

    mkdir -p build/cv && python -m tasks.entities.crossval commands --language de > build/cv/queue.txt
    tr '\\n' '\\0' < build/cv/queue.txt | xargs -0 -P 2 -n 1 bash -c    # 15 runs, ~90 min on 2 cores
    python -m tasks.entities.crossval score --language de

``commands`` prints each member's recorded training command (the ensemble's ``training.json``)
with ``--fold K --target build/cv/de-fK/m<i>``. The shipped members trained on every fifth
(``--fold all``), their checkpoints picked on CoNLL val alone, so each fold's members are picked
the same way (``--blind-dev``: fold K is read only when scoring). Members shipped with fold 0 as
their dev split were cross-validated on folds 1-4 beside the shipped folder as fold 0.
``score`` joins each fold's members into an ensemble, rebuilds the two data files counted on the
training gold (``derived.py``, ``cluster_labels.py``) without the fold's sentences, scores the
fold through ``evaluate``, and pools every fold's sentences into one score with a bootstrap
interval. Folds whose members are not all trained yet are skipped, and said so.

``--train-fifths N`` (both actions) is a learning-curve point: each fold's members trained on only N
of the other four fifths, in folders of their own (``build/cv/de-tN-fK``), their data files
counted on the same N. Set beside the four-fifths figure, it says what one more fifth of gold adds.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

from tasks.entities.corpora import LABELS
from tasks.entities.evaluate import bootstrap_interval, read_spans, score, sentence_counts
from tasks.entities.gazetteer import MODELS_DIR
from tasks.entities.train import DEFAULT_SHARED, FOLDS, PROJECT_ROOT, RECIPES, Carving, _shown, carving_of

BUILD = PROJECT_ROOT / "build" / "cv"
# The data files counted on the training gold: each fold gets its own (see module docstring).
REBUILT = ("derived_words.json", "cluster_labels.json")
# A fold's members train on the other four fifths; fewer is a learning-curve point (``--train-fifths``).
ALL_OTHERS = FOLDS - 1


def carved_gold(language: str, shared: Path) -> tuple[Path, str]:
    """The language's carved gold file (German: GermEval) and its format."""
    carved = [source for source in RECIPES[language] if source.split == "carve"]
    if not carved:
        raise ValueError(f"{language!r} has no carved source to cross-validate on")
    return shared / carved[0].path, carved[0].fmt


def member_records(language: str) -> list[dict]:
    """The shipped ensemble's members' training records, in member order."""
    from tasks.entities import ensemble

    return ensemble.member_records(MODELS_DIR / f"ner-{language}")


def fold_dir(language: str, fold: int, fifths: int = ALL_OTHERS) -> Path:
    """Where fold ``fold``'s members and spans go; a learning-curve point (fewer fifths) has its own."""
    return BUILD / (f"{language}-f{fold}" if fifths == ALL_OTHERS else f"{language}-t{fifths}-f{fold}")


def trained_on_every_fold(language: str) -> bool:
    """Whether the shipped members trained on all of the carved file (``--fold all``)."""
    return all(carving_of(record["command"]).held_out is None for record in member_records(language))


def fold_carving(language: str, fold: int, fifths: int = ALL_OTHERS) -> Carving:
    """How a fold is held out: as the shipped members were picked, trained on ``fifths`` of the others.

    Members trained on every fifth had their checkpoint picked on CoNLL val alone, so each fold's
    are too (``blind``); members with fold 0 as dev are repeated with fold K as dev. Fewer than
    the four other fifths is a learning-curve point: what one more fifth of gold adds.
    """
    return Carving(fold, blind=trained_on_every_fold(language), trained=fifths)


def fold_flags(language: str, fold: int, fifths: int = ALL_OTHERS) -> str:
    """The trainers' flags for ``fold_carving``, always naming the fold."""
    flags = fold_carving(language, fold, fifths).flags()
    return flags if flags.startswith(" --fold") else f" --fold {fold}{flags}"


def folds_to_train(language: str, fifths: int = ALL_OTHERS) -> range:
    """Fold 0 is the shipped folder itself unless the shipped members trained on it too (or on fewer fifths)."""
    return range(0 if trained_on_every_fold(language) or fifths != ALL_OTHERS else 1, FOLDS)


def commands(language: str, fifths: int = ALL_OTHERS) -> list[str]:
    """Every member's recorded command, once per fold to train, writing into ``fold_dir``."""
    lines = []
    for fold in folds_to_train(language, fifths):
        for index, record in enumerate(member_records(language)):
            member = fold_dir(language, fold, fifths) / f"m{index}"
            work = BUILD / "work" / f"{member.parent.name}-m{index}"
            recipe = record["command"].replace(" --fold all", "")
            lines.append(f"{recipe}{fold_flags(language, fold, fifths)} --target {_shown(member)} --work {_shown(work)}")
    return lines


def models_for_fold(language: str, fold: int, shared: Path, fifths: int = ALL_OTHERS) -> Path | None:
    """A models folder for ``fold``: its own ensemble and rebuilt data files, the rest linked.

    None when a member is missing. Fold 0 is the shipped folder itself unless the shipped members
    trained on it (``folds_to_train``).
    """
    if fold not in folds_to_train(language, fifths):
        return MODELS_DIR
    from tasks.entities import cluster_labels, derived, ensemble

    members = [fold_dir(language, fold, fifths) / f"m{i}" for i in range(len(member_records(language)))]
    if not all((member / ensemble.RECORD).is_file() for member in members):
        return None
    carving = fold_carving(language, fold, fifths)
    target = fold_dir(language, fold, fifths) / "models"
    target.mkdir(parents=True, exist_ok=True)
    for item in MODELS_DIR.iterdir():
        link = target / item.name
        if item.name in REBUILT or item.name == f"ner-{language}" or link.is_symlink() or link.exists():
            continue
        link.symlink_to(item.resolve())
    command = f"python -m tasks.entities.crossval score --language {language}{fold_flags(language, fold, fifths)}"
    ensemble.build(language, members, target / f"ner-{language}", command)
    lists = json.loads((MODELS_DIR / "derived_words.json").read_text(encoding="utf-8"))
    if language == "de":
        lists["de"] = derived.build_german(shared, carving)
    derived.write_lists(target / "derived_words.json", lists)
    labels = json.loads((MODELS_DIR / "cluster_labels.json").read_text(encoding="utf-8"))
    labels[language] = cluster_labels.build(language, shared, carving)
    cluster_labels.write_labels(target / "cluster_labels.json", labels)
    return target


def score_fold(language: str, fold: int, models: Path, shared: Path, conll_misc: bool = False,
               fifths: int = ALL_OTHERS) -> Path:
    """Tag the fold's held-out sentences with ``models`` (a fresh process: MODELS_DIR is read at import).

    ``conll_misc`` scores the spans as tagged (``evaluate --conll-misc``), not in GermEval's convention.
    """
    gold, fmt = carved_gold(language, shared)
    spans = fold_dir(language, fold, fifths) / ("spans-as-tagged.jsonl" if conll_misc else "spans.jsonl")
    spans.parent.mkdir(parents=True, exist_ok=True)
    command = [
        sys.executable, "-m", "tasks.entities.evaluate", "--language", language, "--gold", str(gold),
        "--format", fmt, "--heldout", "--fold", str(fold), "--bootstrap", "0", "--spans", str(spans),
        *(["--conll-misc"] if conll_misc else []),
    ]
    subprocess.run(command, check=True, env={**os.environ, "NEWSFLOW_MODELS": str(models)},
                   cwd=PROJECT_ROOT, stdout=subprocess.DEVNULL)
    return spans


def report(per_fold: dict[int, tuple[list[str], list[set], list[set]]], rounds: int) -> list[str]:
    """Each fold's F1, then every fold's sentences pooled: per label, per source, with an interval."""
    lines = []
    for fold, (_, gold, predicted) in sorted(per_fold.items()):
        precision, recall, f1, support = score(gold, predicted)["overall"]
        lines.append(f"fold {fold}: {len(gold)} sentences, {support} gold mentions, "
                     f"precision {precision:.4f} recall {recall:.4f} F1 {f1:.4f}")
    sources = [s for fold in sorted(per_fold) for s in per_fold[fold][0]]
    gold = [g for fold in sorted(per_fold) for g in per_fold[fold][1]]
    predicted = [p for fold in sorted(per_fold) for p in per_fold[fold][2]]
    pooled = score(gold, predicted)
    folds = ", ".join(str(fold) for fold in sorted(per_fold))
    lines.append(f"pooled over folds {folds} ({len(gold)} sentences):")
    lines.append(f"{'label':8} {'precision':>9} {'recall':>9} {'f1':>9} {'gold':>7}")
    for label in (*LABELS, "overall"):
        if label in pooled:
            precision, recall, f1, support = pooled[label]
            lines.append(f"{label:8} {precision:9.4f} {recall:9.4f} {f1:9.4f} {support:7d}")
    for source in sorted(set(sources)):
        picked = [i for i, s in enumerate(sources) if s == source]
        precision, recall, f1, support = score([gold[i] for i in picked], [predicted[i] for i in picked])["overall"]
        lines.append(f"{source} only ({len(picked)} sentences, {support} gold mentions): F1 {f1:.4f}")
    if rounds:
        low, high = bootstrap_interval(sentence_counts(gold, predicted), rounds)
        lines.append(f"95% interval of pooled F1 ({rounds} resamples of the {len(gold)} sentences): {low:.4f} to {high:.4f}")
    lines.append(f"pooled F1 {pooled['overall'][2]:.4f}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=("commands", "score"))
    parser.add_argument("--language", default="de")
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--folds", type=int, nargs="+", default=list(range(FOLDS)), choices=range(FOLDS))
    parser.add_argument("--bootstrap", type=int, default=1000, metavar="N", help="resamples for the pooled interval (0: none)")
    parser.add_argument("--train-fifths", type=int, default=ALL_OTHERS, choices=range(1, FOLDS), metavar="N",
                        help="a learning-curve point: each fold's members trained on only N of the other four fifths")
    parser.add_argument("--conll-misc", action="store_true",
                        help="score the tagger's MISC derivations and compounds as tagged (evaluate --conll-misc)")
    args = parser.parse_args(argv)
    try:
        gold, _ = carved_gold(args.language, args.shared)
    except (KeyError, ValueError):
        print(f"{args.language!r} has no carved gold source to cross-validate on", file=sys.stderr)
        return 2
    if args.action == "commands":
        print("\n".join(commands(args.language, args.train_fifths)))
        return 0
    if not gold.is_file():
        print(f"no gold file at {gold}; pass --shared", file=sys.stderr)
        return 2
    per_fold = {}
    for fold in args.folds:
        models = models_for_fold(args.language, fold, args.shared, args.train_fifths)
        if models is None:
            print(f"fold {fold}: members not all trained under {_shown(fold_dir(args.language, fold, args.train_fifths))}; skipped")
            continue
        spans = score_fold(args.language, fold, models, args.shared, args.conll_misc, args.train_fifths)
        per_fold[fold] = read_spans(spans)
    if not per_fold:
        print("no fold could be scored", file=sys.stderr)
        return 1
    print("\n".join(report(per_fold, args.bootstrap)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
