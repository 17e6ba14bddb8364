"""Layering rules of ARCHITECTURE.md that code review would otherwise have to remember."""

from __future__ import annotations

import ast
from pathlib import Path

import lawgov_desktop
from lawgov_desktop.domain.ledgers import LEDGER_KEYS, load_ledgers

PACKAGE = Path(lawgov_desktop.__file__).parent
QT_FREE = ("domain", "storage", "reports", "importing", "cli")


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_qt_is_imported_only_in_ui():
    offenders = [
        str(p.relative_to(PACKAGE))
        for folder in QT_FREE
        for p in (PACKAGE / folder).rglob("*.py")
        if any(m.split(".")[0] in ("PySide6", "shiboken6") for m in imported_modules(p))
    ]
    assert offenders == []


def test_domain_does_not_reach_into_storage_or_ui():
    for p in (PACKAGE / "domain").rglob("*.py"):
        assert not any(
            ".storage" in m or ".ui" in m or m.startswith("sqlite") for m in imported_modules(p)
        ), p


def test_field_labels_are_the_documented_ones():
    """DOMAIN.md §2 labels are a contract with users' spreadsheets and scripts."""
    labels = {k: [f.label for f in load_ledgers()[k].fields] for k in LEDGER_KEYS}
    assert labels["cases"][:8] == [
        "案号",
        "案由",
        "当事人",
        "当事人类型",
        "证件号码",
        "执法领域",
        "案件来源",
        "程序类型",
    ]
    assert "罚款金额（元）" in labels["cases"] and "没收金额（元）" in labels["cases"]
    assert labels["appeals"][:4] == ["类型", "案号", "关联执法案号", "申请人/原告"]
    assert "负责人出庭" in labels["appeals"]
    assert labels["trainings"][:3] == ["日期", "名称", "类别"]
    assert "现场受众（人次）" in labels["publicity"] and "新媒体发文（篇）" in labels["publicity"]


UI_FEATURES = ("shell", "ledgers", "dashboard", "report", "importer", "safety")


def test_ui_is_grouped_by_feature():
    """ui/ holds feature packages, not a flat pile of modules (ARCHITECTURE.md)."""
    ui = PACKAGE / "ui"
    assert all((ui / name / "__init__.py").is_file() for name in UI_FEATURES)
    loose = sorted(p.name for p in ui.glob("*.py") if p.name not in ("__init__.py",
                                                                      "_pyside_none.py"))
    assert loose == []


def test_no_module_spells_out_the_ledger_list():
    """A register is data: the list of ledgers comes from forms/ (ledgers.ledger_keys())."""
    spelled = ('"cases", "appeals", "trainings", "publicity"', "LEDGER_KEYS = (")
    offenders = [
        str(p.relative_to(PACKAGE))
        for p in PACKAGE.rglob("*.py")
        if any(s in p.read_text(encoding="utf-8") for s in spelled)
    ]
    assert offenders == []
