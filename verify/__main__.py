"""``python -m verify``: the same command line as the ``verify`` script."""
import sys

from .cli import main

sys.exit(main())
