"""``python -m cnnviz`` does what the ``cnnviz`` command does."""
import sys

from cnnviz.cli.main import main

if __name__ == "__main__":
    sys.exit(main())
