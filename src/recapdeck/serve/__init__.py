"""``recapdeck serve``: a local page showing the deck as slide images, live as the outline changes.

:mod:`.session` keeps one build context and one LibreOffice for the session and re-renders
only the slides whose content key changed (:mod:`recapdeck.oxml.slides`); :mod:`.store` holds
their images; :mod:`.view` is what the page shows, as plain data; :mod:`.app` is the web
server (Starlette and uvicorn, server-sent events) and :mod:`.watch` the file watcher.
"""

from __future__ import annotations
