"""Check any .pptx for what PowerPoint, Keynote, Google Slides or a screen reader trips on.

``doctor(path)`` reads the file with lxml (never python-pptx's writer: it changes nothing) and
returns findings, each with the slide it is on and the fix. Structural findings
(:mod:`.structure`) are the package defects applications repair, refuse or lose data over;
accessibility findings (:mod:`.accessibility`) follow PowerPoint's Accessibility Checker.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

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


def doctor(source: Path | str | bytes, *, name: str | None = None) -> list[Finding]:
    """Every structural and accessibility finding of a .pptx (a path or its bytes).

    Findings are ordered: the whole file first, then by slide. An unreadable file raises
    :class:`~recapdeck.errors.RecapdeckError`.
    """
    from .accessibility import check_accessibility
    from .package import open_package
    from .structure import check_structure

    package = open_package(Path(source) if isinstance(source, str) else source, name)
    findings = check_structure(package) + check_accessibility(package)
    return sorted(findings, key=lambda f: (f.slide or 0, f.severity != PROBLEM))


def problems(findings: list[Finding]) -> list[Finding]:
    """The findings of severity ``problem``."""
    return [f for f in findings if f.severity == PROBLEM]


__all__ = ["PROBLEM", "WARNING", "Finding", "doctor", "problems"]
