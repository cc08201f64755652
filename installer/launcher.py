"""Entry script of the PyInstaller bundle: the same `main` as the `equitone` console script."""

import sys

from equitone.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
