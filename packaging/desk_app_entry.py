"""What the bundled executables run: the `desk-app` command line (the board by default)."""

import sys

from desk_app.cli import main

if __name__ == "__main__":
    sys.exit(main())
