"""Shared fixtures: every test gets its own data directory; Qt runs offscreen."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Parsed fonts (reports/font_cache.py) go to a folder of this run, not the user's cache.
os.environ.setdefault("LAWGOV_CACHE_DIR", __import__("tempfile").mkdtemp(prefix="lawgov-cache-"))

from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from lawgov_desktop.storage import Database  # noqa: E402


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No test may touch the real per-user ledger."""
    folder = tmp_path / "data"
    monkeypatch.setenv("LAWGOV_DATA_DIR", str(folder))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))  # what was told once
    return folder


@pytest.fixture
def data_dir(_isolated_data_dir: Path) -> Path:
    return _isolated_data_dir


@pytest.fixture
def db(data_dir: Path):
    database = Database.open(data_dir)
    yield database
    database.close()
