"""argparse's own words in Chinese (trial s4, F5.1): "usage:", "options:", "show this help
message and exit" and the error messages. argparse looks its strings up through the module's
gettext `_` at call time; no Chinese catalogue ships with Python, so `install()` points `_`
at this table (messages it does not know stay as they are)."""

from __future__ import annotations

import argparse
from collections.abc import Callable

ZH = {
    "usage: ": "用法：",
    "positional arguments": "位置参数",
    "options": "选项",
    "optional arguments": "选项",  # Python < 3.10
    "show this help message and exit": "显示本帮助并退出",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "invalid choice: %(value)r (choose from %(choices)s)":
        "无效的选项 %(value)r（可选：%(choices)s）",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "expected one argument": "需要一个值",
    "expected at least one argument": "至少需要一个值",
    "expected at most one argument": "最多只能有一个值",
    "invalid %(type)s value: %(value)r": "无效的值：%(value)r",
    "ambiguous option: %(option)s could match %(matches)s":
        "选项 %(option)s 不明确，可能是：%(matches)s",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "one of the arguments %s is required": "需要以下参数之一：%s",
    "ignored explicit argument %r": "忽略了多余的值 %r",
    "unknown parser %(parser_name)r (choices: %(choices)s)":
        "未知的命令 %(parser_name)r（可用：%(choices)s）",
    "can't open '%(filename)s': %(error)s": "无法打开“%(filename)s”：%(error)s",
}
_PLURAL = {"expected %s argument": "需要 %s 个值", "expected %s arguments": "需要 %s 个值"}


def _translate(message: str) -> str:
    return ZH.get(message, message)


def _ntranslate(singular: str, plural: str, n: int) -> str:
    text = singular if n == 1 else plural
    return _PLURAL.get(text, text)


def install() -> None:
    """Chinese argparse messages for this process (the `lawgov` command's own)."""
    module: object = argparse
    translate: Callable[[str], str] = _translate
    module._ = translate  # type: ignore[attr-defined]
    module.ngettext = _ntranslate  # type: ignore[attr-defined]
