"""Train a newsflow NER model for one language from ``../shared/corpora/ner``.

    python -m tasks.entities.train --language de

Writes ``data/models/ner-<lang>/`` (a spaCy pipeline with tok2vec + ner) and a
``training.json`` beside it recording the sources, split sizes and dev scores, so a shipped
model can always be traced back to the data and command that produced it.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from tasks.entities.clusters import has_clusters
from tasks.entities.corpora import Sentence, read_corpus, sentence_spans, token_offsets, unmark_capitalised_outside
from tasks.entities.umlauts import umlauts_deleted
from tasks.entities.word_classes import has_word_classes

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_SHARED = PROJECT_ROOT.parent / "shared"
CONFIG = Path(__file__).with_name("ner.cfg")
MODELS_DIR = PROJECT_ROOT / "data" / "models"


@dataclass(frozen=True)
class Source:
    """One gold file, in which split it goes, and how to read it."""

    path: str
    fmt: str
    split: str  # "train", "dev", or "carve" (every 5th sentence to dev, the rest to train)
    repair_umlauts: bool = False
    silver: bool = False  # no MISC annotated: capitalised O words are left unannotated


NER = "corpora/ner"


def _conll(language: str) -> list[Source]:
    """CoNLL-2002/2003 train for training, its val split for dev."""
    repair = language == "de"
    return [
        Source(f"{NER}/wikineural/data/conll/{language}/train.conllu", "conll", "train", repair),
        Source(f"{NER}/wikineural/data/conll/{language}/val.conllu", "conll", "dev", repair),
    ]


def _wikiann_silver(language: str) -> list[Source]:
    """WikiANN train as extra names for a newswire recipe (PER/ORG/LOC only, see Source.silver)."""
    return [Source(f"{NER}/davidsbatista/WikiANN/{language}/train", "wikiann", "train", silver=True)]


RECIPES: dict[str, list[Source]] = {
    "de": _conll("de") + [Source(f"{NER}/davidsbatista/GermEval2014/NER-de-test.tsv", "germeval", "carve")],
    "en": _conll("en"),
    "es": _conll("es"),
    "nl": _conll("nl"),
    # No French newswire gold is shipped: WikiANN (Wikipedia, silver, PER/ORG/LOC only).
    "fr": [
        Source(f"{NER}/davidsbatista/WikiANN/fr/train", "wikiann", "train"),
        Source(f"{NER}/davidsbatista/WikiANN/fr/dev", "wikiann", "dev"),
    ],
}


FOLDS = 5


def carve(sentences: list[Sentence], fold: int = 0) -> tuple[list[Sentence], list[Sentence]]:
    """Hold every fifth sentence out for dev: deterministic and spread over the whole file.

    Fold 0 (sentences 0, 5, 10, ...) is the dev split every shipped model was tuned on; folds 1-4
    start one sentence later each, so the five folds together hold every sentence out once and a
    recipe can be scored by cross-validation (``crossval.py``) on the whole file, not a fifth of it.
    """
    if not 0 <= fold < FOLDS:
        raise ValueError(f"fold must be 0-{FOLDS - 1}, got {fold}")
    train = [s for i, s in enumerate(sentences) if i % FOLDS != fold]
    dev = [s for i, s in enumerate(sentences) if i % FOLDS == fold]
    return train, dev


@dataclass(frozen=True)
class Carving:
    """Which fifths of a carved gold file (German: GermEval) train, and which pick the checkpoint.

    The default holds fold 0 out as dev, as every German model did until the one trained on all of
    GermEval. ``held_out=None`` trains on every fifth; no sentence of the file is left to pick the
    checkpoint, so the language's other dev source (CoNLL val) picks it alone. ``blind`` keeps the
    held-out fifth out of dev too, so a cross-validation fold's checkpoint is picked the way a
    ``held_out=None`` model's is, and the fifth is read only when scoring. ``trained`` below 4 trains
    on only that many of the other fifths (those after the held-out one), for a learning curve.
    """

    held_out: int | None = 0
    blind: bool = False
    trained: int = FOLDS - 1

    def __post_init__(self) -> None:
        if self.held_out is not None and not 0 <= self.held_out < FOLDS:
            raise ValueError(f"fold must be 0-{FOLDS - 1} or all, got {self.held_out}")
        if not 1 <= self.trained < FOLDS:
            raise ValueError(f"train on 1-{FOLDS - 1} of the other fifths, not {self.trained}")
        if self.held_out is None and (self.blind or self.trained != FOLDS - 1):
            raise ValueError("with every fifth trained there is no held-out fifth to keep blind or leave fifths beside")

    def training_folds(self) -> tuple[int, ...]:
        if self.held_out is None:
            return tuple(range(FOLDS))
        return tuple((self.held_out + step) % FOLDS for step in range(1, self.trained + 1))

    def split(self, sentences: list) -> tuple[list, list]:
        """(training part, dev part) of a carved file's sentences, each in file order."""
        trained = set(self.training_folds())
        train = [s for i, s in enumerate(sentences) if i % FOLDS in trained]
        if self.held_out is None or self.blind:
            return train, []
        return train, carve(sentences, self.held_out)[1]

    def flags(self) -> str:
        """The trainers' flags that give this carving, as recorded in ``training.json`` ('' for the default)."""
        if self.held_out is None:
            return " --fold all"
        return ((f" --fold {self.held_out}" if self.held_out or self.blind or self.trained != FOLDS - 1 else "")
                + (" --blind-dev" if self.blind else "")
                + (f" --train-fifths {self.trained}" if self.trained != FOLDS - 1 else ""))


def fold_argument(value: str) -> int | None:
    """``--fold``: a fifth 0-4, or ``all`` for none held out."""
    if value == "all":
        return None
    if value.isdigit() and int(value) < FOLDS:
        return int(value)
    raise argparse.ArgumentTypeError(f"expected 0-{FOLDS - 1} or all, got {value!r}")


def carving_arguments(parser: argparse.ArgumentParser, as_shipped: bool = False) -> None:
    """``--fold``, ``--blind-dev`` and ``--train-fifths``, for every command that trains or counts on training gold.

    ``as_shipped`` (the data-file rebuilds): given none of them, the carving is the shipped
    models' (``carving_from``); given any, the others take the plain defaults, never the shipped ones.
    """
    unset = argparse.SUPPRESS  # left out of the namespace unless given
    parser.add_argument("--fold", type=fold_argument, default=unset if as_shipped else 0, metavar="K|all",
                        help="hold out the carved source's fold K (0-4; cross-validation), or none: all (the "
                        "checkpoint is then picked on the other dev sources alone); default "
                        + ("as the shipped models of the language were trained" if as_shipped else "0"))
    parser.add_argument("--blind-dev", action="store_true", default=unset if as_shipped else False,
                        help="keep the held-out fold out of dev too: picked as --fold all is, scored only afterwards")
    parser.add_argument("--train-fifths", type=int, default=unset if as_shipped else FOLDS - 1,
                        choices=range(1, FOLDS), metavar="N",
                        help="train on only N of the other four fifths (a learning curve)")


def carving_of(command: str) -> Carving:
    """The carving a recorded training command (``training.json``) trained with."""
    parser = argparse.ArgumentParser(add_help=False)
    carving_arguments(parser)
    known, _ = parser.parse_known_args(command.split())
    return Carving(known.fold, known.blind_dev, known.train_fifths)


def shipped_carving(language: str) -> Carving:
    """The carving the shipped model folder's members trained with: what its data files must be counted on.

    ``derived.py`` and ``cluster_labels.py`` count words on the training gold; counted on another
    carving than the models', the shipped files would disagree with the models they serve.
    """
    from tasks.entities import ensemble
    from tasks.entities.gazetteer import MODELS_DIR

    folder = MODELS_DIR / f"ner-{language}"
    try:
        records = ensemble.member_records(folder)
    except (OSError, ValueError) as error:
        raise ValueError(f"no training record in {folder} to take the carving from ({error}); pass --fold") from None
    carvings = {carving_of(record["command"]) for record in records}
    if len(carvings) != 1:
        raise ValueError(f"the shipped {language} members trained on {len(carvings)} carvings; pass --fold")
    return carvings.pop()


def carving_from(args: argparse.Namespace, parser: argparse.ArgumentParser, shipped_language: str | None = None) -> Carving:
    """The carving the flags ask for; with ``shipped_language`` and none of them given, the shipped models'."""
    given = {name: getattr(args, name) for name in ("fold", "blind_dev", "train_fifths") if hasattr(args, name)}
    try:
        if shipped_language is not None and not given:
            return shipped_carving(shipped_language)
        return Carving(given.get("fold", 0), given.get("blind_dev", False), given.get("train_fifths", FOLDS - 1))
    except ValueError as error:
        parser.error(str(error))


# The newswire gold corpora that share the four labels: CoNLL-2003 (en, de) and CoNLL-2002 (es, nl).
NEWSWIRE = ("de", "en", "es", "nl")


def borrowed(language: str) -> list[Source]:
    """The other languages' CoNLL train splits, as extra training data for ``language``.

    The four corpora follow one annotation guideline, and news in every language names the same
    people, clubs, companies and places; a model that has only seen 8,000 Spanish sentences has
    met few of them. Their dev splits are never borrowed.
    """
    return [s for other in NEWSWIRE if other != language for s in _conll(other) if s.split == "train"]


def misc_unknown(sentence: Sentence) -> Sentence:
    """The sentence with its MISC tokens unannotated (missing), its other tags unchanged.

    CoNLL's MISC is a catch-all whose edges differ by language and from GermEval's ``OTH``
    (English tags nationalities and events, German tags adjectives): a borrowed corpus teaches
    its names without teaching another corpus's idea of MISC.
    """
    tokens, tags = sentence
    return tokens, [None if tag is not None and tag.endswith("-MISC") else tag for tag in tags]


def recipe(language: str, silver: bool = False, borrow: bool = False) -> list[Source]:
    """The sources a language trains on.

    ``silver`` adds WikiANN train where the recipe lacks it; ``borrow`` adds the other
    languages' newswire train splits (see ``borrowed``).
    """
    sources = list(RECIPES[language])
    if silver and not any(s.fmt == "wikiann" for s in sources):
        sources += _wikiann_silver(language)
    if borrow:
        sources += borrowed(language)
    return sources


# CoNLL-2003 German val (our dev split) lost every umlaut and eszett ("fr", "Mnchen",
# "Palstinenser"), while its train split keeps them (as repairable cp1251 garble): the same
# text arrives in both spellings, so a model should read both.
def without_umlauts(sentence: Sentence) -> Sentence:
    """The sentence spelled as in CoNLL-2003 German val: ä, ö, ü and ß deleted, tags unchanged."""
    tokens, tags = sentence
    return [umlauts_deleted(token) or token for token in tokens], tags


def load_splits(
    language: str,
    shared: Path,
    mask_derived: bool = True,
    silver: bool = False,
    borrow: bool = False,
    strip_umlauts: bool = False,
    repeat_carved: int = 1,
    self_trained: Path | None = None,
    borrow_without_misc: bool = False,
    carving: Carving = Carving(),
) -> tuple[list[Sentence], list[Sentence], dict]:
    """Collect train and dev sentences for a language, with counts per source.

    ``strip_umlauts`` spells every second training sentence of the language's own sources
    without umlauts (``without_umlauts``); dev sentences are never changed. ``repeat_carved``
    puts the training part of a carved source (German: GermEval) in that many times, which
    weighs its domain and annotation style against the larger CoNLL and borrowed corpora.
    ``self_trained`` adds the silver sentences ``silver.py`` wrote (raw text tagged by the
    shipped tagger), spelled like the language's own sources. ``borrow_without_misc`` leaves the
    borrowed corpora's MISC tokens unannotated (``misc_unknown``). ``carving`` says which fifths of
    a carved source train and which are dev (``Carving``).
    """
    own = RECIPES[language]
    train: list[Sentence] = []
    dev: list[Sentence] = []
    counts: dict[str, dict[str, int]] = {}
    for source in recipe(language, silver, borrow):
        sentences = read_corpus(shared / source.path, source.fmt, source.repair_umlauts, mask_derived=mask_derived)
        if source.silver:
            sentences = [unmark_capitalised_outside(s) for s in sentences]
        if source.split == "carve":
            part_train, part_dev = carving.split(sentences)
        elif source.split == "train":
            part_train, part_dev = sentences, []
        else:
            part_train, part_dev = [], sentences
        if strip_umlauts and source in own:
            part_train = [without_umlauts(s) if i % 2 else s for i, s in enumerate(part_train)]
        if borrow_without_misc and source not in own:
            part_train = [misc_unknown(s) for s in part_train]
        if source.split == "carve":
            part_train = part_train * repeat_carved
        train += part_train
        dev += part_dev
        counts[source.path] = {"train": len(part_train), "dev": len(part_dev)}
    if self_trained:
        from tasks.entities.silver import read_silver

        part_train = read_silver(self_trained)
        if strip_umlauts:
            part_train = [without_umlauts(s) if i % 2 else s for i, s in enumerate(part_train)]
        train += part_train
        counts[_shown(self_trained)] = {"train": len(part_train), "dev": 0}
    return train, dev, counts


def _mentions(tags: list[str | None]) -> list[tuple[int, int, str]]:
    """(start, end, label) token ranges of the IOB2 entities in one sentence."""
    spans, start, label = [], None, None
    for i, tag in enumerate([*tags, "O"]):
        if tag is not None and tag.startswith("I-") and label == tag[2:]:
            continue
        if start is not None:
            spans.append((start, i, label))
            start = label = None
        if tag is not None and tag[:2] in ("B-", "I-"):  # a stray I-X opens one, as in sentence_spans
            start, label = i, tag[2:]
    return spans


def replace_mentions(sentences: list[Sentence], seed: int) -> list[Sentence]:
    """One extra copy of every sentence with entities, each name swapped for another of its label.

    The corpora are small, so the model learns many names by heart and misses a surname it never
    saw ("Frontzeck (23.)"); a copy with ``Labbadia`` where ``Frontzeck`` stood makes it lean on
    the context instead (mention replacement, Dai & Adel 2020).
    """
    rng = random.Random(seed)
    pool: dict[str, list[list[str]]] = {}
    for tokens, tags in sentences:
        for start, end, label in _mentions(tags):
            pool.setdefault(label, []).append(tokens[start:end])
    copies: list[Sentence] = []
    for tokens, tags in sentences:
        mentions = _mentions(tags)
        if not mentions:
            continue
        new_tokens: list[str] = []
        new_tags: list[str | None] = []
        position = 0
        for start, end, label in mentions:
            new_tokens += tokens[position:start]
            new_tags += tags[position:start]
            name = rng.choice(pool[label])
            new_tokens += name
            new_tags += [f"B-{label}"] + [f"I-{label}"] * (len(name) - 1)
            position = end
        new_tokens += tokens[position:]
        new_tags += tags[position:]
        copies.append((new_tokens, new_tags))
    return copies


def _char_ranges(tokens: list[str], tags: list[str | None]) -> list[tuple[int, int]]:
    """Character ranges (in the space-joined text) of tokens whose annotation is missing."""
    return [offsets for offsets, tag in zip(token_offsets(tokens), tags) if tag is None]


def to_doc(nlp, sentences: list[Sentence]):
    """One training Doc, tokenised by spaCy itself, with the gold spans projected onto it.

    The tagger sees spaCy's tokens at run time (``d'`` + ``Uruguay``, not the corpus's
    ``d'Uruguay``), so it must learn on the same tokens or it breaks entities at every elision.
    """
    texts, spans, missing = [], [], []
    offset = 0
    for tokens, tags in sentences:
        text, gold = sentence_spans(tokens, ["O" if t is None else t for t in tags])
        spans += [(offset + a, offset + b, label) for a, b, label in gold]
        missing += [(offset + a, offset + b) for a, b in _char_ranges(tokens, tags)]
        texts.append(text)
        offset += len(text) + 1
    doc = nlp.make_doc(" ".join(texts))
    ents = [doc.char_span(a, b, label=label, alignment_mode="expand") for a, b, label in spans]
    unknown = [doc.char_span(a, b, alignment_mode="expand") for a, b in missing]
    doc.set_ents([e for e in ents if e is not None], missing=[u for u in unknown if u is not None], default="outside")
    return doc


def write_docbin(sentences: list[Sentence], language: str, path: Path) -> None:
    """Store gold sentences as spaCy Docs, several per Doc so the model sees some context."""
    import spacy
    from spacy.tokens import DocBin

    nlp = spacy.blank(language)
    docbin = DocBin()
    group = 8
    for i in range(0, len(sentences), group):
        docbin.add(to_doc(nlp, sentences[i : i + group]))
    path.parent.mkdir(parents=True, exist_ok=True)
    docbin.to_disk(path)


def _shown(path: Path) -> str:
    """A path as a user would type it from the project root (configs live in tasks/entities)."""
    try:
        return str(path.resolve().relative_to(PROJECT_ROOT))
    except ValueError:
        return str(path)


def with_pretraining_block(config: Path, filled: Path) -> Path:
    """Write the config with its ``[pretraining]`` block filled in to ``filled``.

    ``spacy pretrain`` needs that block, and spaCy loads ``init_tok2vec`` weights only when it is
    non-empty (with our configs' empty one it trains from scratch without a word), so pretraining
    and the training that starts from its weights both use this filled config.
    """
    import subprocess

    command = [sys.executable, "-m", "spacy", "init", "fill-config", str(config), str(filled), "--pretraining"]
    subprocess.run(command, check=True, capture_output=True)
    return filled


def lexicon_file(
    shared: Path, language: str, work: Path, rich: bool, clusters: bool = False, cluster_prefix: int = 0,
    word_classes: bool = False,
) -> Path:
    """Build the name lexicon a model trains with into ``work``; its file carries the feature switches."""
    from tasks.entities import lexicon as name_lexicon

    table = name_lexicon.build_with_knowledge_base(shared, language if rich else None)
    if clusters:
        table["clusters"] = True  # the shipped lexicon file carries the switch (lexicon.py)
    if cluster_prefix:
        table["cluster_prefix_bits"] = cluster_prefix
    if word_classes:
        table["word_classes"] = True
    return name_lexicon.write(table, work / name_lexicon.FILE_NAME)


def train(
    language: str,
    shared: Path,
    work: Path,
    max_steps: int,
    seed: int,
    config: Path = CONFIG,
    target: Path | None = None,
    silver: bool = False,
    init_tok2vec: Path | None = None,
    dropout: float | None = None,
    augment: bool = False,
    borrow: bool = False,
    lexicon: bool = False,
    rich_lexicon: bool = False,
    averages: bool = False,
    strip_umlauts: bool = False,
    repeat_carved: int = 1,
    clusters: bool = False,
    cluster_prefix: int = 0,
    word_classes: bool = False,
    char_embed: bool = False,
    self_trained: Path | None = None,
    borrow_without_misc: bool = False,
    bilstm: bool = False,
    carving: Carving = Carving(),
) -> Path:
    """Train one model and copy the best checkpoint into ``data/models``."""
    from spacy.cli.train import train as spacy_train

    train_sents, dev_sents, counts = load_splits(
        language, shared, silver=silver, borrow=borrow, strip_umlauts=strip_umlauts, repeat_carved=repeat_carved,
        self_trained=self_trained, borrow_without_misc=borrow_without_misc, carving=carving,
    )
    if augment:
        train_sents += replace_mentions(train_sents, seed)
    random.Random(seed).shuffle(train_sents)
    write_docbin(train_sents, language, work / "train.spacy")
    write_docbin(dev_sents, language, work / "dev.spacy")
    training_config = config
    lexicon_override = {}
    if lexicon or rich_lexicon:
        from tasks.entities import lexicon as name_lexicon

        rows = 256 if rich_lexicon else 64  # rich: up to 32 class sets x 8 frequency bands to embed
        # 1,024 rows for the Brown clusters: German has 750 (clusters.py)
        # 4 x 2^bits rows for the path prefixes, so few of them share a row
        training_config = name_lexicon.with_lexicon_features(
            config, work / "train-lexicon.cfg", rows=rows, cluster_rows=1024 if clusters else 0,
            prefix_rows=4 << cluster_prefix if cluster_prefix else 0,
            morph_rows=64 if word_classes else 0,  # 93 class pairs on the GermEval dev sentences, most of them rare
        )
        built = lexicon_file(shared, language, work, rich_lexicon, clusters, cluster_prefix, word_classes)
        lexicon_override[f"initialize.components.{name_lexicon.FACTORY}.path"] = str(built)
    if char_embed:
        from tasks.entities.char_embed import with_char_features

        training_config = with_char_features(training_config, work / "train-chars.cfg")
    if bilstm:
        from tasks.entities.bilstm import with_bilstm

        training_config = with_bilstm(training_config, work / "train-bilstm.cfg")
    if init_tok2vec:
        training_config = with_pretraining_block(training_config, work / "train-pretrained.cfg")
    started = time.time()
    spacy_train(
        training_config,
        work / "output",
        overrides={
            "nlp.lang": language,
            "paths.train": str(work / "train.spacy"),
            "paths.dev": str(work / "dev.spacy"),
            "training.max_steps": max_steps,
            "system.seed": seed,
            "paths.init_tok2vec": str(init_tok2vec) if init_tok2vec else None,
            **({"training.dropout": dropout} if dropout is not None else {}),
            **({"training.optimizer.use_averages": True} if averages else {}),
            **lexicon_override,
        },
    )
    best = work / "output" / "model-best"
    target = target or MODELS_DIR / f"ner-{language}"
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(best, target)
    meta = json.loads((best / "meta.json").read_text())
    record = {
        "language": language,
        "command": f"python -m tasks.entities.train --language {language} --max-steps {max_steps} --config {_shown(config)}"
        + f" --seed {seed}"
        + (" --silver" if silver else "")
        + (f" --init-tok2vec {_shown(init_tok2vec)}" if init_tok2vec else "")
        + (f" --dropout {dropout}" if dropout is not None else "")
        + (" --augment" if augment else "")
        + (" --borrow" if borrow else "")
        + (" --borrow-without-misc" if borrow_without_misc else "")
        + (" --lexicon" if lexicon and not rich_lexicon else "")
        + (" --rich-lexicon" if rich_lexicon else "")
        + (" --averages" if averages else "")
        + (" --strip-umlauts" if strip_umlauts else "")
        + (f" --repeat-carved {repeat_carved}" if repeat_carved != 1 else "")
        + (" --clusters" if clusters else "")
        + (f" --cluster-prefix {cluster_prefix}" if cluster_prefix else "")
        + (" --word-classes" if word_classes else "")
        + (" --char-embed" if char_embed else "")
        + (" --bilstm" if bilstm else "")
        + (f" --self-trained {_shown(self_trained)}" if self_trained else "")
        + carving.flags(),
        "sources": counts,
        "seed": seed,
        "tokenization": "spacy",  # gold spans projected onto spaCy's own tokens (see to_doc)
        "train_sentences": len(train_sents),
        "dev_sentences": len(dev_sents),
        "seconds": round(time.time() - started),
        "dev_scores_spacy": {k: meta["performance"].get(k) for k in ("ents_p", "ents_r", "ents_f")},
        "dev_scores_per_type": meta["performance"].get("ents_per_type"),
    }
    if init_tok2vec and (init_tok2vec.parent.parent / "pretrain.json").exists():
        record["pretraining"] = json.loads((init_tok2vec.parent.parent / "pretrain.json").read_text())
    (target / "training.json").write_text(json.dumps(record, indent=2, ensure_ascii=False))
    return target


def corpus_arguments(parser: argparse.ArgumentParser, scratch: str) -> None:
    """The arguments every trainer here takes: the language, where the corpora are, a scratch folder."""
    parser.add_argument("--language", required=True, choices=sorted(RECIPES))
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--work", type=Path, default=None, help=f"scratch folder (default: build/{scratch}-<lang>)")
    carving_arguments(parser)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    corpus_arguments(parser, "ner")
    parser.add_argument("--max-steps", type=int, default=6000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--config", type=Path, default=CONFIG, help="spaCy training config (default: ner.cfg)")
    parser.add_argument("--silver", action="store_true", help="add WikiANN train as silver names (where the recipe has no WikiANN)")
    parser.add_argument("--init-tok2vec", type=Path, default=None, help="pretrained tok2vec weights (tasks.entities.pretrain)")
    parser.add_argument("--dropout", type=float, default=None, help="override the config's training.dropout")
    parser.add_argument("--augment", action="store_true", help="add a mention-replaced copy of each sentence")
    parser.add_argument("--borrow", action="store_true", help="add the other languages' CoNLL train splits")
    parser.add_argument("--borrow-without-misc", action="store_true",
                        help="leave the borrowed splits' MISC tokens unannotated (needs --borrow)")
    lexicons = parser.add_mutually_exclusive_group()
    lexicons.add_argument("--lexicon", action="store_true", help="add the name-lexicon features (tasks/entities/lexicon.py)")
    lexicons.add_argument("--rich-lexicon", action="store_true",
                        help="the name lexicon plus person-name lists and word-frequency bands (needs the train extra)")
    parser.add_argument("--averages", action="store_true",
                        help="score and save a running average of the weights (Adam use_averages), not the last step's")
    parser.add_argument("--strip-umlauts", action="store_true",
                        help="spell every second sentence of the language's own training data without ä/ö/ü/ß, "
                        "as CoNLL-2003 German val is spelled")
    parser.add_argument("--repeat-carved", type=int, default=1,
                        help="put the training part of a carved source (de: GermEval) in N times")
    parser.add_argument("--clusters", action="store_true",
                        help="embed each token's Brown cluster from spacy-lookups-data (de, en, es; needs --rich-lexicon)")
    parser.add_argument("--cluster-prefix", type=int, default=0, metavar="BITS",
                        help="also embed the first BITS steps of each token's Brown cluster path (needs --clusters)")
    parser.add_argument("--word-classes", action="store_true",
                        help="embed each token's word class out of context from HanTa (de, nl, en; needs --rich-lexicon)")
    parser.add_argument("--char-embed", action="store_true",
                        help="embed each word's first and last four bytes beside the hashed features (char_embed.py)")
    parser.add_argument("--bilstm", action="store_true",
                        help="encode with two bidirectional LSTM layers instead of the CNN (bilstm.py)")
    parser.add_argument("--self-trained", type=Path, default=None, metavar="JSONL",
                        help="add silver sentences tagged by the shipped tagger (tasks/entities/silver.py)")
    parser.add_argument("--target", type=Path, default=None, help="model folder (default: data/models/ner-<lang>)")
    args = parser.parse_args(argv)
    if (args.lexicon or args.rich_lexicon) and args.init_tok2vec:
        parser.error("--lexicon and --init-tok2vec do not combine: the pretrained weights have no TAG embedding")
    if args.borrow_without_misc and not args.borrow:
        parser.error("--borrow-without-misc needs --borrow")
    if args.clusters and not args.rich_lexicon:
        parser.error("--clusters needs --rich-lexicon: the rich lexicon's file carries the switch")
    if args.cluster_prefix and not args.clusters:
        parser.error("--cluster-prefix needs --clusters")
    if args.word_classes and not args.rich_lexicon:
        parser.error("--word-classes needs --rich-lexicon: the rich lexicon's file carries the switch")
    if args.word_classes and args.cluster_prefix:
        parser.error("--word-classes and --cluster-prefix both write Token.morph; pick one")
    if args.bilstm and args.init_tok2vec:
        parser.error("--bilstm and --init-tok2vec do not combine: the pretrained weights are a CNN's")
    if args.char_embed and args.init_tok2vec:
        parser.error("--char-embed and --init-tok2vec do not combine: the pretrained weights have no character embedding")
    if args.word_classes and not has_word_classes(args.language):
        parser.error(f"HanTa has no model for {args.language!r}")
    if args.clusters and not has_clusters(args.language):
        parser.error(f"spacy-lookups-data has no Brown clusters for {args.language!r}")
    if not (args.shared / NER).is_dir():
        print(f"no NER corpora under {args.shared / NER}; pass --shared", file=sys.stderr)
        return 2
    work = args.work or PROJECT_ROOT / "build" / f"ner-{args.language}"
    target = train(
        args.language,
        args.shared,
        work,
        args.max_steps,
        args.seed,
        config=args.config,
        target=args.target,
        silver=args.silver,
        init_tok2vec=args.init_tok2vec,
        dropout=args.dropout,
        augment=args.augment,
        borrow=args.borrow,
        lexicon=args.lexicon,
        rich_lexicon=args.rich_lexicon,
        averages=args.averages,
        strip_umlauts=args.strip_umlauts,
        repeat_carved=args.repeat_carved,
        clusters=args.clusters,
        cluster_prefix=args.cluster_prefix,
        word_classes=args.word_classes,
        char_embed=args.char_embed,
        self_trained=args.self_trained,
        borrow_without_misc=args.borrow_without_misc,
        bilstm=args.bilstm,
        carving=carving_from(args, parser),
    )
    print(f"model written to {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
