"""`python -m simulator.cli`: the same as the `cockpit-sim` script."""

import sys

from simulator.cli.main import main

sys.exit(main())
