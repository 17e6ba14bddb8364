"""A ledger's page: list view, table model, search cells, record form, field editors."""
