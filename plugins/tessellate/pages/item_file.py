"""An item's page file: its Markdown is the item's body, read from the model when MkDocs asks.

Not a copy held in the file: a bank of 5,000 items would keep every body twice for the whole build."""

from __future__ import annotations

from mkdocs.structure.files import File

from ..model import Item


class ItemFile(File):
    """Made with `ItemFile.generated(config, item.source, content="")`, then given its item."""

    tessellate_item: Item

    @property
    def content_string(self) -> str:
        # The body alone: MkDocs would parse the front matter a second time.
        return "\n" + self.tessellate_item.body

    @property
    def content_bytes(self) -> bytes:
        return self.content_string.encode("utf-8")
