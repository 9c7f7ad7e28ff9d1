"""Settings come only from the environment and fail loudly on malformed values."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from hromada import env


@pytest.mark.parametrize(("name", "value", "reader"), [
    ("X_BOOL", "maybe", lambda: env.env_bool("X_BOOL", False)),
    ("X_INT", "ten", lambda: env.env_int("X_INT", 1)),
    ("X_INT", "0", lambda: env.env_int("X_INT", 1, minimum=1)),
    ("X_LIST", "a,,b", lambda: env.env_list("X_LIST", [])),
    ("X_CHOICE", "staging", lambda: env.env_choice("X_CHOICE", "development", ("development", "production"))),
    ("X_URL", "mysql://x", lambda: env.env_url("X_URL", None, schemes=("sqlite", "postgres"))),
])
def test_malformed_values_fail_with_the_variable_name(monkeypatch, name, value, reader):
    monkeypatch.setenv(name, value)
    with pytest.raises(ImproperlyConfigured, match=name):
        reader()


def test_well_formed_values_are_read(monkeypatch):
    monkeypatch.setenv("X_BOOL", "Yes")
    monkeypatch.setenv("X_INT", " 42 ")
    monkeypatch.setenv("X_LIST", "a.example, b.example")
    assert env.env_bool("X_BOOL", False) is True
    assert env.env_int("X_INT", 1) == 42
    assert env.env_list("X_LIST", []) == ["a.example", "b.example"]
    assert env.env_bool("X_UNSET", True) is True


def _hromada(args, tmp_path, **extra):
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("HROMADA_", "DJANGO_"))}
    environment.update({"HROMADA_DATA_DIR": str(tmp_path)}, **extra)
    return subprocess.run([sys.executable, "-m", "hromada", *args], env=environment, capture_output=True,
                          text=True, timeout=120)


def test_malformed_environment_stops_the_cli_with_a_clear_message(tmp_path):
    result = _hromada(["check"], tmp_path, HROMADA_DEBUG="perhaps")
    assert result.returncode == 2
    assert "HROMADA_DEBUG='perhaps' is not a boolean" in result.stderr
    assert "Traceback" not in result.stderr


def test_production_requires_a_secret_key(tmp_path):
    result = _hromada(["check"], tmp_path, HROMADA_ENV="production", HROMADA_ALLOWED_HOSTS="hromada.example")
    assert result.returncode == 2
    assert "HROMADA_SECRET_KEY is required" in result.stderr


def test_production_settings_pass_the_deploy_check_without_warnings(tmp_path):
    result = _hromada(
        ["check", "--deploy", "--fail-level", "WARNING"], tmp_path,
        HROMADA_ENV="production", HROMADA_ALLOWED_HOSTS="mohyliv.example.gov.ua",
        HROMADA_SECRET_KEY="k" * 20 + "Zq8#vR2!pL0@xW5$mN9%tB4^yH7&jD3*" + "u" * 10,
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout
    assert "WARNINGS" not in result.stdout + result.stderr


def test_demo_keeps_a_generated_secret_key_in_the_data_dir(tmp_path):
    first = _hromada(["shell", "-c", "from django.conf import settings; print(settings.SECRET_KEY)"], tmp_path)
    second = _hromada(["shell", "-c", "from django.conf import settings; print(settings.SECRET_KEY)"], tmp_path)
    assert first.returncode == 0, first.stderr
    assert first.stdout == second.stdout
    assert len(first.stdout.strip()) >= 50
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_cli_dispatches_hyphenated_commands(tmp_path):
    result = _hromada(["audit-verify", "--help"], tmp_path)
    assert result.returncode == 0
    assert "hash chain" in result.stdout
