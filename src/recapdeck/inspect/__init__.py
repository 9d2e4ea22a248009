"""Check any .pptx for what PowerPoint, Keynote, Google Slides or a screen reader trips on.

``doctor(path)`` reads the file with lxml (never python-pptx's writer: it changes nothing) and
returns findings, each with the slide it is on and the fix. Structural findings
(:mod:`.structure`) are the package defects applications repair, refuse or lose data over;
accessibility findings (:mod:`.accessibility`) follow PowerPoint's Accessibility Checker.
"""

from __future__ import annotations

from pathlib import Path

from .accessibility import check_accessibility
from .findings import PROBLEM, WARNING, Finding
from .package import open_package
from .structure import check_structure

__all__ = ["PROBLEM", "WARNING", "Finding", "doctor"]


def doctor(source: Path | str | bytes, *, name: str | None = None) -> list[Finding]:
    """Every structural and accessibility finding of a .pptx (a path or its bytes).

    Findings are ordered: the whole file first, then by slide. An unreadable file raises
    :class:`~recapdeck.errors.RecapdeckError`.
    """

    package = open_package(Path(source) if isinstance(source, str) else source, name)
    findings = check_structure(package) + check_accessibility(package)
    return sorted(findings, key=lambda f: (f.slide or 0, f.severity != PROBLEM))


def problems(findings: list[Finding]) -> list[Finding]:
    """The findings of severity ``problem``."""
    return [f for f in findings if f.severity == PROBLEM]


__all__ = ["PROBLEM", "WARNING", "Finding", "doctor", "problems"]
