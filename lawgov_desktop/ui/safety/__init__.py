"""Keeping the ledger safe: backups and merge panel, damaged-ledger dialog, crash drafts."""
