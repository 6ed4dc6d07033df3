"""`make run`'s development keys: written once, completed when a newer Vigil needs more,
and never replaced (data encrypted under them must stay readable)."""

from __future__ import annotations

from vigil.devenv import write_dev_env


def _values(path) -> dict[str, str]:  # type: ignore[no-untyped-def]
    lines = path.read_text().splitlines()
    return dict(line.split("=", 1) for line in lines if "=" in line and not line.startswith("#"))


def test_a_new_file_has_every_key_and_only_its_owner_may_read_it(tmp_path):
    path = tmp_path / "var" / "dev.env"
    assert write_dev_env(path) is True
    values = _values(path)
    assert set(values) >= {
        "VIGIL_SECRET_KEY",
        "VIGIL_DATA_KEYS",
        "VIGIL_BLIND_INDEX_KEY",
        "VIGIL_AUDIT_KEYS",
    }
    assert path.stat().st_mode & 0o777 == 0o600
    assert write_dev_env(path) is False and _values(path) == values


def test_an_older_file_gets_the_missing_keys_and_keeps_its_own(tmp_path):
    path = tmp_path / "dev.env"
    path.write_text("VIGIL_MODE=demo\nVIGIL_DATA_KEYS=dev1:OLD\n")
    assert write_dev_env(path) is True
    values = _values(path)
    assert values["VIGIL_DATA_KEYS"] == "dev1:OLD"
    assert values["VIGIL_AUDIT_KEYS"].startswith("devaudit1:")
