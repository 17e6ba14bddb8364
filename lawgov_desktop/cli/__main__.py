"""`python -m lawgov_desktop.cli` runs the `lawgov` command."""

import sys

from . import main

sys.exit(main())
