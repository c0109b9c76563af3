"""The tok2vec variants' config rewrites (tasks/entities/configs.py) and the flags that ask for them."""

from __future__ import annotations

import pytest

from tasks.entities import bilstm, char_embed

# Each variant: its rewrite, the tok2vec layer it extends, spaCy's architecture it expects there,
# another architecture it must refuse, and its train.py flag.
VARIANTS = [
    (char_embed.with_char_features, "embed", "MultiHashEmbed", "spacy.CharacterEmbed.v2", "--char-embed"),
    (bilstm.with_bilstm, "encode", "MaxoutWindowEncoder", "spacy.TorchBiLSTMEncoder.v1", "--bilstm"),
]


@pytest.mark.parametrize("rewrite, layer, expected, other, flag", VARIANTS, ids=[v[-1] for v in VARIANTS])
def test_a_variant_refuses_a_config_with_another_architecture_in_its_layer(tmp_path, rewrite, layer, expected, other, flag):
    from thinc.api import Config

    from tasks.entities.train import CONFIG

    cfg = Config().from_disk(CONFIG, interpolate=False)
    cfg["components"]["tok2vec"]["model"][layer]["@architectures"] = other
    cfg.to_disk(tmp_path / "other.cfg", interpolate=False)
    with pytest.raises(ValueError, match=expected):
        rewrite(tmp_path / "other.cfg", tmp_path / "out.cfg")


@pytest.mark.parametrize("flag", [v[-1] for v in VARIANTS])
def test_train_refuses_a_variant_with_pretrained_weights(tmp_path, capsys, flag):
    from tasks.entities import train as training

    with pytest.raises(SystemExit):
        training.main(["--language", "de", flag, "--init-tok2vec", str(tmp_path / "weights.bin")])
    assert f"{flag} and --init-tok2vec" in capsys.readouterr().err
