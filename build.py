#!/usr/bin/env python3
"""Entry point: `python build.py build|check|serve`; see `python build.py --help`."""

import sys

from site_builder.cli import main

if __name__ == "__main__":
    sys.exit(main())
