"""Run the command line as `python -m plansite`."""

import sys

from plansite.cli import main

sys.exit(main())
