"""Guard against a PySide6 6.12 reference-count bug on Python < 3.12.

When C++ calls a Python override that returns None where Qt expects a QVariant (every
`QAbstractItemModel.data()` for a role the model does not provide), PySide6 6.12 drops one
reference to None. On Python 3.11, where None is an ordinary object, its count reaches zero
after some thousands of table cells and the process aborts ("none_dealloc: deallocating None").
Python 3.12+ made None immortal, so there the drop is harmless.

The guard gives None a reference count no program can exhaust, which is what 3.12 does.
See tests/test_ui_views.py::test_returning_none_from_data_is_safe.
"""

from __future__ import annotations

import ctypes
import sys

_PINNED = False


def pin_none() -> None:
    global _PINNED
    if _PINNED or sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return
    # ob_refcnt is the first field of every object in CPython's (non-debug) object header.
    refcount = ctypes.c_ssize_t.from_address(id(None))
    refcount.value += 1 << 48
    _PINNED = True
