"""LawGov Desktop (法治建设台账)."""
__version__ = "0.1.0"
