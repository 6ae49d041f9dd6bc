"""A valid config is validated once; any change is validated again."""

import copy

import pytest

from conftest import FIXTURES
from scripts import config as cfg
from scripts.common import ThesisError, load_yaml


def test_valid_config_is_stamped_and_changes_are_revalidated(tmp_path, monkeypatch):
    monkeypatch.setattr(cfg, "VALID_STAMP", tmp_path / "config-valid")
    good = load_yaml(FIXTURES / "tiny" / "config.yaml")
    cfg.validate(good, "config.yaml")
    assert (tmp_path / "config-valid").read_text(encoding="utf-8") == cfg._fingerprint(good, cfg.SCHEMA)

    bad = copy.deepcopy(good)
    bad["layout"]["linespacing"] = 2  # unknown key: the stamp of the good config must not cover it
    with pytest.raises(ThesisError) as e:
        cfg.validate(bad, "config.yaml")
    assert "linespacing" in str(e.value)


def test_stamp_of_another_schema_does_not_count(tmp_path, monkeypatch):
    monkeypatch.setattr(cfg, "VALID_STAMP", tmp_path / "config-valid")
    good = load_yaml(FIXTURES / "tiny" / "config.yaml")
    schema = tmp_path / "schema.yaml"
    schema.write_text("type: object\nrequired: [no-such-key]\n", encoding="utf-8")
    (tmp_path / "config-valid").write_text(cfg._fingerprint(good, cfg.SCHEMA), encoding="utf-8")
    with pytest.raises(ThesisError):
        cfg.validate(good, "config.yaml", schema_path=schema)
