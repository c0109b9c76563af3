"""A linear-chain CRF entity tagger: an ensemble member that learns differently from the others.

The German ensemble's members were all spaCy's transition-based tagger on the same CNN features,
so they shared their blind spots: a fourth seed or another feature set moved the vote by a few
thousandths. A CRF over hand-made features (the word, its affixes and shape, and the name
lexicon's classes, Brown cluster and word class of the word and of its neighbours) is the
classic tagger for this task and errs elsewhere: trained on the same German gold, it was far
more precise on GermEval's dev sentences than a transition-based member and weaker on CoNLL's
(see "What was tried" in data/models/README.md).

The component reads the features the member's ``name_lexicon`` wrote on the tokens just before
it (``Token.tag_``, ``Token.lemma_``, ``Token.morph``; see ``lexicon.py``), and writes
``doc.ents`` like spaCy's ``ner``, so it takes a ``ner``'s place in an ensemble. The model is
python-crfsuite's (a C++ library in a PyPI wheel) and ships in the model folder.

    python -m tasks.entities.train_crf --language de --strip-umlauts --repeat-carved 3 --target build/members/de-crf
"""

from __future__ import annotations

import gzip
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

FACTORY = "crf_entities"
MODEL_FILE = "model.crfsuite"
# A crfsuite model is mostly feature strings and compresses to 40 % with gzip; the saved folder
# keeps it compressed, so a fourth German member fits the 25 MB a model folder may take.
SAVED_FILE = "model.crfsuite.gz"
WINDOW = (-2, -1, 1, 2)
# The neighbour features: the lower-cased word, its lexicon classes, cluster and word class, its
# shape and its last three letters. A neighbour's lexicon class or cluster (``Trainer Funkel``,
# ``Regie : Moc Thyssen``, two words back) is often what marks a name the model never saw.
NEIGHBOUR_KEYS = ("lw", "lex", "cl", "wc", "sh", "s3")


def _shape(word: str) -> str:
    """``Xxxx`` -> ``Xx``, ``A380`` -> ``Xd``: the first six characters' kinds, repeats collapsed."""
    kinds: list[str] = []
    for char in word[:6]:
        kind = "X" if char.isupper() else "x" if char.islower() else "d" if char.isdigit() else char
        if not kinds or kinds[-1] != kind:
            kinds.append(kind)
    return "".join(kinds)


def _word_features(token: Any) -> dict[str, Any]:
    word = token.text
    features: dict[str, Any] = {
        "w": word, "lw": word.lower(), "p2": word[:2], "p3": word[:3], "s2": word[-2:], "s3": word[-3:],
        "s4": word[-4:], "sh": _shape(word), "len": str(min(len(word), 10)),
        "lex": token.tag_ or "-", "cl": token.lemma_ or "-", "wc": str(token.morph) or "-",
        "cap": word[:1].isupper(), "up": word.isupper(), "hy": "-" in word,
    }
    cluster = token.lemma_
    if cluster[1:].isdigit():  # "C40": the Brown path's first 4, 6 and 10 steps (clusters.path_prefix)
        number = int(cluster[1:])
        features.update(c4=str(number & 15), c6=str(number & 63), c10=str(number & 1023))
    return features


def token_features(doc: Doc | Span | list[Token]) -> list[dict[str, Any]]:
    """Each token's features: its own, and its neighbours' within two words (of the doc or span)."""
    own = [_word_features(token) for token in doc]
    sequence = []
    for i, features in enumerate(own):
        item = dict(features)
        for offset in WINDOW:
            j = i + offset
            if not 0 <= j < len(own):
                item[f"{offset}:pad"] = True
                continue
            for key in NEIGHBOUR_KEYS:
                item[f"{offset}:{key}"] = own[j][key]
            if abs(offset) == 1:
                item[f"{offset}:lw|lw"] = own[j]["lw"] + "|" + features["lw"]
        sequence.append(item)
    return sequence


def gold_tags(doc: Doc) -> list[str]:
    """IOB tags of a gold Doc; a token with missing annotation is ``O`` (a CRF cannot skip one).

    The German gold leaves only GermEval's derivations and compounds unannotated (``deutsche``,
    ``EU-Staaten``), which GermEval does not count as entities: ``O`` is its own reading.
    """
    return ["O" if token.ent_iob_ in ("O", "") else f"{token.ent_iob_}-{token.ent_type_}" for token in doc]


def spans_from_tags(doc: Doc, tags: list[str], positions: list[int] | None = None) -> list[Span]:
    """Spans from IOB tags of the doc's tokens at ``positions`` (default: from the first on); a
    stray ``I-X`` opens a span, as the corpora are read (train._mentions). A span runs from its first
    tagged token to its last, over any untagged token between them (a double space's)."""
    positions = list(range(len(tags))) if positions is None else positions
    spans, start, label = [], None, None
    for i, tag in enumerate([*tags, "O"]):
        if tag.startswith("I-") and tag[2:] == label:
            continue
        if start is not None:
            spans.append(Span(doc, positions[start], positions[i - 1] + 1, label=label))
            start = label = None
        if tag[:2] in ("B-", "I-"):
            start, label = i, tag[2:]
    return spans


SENTENCE_ENDS = frozenset(".!?")


def sentences(doc: Doc) -> list[tuple[int, int]]:
    """(start, end) token ranges cut after each full stop, question or exclamation mark and line break.

    The CRF learnt from one gold sentence at a time, where a text's first word has no word before
    it; reading an article as one sequence, it scored 0.016 F1 lower on the German dev sentences
    joined eight at a time than on the same sentences one by one. So it reads sentence by sentence,
    cut where spaCy's tokenizer leaves a mark on its own (``Dr.``, ``5.`` and ``z.B.`` stay whole).
    """
    cuts, start = [], 0
    for token in doc:
        if token.text in SENTENCE_ENDS or token.is_space and "\n" in token.text:
            cuts.append((start, token.i + 1))
            start = token.i + 1
    if start < len(doc):
        cuts.append((start, len(doc)))
    return cuts


class CrfEntityRecognizer:
    """Sets ``doc.ents`` from a crfsuite model; the model's bytes are all its state."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self.model_bytes = b""
        self._tagger: Any = None

    def set_model(self, model_bytes: bytes) -> None:
        import pycrfsuite

        tagger = pycrfsuite.Tagger()
        tagger.open_inmemory(model_bytes)
        self.model_bytes, self._tagger = model_bytes, tagger

    def __call__(self, doc: Doc) -> Doc:
        if self._tagger is None:
            raise ValueError(f"{self.name} has no CRF model: load a trained folder (tasks.entities.train_crf)")
        spans = []
        for start, end in sentences(doc):
            # The gold sentences it learnt from have no whitespace tokens; spaCy makes one of each
            # double space, which the CRF read as a word and took into a name (``sagt [ Filis]``).
            words = [token for token in doc[start:end] if not token.is_space]
            if words:
                tags = self._tagger.tag(token_features(words))
                spans += spans_from_tags(doc, tags, [token.i for token in words])
        doc.set_ents(spans, default="outside")
        return doc

    def to_bytes(self, *, exclude: Any = ()) -> bytes:
        return self.model_bytes

    def from_bytes(self, data: bytes, *, exclude: Any = ()) -> "CrfEntityRecognizer":
        self.set_model(data)
        return self

    def to_disk(self, path: Path, *, exclude: Any = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        (path / SAVED_FILE).write_bytes(gzip.compress(self.model_bytes, mtime=0))  # same model, same bytes

    def from_disk(self, path: Path, *, exclude: Any = ()) -> "CrfEntityRecognizer":
        path = Path(path)
        if (path / SAVED_FILE).is_file():
            return self.from_bytes(gzip.decompress((path / SAVED_FILE).read_bytes()))
        return self.from_bytes((path / MODEL_FILE).read_bytes())  # a member saved uncompressed, before 2026-12-06


@Language.factory(FACTORY)
def make_crf_entities(nlp: Language, name: str) -> CrfEntityRecognizer:
    return CrfEntityRecognizer(nlp, name)


def train_model(docs: list[Doc], path: Path, c1: float, c2: float, iterations: int) -> bytes:
    """Fit a CRF on gold Docs whose lexicon features are set; returns the model file's bytes.

    L-BFGS with both penalties: the L1 part (``c1``) drops most of the millions of feature
    weights, which keeps the model file small; the fit is deterministic.
    """
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    for doc in docs:
        if len(doc):
            trainer.append(token_features(doc), gold_tags(doc))
    trainer.set_params({"c1": c1, "c2": c2, "max_iterations": iterations, "feature.possible_transitions": True})
    trainer.train(str(path))
    return Path(path).read_bytes()
