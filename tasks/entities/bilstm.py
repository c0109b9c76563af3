"""A bidirectional LSTM layer after the NER tok2vec's CNN (``train.py --bilstm``), without PyTorch.

Every transition-based member reads a word through the same CNN: four maxout layers of window
one, so a word sees four words either side and nothing beyond. A name that the sentence marks
from further away (the subject of a long Wikipedia sentence, a title of several words before its
closing quote) is out of its reach, and the members share that blind spot. A BiLSTM reads the
whole sentence in both directions, the context model of the pre-transformer NER taggers.

Measured on the German recipes, no ensemble with it (in member 0's place, member 1's, or both)
beat the shipped one (data/models/README.md, "What was tried"); no shipped model uses it, and it stays so that
the row can be rerun.

spaCy's own ``spacy.TorchBiLSTMEncoder.v1`` needs PyTorch, a dependency of hundreds of MB;
thinc's ``LSTM`` layer runs on numpy, so this encoder adds no package. Registered as
``newsflow.CnnBiLSTMEncoder.v1`` when this module is imported, and through the
``spacy_architectures`` entry point in ``pyproject.toml``, so ``spacy.load`` finds it wherever
newsflow is installed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from spacy.util import registry

ARCHITECTURE = "newsflow.CnnBiLSTMEncoder.v1"


@registry.architectures(ARCHITECTURE)
def cnn_bilstm_encoder(width: int, depth: int, window_size: int, maxout_pieces: int, lstm_depth: int) -> Any:
    """spaCy's CNN encoder, then ``lstm_depth`` residual bidirectional LSTM layers of ``width``.

    On the CNN's output, not in its place: a BiLSTM alone on the embeddings learnt far slower (spaCy's
    dev F1 0.30 against the CNN's 0.65 after 800 steps of the German recipe), and the residual
    connection keeps the CNN's local reading of each word while the LSTM adds the rest of the sentence.
    """
    from spacy.ml.models.tok2vec import MaxoutWindowEncoder
    from thinc.api import LSTM, chain, residual, with_padded

    layers = [residual(with_padded(LSTM(width, width, bi=True, depth=1))) for _ in range(lstm_depth)]
    return chain(MaxoutWindowEncoder(width, window_size, maxout_pieces, depth), *layers)


def with_bilstm(config: Path, out: Path, lstm_depth: int = 1) -> Path:
    """Write ``config`` with ``lstm_depth`` BiLSTM layers after its tok2vec's CNN encoder."""
    from tasks.entities.configs import with_tok2vec_layer

    changes = {"@architectures": ARCHITECTURE, "lstm_depth": lstm_depth}
    return with_tok2vec_layer(config, out, "encode", "spacy.MaxoutWindowEncoder.v2", changes)
