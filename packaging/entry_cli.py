"""PyInstaller entry point of `lawgov` (the console command)."""

import sys

from lawgov_desktop.cli import main

if __name__ == "__main__":
    sys.exit(main())
