"""`python -m rasd.cli`: the `rasd` command."""

import sys

from rasd.cli import main

sys.exit(main())
