"""`python -m lawgov_desktop`: the desktop program."""

import sys

from .app import main

sys.exit(main())
