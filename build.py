#!/usr/bin/env python3
"""Tessellate's command line: `python build.py build|check|serve [-f mkdocs.yml] [-d site_dir]`."""

import sys

from tessellate.cli import main

if __name__ == "__main__":
    sys.exit(main())
