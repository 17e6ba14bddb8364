"""The ledger on disk: one SQLite file behind one Database wrapper. No Qt here."""

from .database import LEDGER_FILENAME, Database, default_data_dir
from .errors import (
    DiskFullError,
    DuplicateError,
    LedgerDamagedError,
    LedgerError,
    LedgerInUseError,
    LedgerLockedError,
    LedgerReadOnlyError,
    NewerSchemaError,
    NotFoundError,
    ValidationError,
)
from .lock import LedgerLock
from .records import LedgerTable, Query

__all__ = [
    "LEDGER_FILENAME",
    "Database",
    "DiskFullError",
    "DuplicateError",
    "LedgerDamagedError",
    "LedgerError",
    "LedgerInUseError",
    "LedgerLock",
    "LedgerLockedError",
    "LedgerReadOnlyError",
    "LedgerTable",
    "NewerSchemaError",
    "NotFoundError",
    "Query",
    "ValidationError",
    "default_data_dir",
]
