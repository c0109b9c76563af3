"""Entity ensembles: several separately trained NER models vote on every span.

Models trained with different outside knowledge of names (the rich lexicon, the plain lexicon
with the borrowed CoNLL languages, no lexicon at all) make different mistakes: on the Dutch dev
split each scores about 0.77 F1 alone, and a span that most of them propose is right far more
often than one any of them proposes (see "What was tried" in data/models/README.md). So a shipped model
folder can hold several *members* in one spaCy pipeline:

    [name_lexicon_0, ner_0, stash_0, name_lexicon_1, ner_1, stash_1, ..., vote_entities]

Each member's tok2vec is folded into its ``ner`` (``replace_listeners``) so members share
nothing but the tokenizer; a member may also be a CRF (``crf.py``), whose component takes the
``ner_<i>`` place. Each member's lexicon runs right before its ``ner``, because lexicon
classes live in ``Token.tag_`` and the next member's lexicon overwrites them; a member whose
lexicon is the same table as the one whose tags are on the doc reads those tags instead of
carrying a second 1 MB copy that would write them again. ``stash_entities``
moves a member's entities into ``doc.spans["ner_<i>"]`` and clears ``doc.ents`` for the next
member; ``vote_entities`` keeps a span (start, end and label) that at least half the members
proposed. With an odd number of members that is a strict majority, and such spans cannot overlap
(two would need more votes than there are members). Members that agree on a span but not on its
label are unsure of it, and dropping such spans scored a little better on the Dutch dev split
(0.789 F1, model alone) than keeping them with the most-voted label (0.787). With an even number,
two overlapping spans can each have half the votes; the one the earlier member proposed wins, so
members are listed most trusted first. The result is always a valid ``doc.ents``. The folder stays an
ordinary spaCy pipeline: ``spacy.load`` works wherever newsflow is installed (entry points in
``pyproject.toml``), it loads once per process, and the same text gives the same spans.

    python -m tasks.entities.ensemble --language nl --target data/models/ner-nl \\
        build/members/nl-0 build/members/nl-1 build/members/nl-2

where each member folder was trained by ``python -m tasks.entities.train ... --target
build/members/nl-<i>`` (the ensemble's ``training.json`` keeps every member's own training
record, command included).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

STASH = "stash_entities"
VOTE = "vote_entities"
RECORD = "training.json"


class StashEntities:
    """Move the entities the previous member found into ``doc.spans[key]``."""

    def __init__(self, key: str) -> None:
        self.key = key

    def __call__(self, doc: Doc) -> Doc:
        doc.spans[self.key] = list(doc.ents)
        doc.set_ents([], default="missing")  # the next member starts from an untagged doc
        return doc


class VoteEntities:
    """Keep the spans at least half the members in ``keys`` proposed (see ``vote``)."""

    def __init__(self, keys: list[str]) -> None:
        self.keys = list(keys)

    def __call__(self, doc: Doc) -> Doc:
        doc.set_ents(vote([doc.spans[key] for key in self.keys], doc), default="outside")
        return doc


def member_records(folder: Path) -> list[dict]:
    """The training records of a model folder's members: an ensemble's each, a single model's its own."""
    record = json.loads((folder / RECORD).read_text(encoding="utf-8"))
    return record.get("members", [record])


def vote(members: list[Any], doc: Doc) -> list[Span]:
    """The spans (start, end and label) that at least half of ``members`` (span lists) proposed.

    Of two overlapping such spans, the one with more votes wins, and on a tie the one the earliest
    member proposed. On GermEval's carved folds 0-2 with four German members, that tie rule scored
    0.7405 F1 (model alone), against 0.7371 for the earlier start and 0.7384 for dropping both.
    """
    votes: Counter = Counter()
    first_voter: dict[tuple[int, int, str], int] = {}
    for index, spans in enumerate(members):
        for span in spans:
            key = (span.start, span.end, span.label_)
            votes[key] += 1
            first_voter.setdefault(key, index)
    needed = (len(members) + 1) // 2
    candidates = sorted((key for key, n in votes.items() if n >= needed), key=lambda key: (-votes[key], first_voter[key], key))
    kept: list[tuple[int, int, str]] = []
    for start, end, label in candidates:
        if all(end <= other_start or other_end <= start for other_start, other_end, _ in kept):
            kept.append((start, end, label))
    return [Span(doc, start, end, label=label) for start, end, label in sorted(kept)]


@Language.factory(STASH, default_config={"key": "ner_0"})
def make_stash(nlp: Language, name: str, key: str) -> StashEntities:
    return StashEntities(key)


@Language.factory(VOTE, default_config={"keys": []})
def make_vote(nlp: Language, name: str, keys: list[str]) -> VoteEntities:
    return VoteEntities(keys)


def member_names(index: int) -> tuple[str, str, str]:
    """Member ``index``'s lexicon, ner and stash component names inside an ensemble pipeline."""
    return f"name_lexicon_{index}", f"ner_{index}", f"stash_{index}"


def entity_component(member: Language) -> str:
    """The member's component that sets ``doc.ents``: spaCy's ``ner``, or a CRF (``crf.py``)."""
    from tasks.entities.crf import FACTORY as CRF

    for name in ("ner", CRF):
        if name in member.pipe_names:
            return name
    raise ValueError(f"no entity component in a member with pipes {member.pipe_names}")


def assemble(language: str, members: list[Path]) -> Language:
    """One pipeline holding every member, each with its own tok2vec and lexicon (shared when identical)."""
    import spacy

    import tasks.entities.bilstm  # noqa: F401  registers the encoder of members trained with --bilstm
    import tasks.entities.char_embed  # noqa: F401  registers the architecture of members trained with --char-embed
    import tasks.entities.crf  # noqa: F401  registers the CRF member's component
    from tasks.entities.lexicon import FACTORY as LEXICON  # importing it registers the component

    if len(members) < 3:
        raise ValueError(f"an ensemble needs at least 3 members (got {len(members)})")
    nlp = spacy.blank(language)
    keys = []
    tags_on_doc: dict | None = None  # the table of the lexicon that ran last
    for index, path in enumerate(members):
        member = spacy.load(path)
        if member.lang != language:
            raise ValueError(f"{path} is a {member.lang!r} model, not {language!r}")
        if "tok2vec" in member.pipe_names:
            member.replace_listeners("tok2vec", "ner", ["model.tok2vec"])
        lexicon_name, key, stash_name = member_names(index)
        table = member.get_pipe(LEXICON).data if LEXICON in member.pipe_names else None
        if table is not None and table != tags_on_doc:
            nlp.add_pipe(LEXICON, name=lexicon_name, source=member)
            tags_on_doc = table
        nlp.add_pipe(entity_component(member), name=key, source=member)
        nlp.add_pipe(STASH, name=stash_name, config={"key": key})
        keys.append(key)
    nlp.add_pipe(VOTE, config={"keys": keys})
    return nlp


def build(language: str, members: list[Path], target: Path, command: str) -> Path:
    """Write the ensemble to ``target`` with a record of every member's own training record."""
    if target.exists() and any(target.iterdir()) and not (target / "meta.json").is_file():
        raise ValueError(f"{target} is a folder but not a spaCy pipeline; not overwriting it")
    nlp = assemble(language, members)
    if target.exists():
        shutil.rmtree(target)
    nlp.to_disk(target)
    _keep_only_blank_strings(language, target)
    records = [json.loads((path / RECORD).read_text()) for path in members]
    record = {"language": language, "command": command, "members": records}  # split sizes differ per member
    (target / RECORD).write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n")
    return target


def _keep_only_blank_strings(language: str, target: Path) -> None:
    """Write the string table a blank pipeline of ``language`` starts with, not the members' own.

    Each member's table holds every word of its training text (180,000 strings, 2.8 MB for
    German), which nothing reads back: the models hash features from the text itself, and
    labels and lexicon marks enter the table as they are set. The German ensemble tagged both
    German dev sets identically with the pruned table, and the room it frees keeps the folder
    under 25 MB.
    """
    import spacy

    strings = target / "vocab" / "strings.json"
    strings.write_text(json.dumps(list(spacy.blank(language).vocab.strings), ensure_ascii=False))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--language", required=True)
    parser.add_argument("--target", required=True, type=Path)
    parser.add_argument("members", nargs="+", type=Path, help="trained model folders, most trusted first (at least 3)")
    args = parser.parse_args(argv)
    missing = [str(path) for path in args.members if not (path / RECORD).is_file()]
    if missing:
        print(f"not a trained model folder (no {RECORD}): {', '.join(missing)}", file=sys.stderr)
        return 2
    command = "python -m tasks.entities.ensemble --language {} --target {} {}".format(
        args.language, args.target, " ".join(str(path) for path in args.members)
    )
    try:
        target = build(args.language, args.members, args.target, command)
    except ValueError as error:
        print(error, file=sys.stderr)
        return 2
    size = sum(f.stat().st_size for f in target.rglob("*") if f.is_file())
    print(f"{target}: {len(args.members)} members, {size / 2**20:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
