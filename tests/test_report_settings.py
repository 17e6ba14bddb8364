"""The report's place settings (DOMAIN.md §13): inferred level, dependent defaults, checks."""

from __future__ import annotations

import pytest

from lawgov_desktop.cli import main
from lawgov_desktop.domain.settings import infer_admin_level, report_place
from lawgov_desktop.storage import Database


@pytest.mark.parametrize(("name", "level"), [
    ("福田区应急管理局", "区"), ("深圳市福田区城市管理和综合执法局", "区"),
    ("某某县应急管理局", "县"), ("某某市应急管理局", "市"), ("福田区市场监督管理局", "区"),
    ("某某市市场监督管理局", "市"), ("某某市市政管理处", "市"), ("应急管理局", None), ("", None),
])
def test_level_from_the_units_name(name: str, level: str | None) -> None:
    assert infer_admin_level(name) == level


def test_dependent_defaults_until_the_user_says_otherwise() -> None:
    values = {"unit_name": "福田区应急管理局"}
    place = report_place(lambda k: values.get(k, ""))
    assert (place.admin_level, place.local_authority, place.party_body, place.section_name) \
        == ("区", "区委、区政府", "党委", "法规科")
    assert place.level_inferred and place.addressee == "区委、区政府："
    values.update(admin_level="市", upper_unit="深圳市应急管理局")
    place = report_place(lambda k: values.get(k, ""))
    assert place.local_authority == "市委、市人民政府" and not place.level_inferred
    assert place.addressee == "市委、市人民政府，深圳市应急管理局："
    values.update(local_authority="区委、区政府（代管）")
    assert report_place(lambda k: values.get(k, "")).local_authority == "区委、区政府（代管）"
    assert report_place(lambda k: "").admin_level == "县"  # no name, no level: 县


def test_config_checks_and_lists_the_new_keys(capsys, data_dir) -> None:
    Database.open(data_dir).close()  # `config` sets, it does not create a ledger (issue #12)
    assert main(["config", "unit_name", "福田区应急管理局"]) == 0
    assert main(["config", "admin_level", "省"]) == 2
    assert "行政级别应为县、区、市之一" in capsys.readouterr().err
    assert main(["config", "party_body", "党组"]) == 0
    assert main(["config", "section_name", "政策法规科"]) == 0
    capsys.readouterr()
    assert main(["config"]) == 0
    listing = capsys.readouterr().out
    assert "admin_level\t\t# 行政级别（空：按单位名称推断，现为区）" in listing
    assert "local_authority\t\t# 本级党委政府称谓（空：按行政级别，现为区委、区政府）" in listing
    assert "party_body\t党组" in listing and "section_name\t政策法规科" in listing
