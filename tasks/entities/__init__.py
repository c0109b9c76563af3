"""Entity stage: PER/ORG/LOC/MISC spans with canonical ids, per article.

``tag_texts`` is the public entry point; ``tag_batch`` applies it to a batch, one call per
language so each language's pipeline sees a stream of texts.
"""

from __future__ import annotations

from tasks.batch import Batch
from tasks.entities.tagger import has_trained_model, tag_texts
from tasks.schema import Col

__all__ = ["tag_texts", "tag_batch"]


def tag_batch(batch: Batch) -> Batch:
    """Add the ``entities`` column; a language without a trained model uses the gazetteer."""
    with batch.stage("entities") as stats:
        frame = batch.articles
        if not len(frame):
            return batch
        entities: list[list[dict]] = [[] for _ in range(len(frame))]
        languages = frame[Col.LANGUAGE].tolist()
        texts = frame[Col.TEXT].tolist()
        stats["mentions"] = stats["linked"] = stats["gazetteer_only_records"] = 0
        for language in sorted(set(languages)):
            positions = [i for i, code in enumerate(languages) if code == language]
            if not has_trained_model(language):
                stats["gazetteer_only_records"] += len(positions)
            tagged = tag_texts([texts[i] for i in positions], language)
            for i, spans in zip(positions, tagged):
                entities[i] = spans
                stats["mentions"] += len(spans)
                stats["linked"] += sum(1 for span in spans if span[Col.CANONICAL_ID])
        frame[Col.ENTITIES] = entities
    return batch
