"""`python -m desk_app.cli`: the same as the `desk-app` script."""

import sys

from desk_app.cli import main

sys.exit(main())
