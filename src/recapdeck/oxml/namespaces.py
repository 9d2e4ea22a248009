"""The XML namespaces recapdeck writes and reads besides python-pptx's own."""

from __future__ import annotations

P_NS = "http://schemas.openxmlformats.org/presentationml/2006/main"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
