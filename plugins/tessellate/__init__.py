"""Tessellate: a static site engine for maths-teaching networks."""

__version__ = "0.1.0"
