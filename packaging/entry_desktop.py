"""PyInstaller entry point of `lawgov-desktop` (the windowed program)."""

import sys

from lawgov_desktop.app import main

if __name__ == "__main__":
    sys.exit(main())
