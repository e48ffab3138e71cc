"""The CPD player and live sessions: each a function of the model, no MkDocs (calendar files: occasions/)."""

from pathlib import Path

from .files import site_files
from .live import as_shown, booking_closed, going_ahead, next_session, session, upcoming, upcoming_heading
from .page import series, toc, watch
from .player import embed_address, player
from .poster import poster_path, poster_svg
from .transcript import fold_transcript

PLAYER_SCRIPT = "assets/tessellate/player.js"
PLAYER_SOURCE = Path(__file__).parent / "assets" / "player.js"
# The players the click-to-load facade opens: every page's frame-src allows them.
FRAME_HOSTS = ("www.youtube-nocookie.com", "player.vimeo.com")

__all__ = ["FRAME_HOSTS", "PLAYER_SCRIPT", "PLAYER_SOURCE", "as_shown", "booking_closed", "going_ahead", "embed_address", "fold_transcript", "next_session",
           "player", "poster_path", "poster_svg", "series", "session", "site_files", "toc", "upcoming", "upcoming_heading", "watch"]
