"""The desktop program (PySide6). The only package that imports Qt."""

from ._pyside_none import pin_none

pin_none()
