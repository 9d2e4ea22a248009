"""Handout templates on a budget: a Jinja2 sandbox that stops a template before it hangs the
build or exhausts memory, and turns what it makes Python raise into a template error.

Themes travel with outlines, so a handout template may come from someone else's repository.
The sandbox already keeps it from Python's internals; this adds bounds: arithmetic that would
make huge numbers or strings is refused before it runs (``'x' * 10**10``, ``9 ** 99999``),
every value a template reads or makes is bounded in size, ``range()`` and widths are capped,
the time is checked as the template runs, and the output is collected piece by piece up to a
size. Template files must be regular files (a named pipe would hang the build) of bounded size.
"""

from __future__ import annotations

import os
import stat
import time
from collections.abc import Callable, Generator, Iterator
from typing import Any, cast, overload

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment

RENDER_SECONDS = 8.0
"""Time a handout template may take to render (a 2,000-slide handout takes under a second)."""
RENDER_CHARS = 64_000_000
"""Characters a rendered handout may hold, and any one value a template makes."""
TEMPLATE_BYTES = 2_000_000
"""Size of one handout template file or included file."""
_WIDTH_LIMIT = 10_000
"""The widest ``center``/``indent``/``wordwrap`` a template may ask for."""
_TICKS_PER_CHECK = 4_096
_PARTS_PER_CHUNK = 8_192


class BudgetExceeded(jinja2.TemplateRuntimeError):
    """A handout template went over its time or size budget."""


class BudgetedSandbox(ImmutableSandboxedEnvironment):
    """The sandbox with a budget: arithmetic that would make huge numbers or strings is
    refused before it runs, every value a template reads or makes is bounded in size, and the
    time is checked as the template runs (see :data:`RENDER_SECONDS`, :data:`RENDER_CHARS`)."""

    intercepted_binops = frozenset({"*", "**", "+", "%", "//"})
    deadline: float = float("inf")
    _ticks = 0
    on_load: Callable[[jinja2.Template], None] | None = None
    """Called with every template this environment loads (the main one, the ones it extends,
    imports and includes): see :mod:`recapdeck.render.fragments`."""

    def _load_template(
        self,
        name: str,
        globals: Any,
    ) -> jinja2.Template:
        template = super()._load_template(name, globals)
        if self.on_load is not None:
            self.on_load(template)
        return template

    def start_budget(self) -> None:
        """Start the clock for one render."""
        self.deadline = time.monotonic() + RENDER_SECONDS
        self._ticks = 0

    def tick(self) -> None:
        """Count a step of the template; past the deadline, stop it."""
        self._ticks += 1
        if self._ticks % _TICKS_PER_CHECK == 0 and time.monotonic() > self.deadline:
            raise BudgetExceeded(
                f"rendering took longer than {RENDER_SECONDS:g} s (a loop too many?)"
            )

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        """Refuse ``'x' * 10**10``, ``9 ** 99999`` and the like before computing them."""
        self.tick()
        ints = isinstance(left, int) and isinstance(right, int)
        if (
            operator == "**"
            and ints
            and abs(left) > 1
            and right > 0
            and right * max(abs(left), 2).bit_length() > 10_000
        ):
            raise BudgetExceeded(f"{left} ** {right} is too large a number")
        if operator == "*" and isinstance(left, int) and isinstance(right, str | list | tuple):
            left, right = right, left
        sequence = isinstance(left, str | list | tuple) and isinstance(right, int)
        if operator == "*" and sequence and len(left) * right > RENDER_CHARS:
            raise BudgetExceeded(
                f"repeating a value {right} times makes more than {RENDER_CHARS:,} items"
            )
        return _bounded(super().call_binop(context, operator, left, right))

    def call(self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        """Call through the sandbox, counted, with the result bounded."""
        self.tick()
        return _bounded(super().call(__context, __obj, *args, **kwargs))

    def getattr(self, obj: Any, attribute: str) -> Any:
        """Read an attribute through the sandbox, counted, the value bounded."""
        self.tick()
        return _bounded(super().getattr(obj, attribute))

    def getitem(self, obj: Any, argument: Any) -> Any:
        """Read an item through the sandbox, counted, the value bounded."""
        self.tick()
        return _bounded(super().getitem(obj, argument))


def _bounded(value: Any) -> Any:
    if isinstance(value, str | list | tuple) and len(value) > RENDER_CHARS:
        raise BudgetExceeded(f"a value of {len(value):,} items is larger than a handout may be")
    return value


class _CountedRange:
    """``range()`` for templates: at most the sandbox's 100,000 items, each step counted."""

    def __init__(self, env: BudgetedSandbox, *args: int) -> None:
        from jinja2.sandbox import safe_range

        self._env = env
        self._range = safe_range(*args)

    def __iter__(self) -> Iterator[int]:
        for item in self._range:
            self._env.tick()
            yield item

    def __len__(self) -> int:
        return len(self._range)

    def __getitem__(self, index: Any) -> Any:
        return self._range[index]

    def __contains__(self, item: object) -> bool:
        return item in self._range


@jinja2.pass_environment
def counted_range(env: BudgetedSandbox, *args: int) -> _CountedRange:
    return _CountedRange(env, *args)


def width_capped(filter_: Callable[..., Any]) -> Callable[..., Any]:
    """A width-taking filter that refuses widths no handout needs (``center(10**10)``)."""

    def capped(*args: Any, **kwargs: Any) -> Any:
        numbers = [a for a in (*args[1:], *kwargs.values()) if isinstance(a, int)]
        if any(abs(n) > _WIDTH_LIMIT for n in numbers):
            raise BudgetExceeded(f"a width over {_WIDTH_LIMIT:,} characters")
        return filter_(*args, **kwargs)

    for attribute in ("jinja_pass_arg",):
        if hasattr(filter_, attribute):
            setattr(capped, attribute, getattr(filter_, attribute))
    return capped


class ThemeFileLoader(jinja2.FileSystemLoader):
    """Templates from a theme folder: only regular files (a named pipe would hang the build)
    of a bounded size."""

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        """The template's source, after checking what kind of file it is."""
        from jinja2.loaders import split_template_path

        pieces = split_template_path(template)
        for folder in self.searchpath:
            path = os.path.join(folder, *pieces)
            try:
                st = os.stat(path)
            except OSError:
                continue
            if not stat.S_ISREG(st.st_mode):
                raise jinja2.TemplateError(
                    f"'{template}' in {folder} is not a regular file (a pipe, device or "
                    "folder); handout templates must be files"
                )
            if st.st_size > TEMPLATE_BYTES:
                raise jinja2.TemplateError(
                    f"'{template}' in {folder} is {st.st_size:,} bytes; a handout template "
                    f"may hold at most {TEMPLATE_BYTES:,}"
                )
            break
        return super().get_source(environment, template)


TEMPLATE_FAILURES = (ArithmeticError, MemoryError, RecursionError, LookupError, ValueError,
                      TypeError, AttributeError)  # fmt: skip
"""What a hostile or broken template makes Python raise, besides Jinja2's own errors."""


@overload
def render_budgeted(
    env: jinja2.Environment, template: jinja2.Template, context: Any, *, encoding: None = None
) -> str: ...


@overload
def render_budgeted(
    env: jinja2.Environment, template: jinja2.Template, context: Any, *, encoding: str
) -> bytes: ...


@overload
def render_budgeted(
    env: jinja2.Environment, template: jinja2.Template, context: Any, *, encoding: str | None
) -> str | bytes: ...


def render_budgeted(
    env: jinja2.Environment, template: jinja2.Template, context: Any, *, encoding: str | None = None
) -> str | bytes:
    """Render ``template`` piece by piece, within the time and size budget; encoded when an
    ``encoding`` is given.

    Past the budget, the error is thrown into the template where it stopped, so that Jinja2
    gives it the template's file and line. The pieces are joined (and encoded) as they come:
    a big handout is a million small strings, each with its own 50-byte header, and a single
    character beyond Latin-1 makes a whole joined text take two bytes a character, where its
    UTF-8 (mostly the base64 of its pictures) takes one.
    """
    if isinstance(env, BudgetedSandbox):
        env.start_budget()
    chunks: list[Any] = []
    parts: list[str] = []
    size = 0
    pieces = cast(Generator[str, None, None], template.generate(context))
    for part in pieces:
        size += len(part)
        if size > RENDER_CHARS:
            pieces.throw(BudgetExceeded(f"the handout grew past {RENDER_CHARS:,} characters"))
        if isinstance(env, BudgetedSandbox):
            env.tick()
        parts.append(part)
        if len(parts) == _PARTS_PER_CHUNK:
            chunks.append(_join(parts, encoding))
            parts.clear()
    chunks.append(_join(parts, encoding))
    return "".join(chunks) if encoding is None else b"".join(chunks)


def _join(parts: list[str], encoding: str | None) -> str | bytes:
    text = "".join(parts)
    return text if encoding is None else text.encode(encoding)


def failure_message(exc: BaseException) -> str:
    """Say what a Python error raised while rendering means for the template's author."""
    if isinstance(exc, RecursionError):
        return "a macro or include calls itself without end"
    if isinstance(exc, MemoryError):
        return "it makes a value too large for memory"
    if isinstance(exc, OverflowError):
        return f"a number or range is too large ({exc})"
    text = str(exc)
    return f"{type(exc).__name__}: {text[:200]}" if text else type(exc).__name__
