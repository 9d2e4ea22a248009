"""``recapdeck import`` and ``recapdeck new``: draft an outline from a post, or from nothing.

Its own small pipeline: :mod:`.reading` (front matter and body) → :mod:`.markdown` (blocks) →
:mod:`.mapping` (a :class:`~.draft.Draft`) → :mod:`.yaml_out` (a commented YAML tree) →
:mod:`.yaml_writer` (text), composed in :mod:`.post`. :mod:`.scaffold` writes ``new`` decks.
"""

from __future__ import annotations

from .post import ImportResult, default_output, import_post, write_import
from .reading import Post, read_post
from .scaffold import NewDeck, new_deck

__all__ = [
    "ImportResult",
    "NewDeck",
    "Post",
    "default_output",
    "import_post",
    "new_deck",
    "read_post",
    "write_import",
]
