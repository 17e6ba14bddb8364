"""The 执法人员 rules other registers use (domain/officers.py, DOMAIN.md §9)."""

import datetime as dt

from lawgov_desktop.domain.ledgers import get_ledger
from lawgov_desktop.domain.officers import (
    Roster,
    certificate_valid,
    check_names,
    join_names,
    on_duty,
    split_names,
)
from lawgov_desktop.domain.validation import validate

ZHANG = {"name": "张三", "cert_issued_on": "2022-03-01", "cert_expires_on": "2025-06-30",
         "status": "在岗"}
LI = {"name": "李四", "cert_expires_on": "2027-12-31", "status": "调离",
      "status_changed_on": "2025-04-15"}
WANG = {"name": "王五", "status": "在岗"}  # no certificate yet


def test_certificate_valid_from_issue_to_expiry_inclusive():
    assert not certificate_valid(ZHANG, "2022-02-28")
    assert certificate_valid(ZHANG, "2022-03-01")
    assert certificate_valid(ZHANG, dt.date(2025, 6, 30))
    assert not certificate_valid(ZHANG, "2025-07-01")
    assert certificate_valid(LI, "2000-01-01")  # no 发证日期: valid up to the expiry
    assert not certificate_valid(WANG, "2025-01-01")


def test_on_duty_follows_status_and_its_date():
    assert on_duty(ZHANG, "2030-01-01")
    assert on_duty(LI, "2025-04-14")
    assert not on_duty(LI, "2025-04-15")
    assert on_duty({"name": "赵六"}, "2025-01-01")  # empty 状态 counts as 在岗
    assert not on_duty({"name": "钱七", "status": "退休"}, "2025-01-01")


def test_split_names_as_people_write_them():
    assert split_names("张三、李四，王五, 赵六;钱七；孙八/周九 吴十\u3000郑十一\n冯十二") == [
        "张三", "李四", "王五", "赵六", "钱七", "孙八", "周九", "吴十", "郑十一", "冯十二"]
    assert split_names("阿依古丽·买买提、张三、张三") == ["阿依古丽·买买提", "张三"]
    assert split_names(None) == [] and split_names("  ") == []
    assert join_names(["张三", " 李四 ", "", "张三"]) == "张三、李四"


def test_check_names_unknown_and_uncertified_on_the_day():
    officers = [ZHANG, LI, WANG]
    found = check_names(officers, "张三、李四、王五、陈某", "2025-08-01")
    assert found.unknown == ["陈某"]
    assert found.uncertified == ["张三", "王五"]
    assert not found.ok and len(found.messages()) == 2
    assert check_names(officers, ["张三", "李四"], "2025-01-02").ok


def test_roster_same_name_twice_is_certified_when_either_is():
    roster = Roster([ZHANG, {"name": "张三", "cert_expires_on": "2028-01-01"}])
    assert roster.certified("张三", "2026-01-01")
    assert Roster([ZHANG, LI, WANG]).on_duty_names("2025-05-01") == ["张三", "王五"]


def test_officer_form_checks_id_number_and_status_date():
    ledger = get_ledger("officers")
    bad = validate(ledger, {"name": "张三", "id_number": "110101199003071234",
                            "status": "调离"}, today=dt.date(2025, 1, 1))
    assert {p.field for p in bad.errors} == {"id_number", "status_changed_on"}
    good = validate(ledger, {"name": "张三", "id_number": "11010519491231002X",
                             "cert_expires_on": "2029-12-31"}, today=dt.date(2025, 1, 1))
    assert good.ok and not good.warnings  # an expiry ahead is normal, no warning
