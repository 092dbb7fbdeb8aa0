"""``python -m desktop`` runs the command line; with no command it starts the GUI."""

import multiprocessing
import sys

from desktop.cli import main

if __name__ == "__main__":
    # PDF pages are read in worker processes; a frozen build must let them start.
    multiprocessing.freeze_support()
    sys.exit(main())
