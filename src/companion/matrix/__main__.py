"""``python -m companion.matrix``: the upgrade matrix's command line (``command.main``)."""

import sys

from companion.matrix.command import main

sys.exit(main())
