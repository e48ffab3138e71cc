"""Full-text search: Pagefind indexes each published item and page, the header's search box asks it.

Pagefind splits its index into chunks and a browser fetches only those a query needs, where
Material's search downloads the whole index before its first result (benchmarks/search_engines.py
measured both). Material's search plugin, if a network still lists it, is switched off."""

from pathlib import Path

from .header import take_search_slot
from .pages import SearchPages, excluded, is_written_page
from .records import item_record, page_record
from .site import index_site
from .write import INDEX_FOLDER, SearchError, Stopped, write_index

SCRIPT = "assets/tessellate/search.js"
SCRIPT_SOURCE = Path(__file__).parent / "assets" / "search.js"

__all__ = ["INDEX_FOLDER", "SCRIPT", "SCRIPT_SOURCE", "SearchError", "SearchPages", "Stopped", "excluded",
           "index_site", "is_written_page", "item_record", "page_record", "take_search_slot", "write_index"]
