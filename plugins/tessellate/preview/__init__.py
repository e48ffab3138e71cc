"""`build.py serve`: a live preview that shows drafts, future items and content problems in the browser."""

from .server import serve

__all__ = ["serve"]
