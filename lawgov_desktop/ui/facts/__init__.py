"""年度情况: the facts of the year (DOMAIN.md §10)."""
