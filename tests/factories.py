"""Valid records and identity codes for tests (money inputs in yuan)."""

from __future__ import annotations

from lawgov_desktop.domain.idcodes import id_check_char, uscc_check_char


def make_uscc(seed: str = "9142010012345678") -> str:
    body = (seed + "0" * 17)[:17]
    return body + uscc_check_char(body)


def make_id_number(birth: str = "19850307", area: str = "420102", seq: str = "123") -> str:
    body = area + birth + seq
    return body + id_check_char(body)


def case(**overrides):
    """A valid 执法案件 input (money in yuan), overridable field by field."""
    base = {
        "case_no": "示应急罚〔2024〕1号",
        "cause": "未按规定开展安全生产教育和培训",
        "party": "示例化工有限公司",
        "party_type": "单位",
        "id_number": make_uscc(),
        "filed_on": "2024-03-05",
    }
    base.update(overrides)
    return base
