"""Shared fixtures: every test gets its own data directory; Qt runs offscreen."""

from __future__ import annotations

import json
import os
import tempfile

# Qt's offscreen screen is 800×600 unless told otherwise; the tests' screen is the smallest
# office screen the program is laid out for (1366×768), so a window as wide as the 概览 cards
# of every register is not clamped to a screen no office has.
_SCREEN = {"screens": [{"name": "OffscreenScreen", "x": 0, "y": 0, "width": 1366,
                        "height": 768, "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}
_config = os.path.join(tempfile.gettempdir(), "lawgov-test-screen.json")
with open(_config, "w", encoding="utf-8") as _fh:
    json.dump(_SCREEN, _fh)
os.environ.setdefault("QT_QPA_PLATFORM", f"offscreen:configfile={_config}")
# Parsed fonts (reports/font_cache.py) go to a folder of this run, not the user's cache.
os.environ.setdefault("LAWGOV_CACHE_DIR", tempfile.mkdtemp(prefix="lawgov-cache-"))

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
