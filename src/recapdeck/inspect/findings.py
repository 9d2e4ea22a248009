"""A finding of the checks: where, what, who trips on it and how to fix it."""

from __future__ import annotations

from dataclasses import dataclass

PROBLEM = "problem"
WARNING = "warning"


@dataclass(frozen=True)
class Finding:
    """One thing wrong with a deck: where, what, who trips on it and how to fix it."""

    severity: str
    """``problem`` (an application repairs, refuses or loses something; a checker error) or
    ``warning`` (worth fixing; nothing breaks)."""
    rule: str
    """A short stable name: ``missing-title``, ``notes-master-unlisted``, ``low-contrast``..."""
    message: str
    fix: str
    slide: int | None = None
    """The slide's number (1-based, in show order), None for the whole file."""
    part: str = ""
    """The package part the finding is about, e.g. ``ppt/slides/slide3.xml``."""

    def __str__(self) -> str:
        return f"{self.severity}: {self.describe()}"

    def describe(self) -> str:
        """Where, what and the fix, without the severity."""
        where = f"slide {self.slide}" if self.slide is not None else "deck"
        return f"{where}: {self.message}; fix: {self.fix}"
