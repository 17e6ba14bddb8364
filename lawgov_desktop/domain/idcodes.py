"""Check digits of Chinese identity codes and masking of personal data (DOMAIN.md §8)."""

from __future__ import annotations

import re

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECKS = "10X98765432"


def uscc_check_char(first17: str) -> str:
    """The 18th character of a 统一社会信用代码 (GB 32100-2015)."""
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(first17, USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def uscc_problem(code: str) -> str | None:
    """None when `code` is a valid 统一社会信用代码, else a Chinese reason."""
    code = code.strip().upper()
    if len(code) != 18:
        return f"统一社会信用代码应为18位，实为{len(code)}位"
    bad = [c for c in code if c not in USCC_ALPHABET]
    if bad:
        return f"统一社会信用代码含非法字符“{bad[0]}”（不含 I、O、Z、S、V）"
    if uscc_check_char(code[:17]) != code[17]:
        return "统一社会信用代码校验位不符，请核对"
    return None


def id_check_char(first17: str) -> str:
    """The 18th character of a 公民身份号码 (GB 11643-1999)."""
    total = sum(int(c) * w for c, w in zip(first17, ID_WEIGHTS, strict=True))
    return ID_CHECKS[total % 11]


def id_number_problem(code: str) -> str | None:
    """None when `code` is a valid 18-digit 身份证号, else a Chinese reason."""
    code = code.strip().upper()
    if not re.fullmatch(r"\d{17}[\dX]", code):
        return "身份证号应为17位数字加1位校验码（数字或X）"
    year, month, day = int(code[6:10]), int(code[10:12]), int(code[12:14])
    if not (1900 <= year <= 2100 and 1 <= month <= 12 and 1 <= day <= 31):
        return "身份证号中的出生日期无效"
    if id_check_char(code[:17]) != code[17]:
        return "身份证号校验位不符，请核对"
    return None


def mask_name(name: str) -> str:
    """张三 → 张*, 欧阳娜娜 → 欧***."""
    name = name.strip()
    return name[:1] + "*" * (len(name) - 1) if len(name) > 1 else name


def mask_id(code: str) -> str:
    """110101199003071234 → 110***********1234 (first 3 and last 4 kept)."""
    code = code.strip()
    if len(code) <= 7:
        return "*" * len(code)
    return code[:3] + "*" * (len(code) - 7) + code[-4:]
