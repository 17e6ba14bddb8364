"""The ledger's migration set, registered at import, handed to sqlite-utils when one is run.

Importing sqlite-utils (its plugin manager, click, dateutil) costs about 65 ms of CPU, a fifth
of the desktop program's start to 概览. Opening an up-to-date ledger needs none of it: which
migrations were applied is one plain query (`schema.applied_names`). So the migrations are
collected here with the same decorator as `sqlite_utils.Migrations`, and the real object is
built, with every registered migration, the first time anything else is asked of it
(`apply`, `pending`, `applied`, …): an upgrade, a backup check, a test.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import sqlite_utils

Migration = Callable[["sqlite_utils.Database"], None]


@dataclass(frozen=True)
class Registered:
    name: str
    fn: Migration
    transactional: bool


class LazyMigrations:
    # sqlite_utils.Migrations.migrations_table (a test holds the two equal)
    migrations_table = "_sqlite_migrations"

    def __init__(self, name: str) -> None:
        self.name = name
        self._migrations: list[Registered] = []
        self._real: sqlite_utils.Migrations | None = None

    def __call__(self, *, name: str | None = None,
                 transactional: bool = True) -> Callable[[Migration], Migration]:
        """`@migrations(name="0001_initial")`, as sqlite_utils.Migrations has it."""

        def register(fn: Migration) -> Migration:
            entry = Registered(name or fn.__name__, fn, transactional)
            if any(m.name == entry.name for m in self._migrations):
                raise ValueError(f"Migration {entry.name!r} is already registered in set "
                                 f"{self.name!r}")
            self._migrations.append(entry)
            if self._real is not None:
                self._real(name=entry.name, transactional=transactional)(fn)
            return fn

        return register

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(m.name for m in self._migrations)

    def real(self) -> sqlite_utils.Migrations:
        """The sqlite_utils.Migrations holding every migration registered so far."""
        if self._real is None:
            import sqlite_utils

            real = sqlite_utils.Migrations(self.name)
            for m in self._migrations:
                real(name=m.name, transactional=m.transactional)(m.fn)
            self._real = real
        return self._real

    def __getattr__(self, attr: str) -> Any:
        # apply, pending, applied, ensure_migrations_table …: sqlite-utils' own
        return getattr(self.real(), attr)
