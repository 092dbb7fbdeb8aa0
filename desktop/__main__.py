"""``python -m desktop`` runs the command line; with no command it starts the GUI."""

import sys

from desktop.cli import main

if __name__ == "__main__":
    sys.exit(main())
