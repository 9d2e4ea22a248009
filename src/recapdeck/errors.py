"""Locations in input files and the one exception type recapdeck raises for bad input."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Location:
    """A place in an input file; line and column count from 1, 0 when unknown."""

    path: Path
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        text = _display_path(self.path)
        if self.line:
            text += f":{self.line}"
            if self.column:
                text += f":{self.column}"
        return text


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input: where, which field, what to do about it."""

    location: Location | None
    message: str
    field: str = ""

    def __str__(self) -> str:
        parts = []
        if self.location is not None:
            parts.append(str(self.location))
        if self.field:
            parts.append(self.field)
        parts.append(self.message)
        return ": ".join(parts)


class RecapdeckError(Exception):
    """Bad input: one or more located problems, all reported together."""

    def __init__(self, problems: Problem | Sequence[Problem] | str) -> None:
        if isinstance(problems, str):
            problems = [Problem(None, problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


@dataclass(frozen=True)
class BuildWarning:
    """A non-fatal finding returned with a result; ``--strict`` turns it into an error."""

    location: Location | None
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.message}" if self.location else self.message

    def as_problem(self) -> Problem:
        return Problem(self.location, self.message)


def suggest(word: str, choices: Iterable[str]) -> str:
    """Return a ``" — did you mean 'x'?"`` suffix for a near miss, or an empty string."""
    match = suggested_key(word, choices)
    return f" — did you mean '{match}'?" if match else ""


def suggested_key(word: str, choices: Iterable[str]) -> str | None:
    """Return the choice closest to ``word`` when it is a likely typo of it, else None."""
    match = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return match[0] if match else None


def _display_path(path: Path) -> str:
    """Show a path relative to the working directory when it lies below it."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)
