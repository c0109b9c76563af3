"""Training-config rewrites shared by the tok2vec variants (``--char-embed``, ``--bilstm``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def with_tok2vec_layer(config: Path, out: Path, layer: str, expected: str, changes: dict[str, Any]) -> Path:
    """Write ``config`` with its tok2vec's ``layer`` (``embed`` or ``encode``) updated by ``changes``.

    Refuses a config whose layer is not ``expected``: each variant extends spaCy's own layer by
    name and keeps its settings, which another architecture would not have.
    """
    from thinc.api import Config

    cfg = Config().from_disk(config, interpolate=False)
    part = cfg["components"]["tok2vec"]["model"][layer]
    if part.get("@architectures") != expected:
        raise ValueError(f"{config}: expected a {expected} {layer} layer, got {part.get('@architectures')}")
    part.update(changes)
    out.parent.mkdir(parents=True, exist_ok=True)
    cfg.to_disk(out, interpolate=False)
    return out
