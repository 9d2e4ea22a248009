"""Pydantic validation errors turned into located, helpful problems."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Annotated, Any, get_args, get_origin

from pydantic import BaseModel, ValidationError

from ..errors import Problem, suggest, suggested_key
from .yaml_reader import PathKey, YamlDocument, dotted


def schema_problems(
    exc: ValidationError | None,
    doc: YamlDocument,
    root: type[BaseModel],
    *,
    unread: Sequence[PathKey] = (),
) -> list[Problem]:
    """The located problems of ``exc``, leaving out those about values YAML could not read
    (``unread``: their own problem says what is wrong)."""
    problems: list[Problem] = []
    errors = [
        error
        for error in (exc.errors() if exc is not None else [])
        if not any(tuple(error["loc"])[: len(path)] == path for path in unread)
    ]
    # A misspelt key also makes the key it was meant to be "missing"; the suggestion for the
    # unknown key says it all, so that second problem is dropped.
    explained: set[PathKey] = set()
    for error in errors:
        if error["type"] == "extra_forbidden":
            loc = tuple(error["loc"])
            match = suggested_key(str(loc[-1]), fields_at(root, loc[:-1]))
            if match:
                explained.add((*loc[:-1], match))
    for error in errors:
        loc = tuple(error["loc"])
        kind = error["type"]
        if kind == "missing" and loc in explained:
            continue
        if kind == "extra_forbidden":
            key = str(loc[-1])
            allowed = fields_at(root, loc[:-1])
            hint = suggest(key, allowed) or (
                "; allowed keys: " + ", ".join(allowed) if allowed else ""
            )
            problems.append(
                Problem(doc.where(loc, key=True), f"unknown key '{key}'{hint}", dotted(loc[:-1]))
            )
        elif kind == "missing" and isinstance(loc[-1], int):
            # A fixed-length list such as focus: [x, y] with too few items.
            problems.append(
                Problem(
                    doc.where(loc[:-1]),
                    f"item {loc[-1] + 1} is missing; write all the values, e.g. [0.5, 0.3]",
                    dotted(loc[:-1]),
                )
            )
        elif kind == "missing":
            problems.append(
                Problem(
                    doc.where(loc[:-1]),
                    f"missing required field '{loc[-1]}'; add a line '{loc[-1]}: ...'",
                    dotted(loc[:-1]),
                )
            )
        else:
            problems.append(Problem(doc.where(loc), _message(error), dotted(loc)))
    return sorted(problems, key=problem_order)


def _message(error: Any) -> str:
    msg: str = error["msg"]
    msg = msg.removeprefix("Value error, ")
    value = error.get("input")
    kind = error["type"]
    if kind == "value_error":
        return msg  # our own validators' messages already quote the value and say what to do
    if kind in ("too_long", "string_too_long") and isinstance(value, str | list | tuple):
        limit = error.get("ctx", {}).get("max_length")
        noun = "characters" if isinstance(value, str) else "items"
        return f"is {len(value):,} {noun} long; the limit is {limit:,} — shorten or split it"
    if kind == "too_short" and isinstance(value, list | tuple):
        least = error.get("ctx", {}).get("min_length", 1)
        items = f"{least} item{'s' if least != 1 else ''}"
        return f"needs at least {items}; this list has {len(value)} — add what is missing"
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "string_pattern_mismatch" and "#" in error.get("ctx", {}).get("pattern", ""):
        return f"'{value}' is not a colour; write it as #RRGGBB, e.g. #1D4ED8"
    if kind == "string_pattern_mismatch":
        return f"'{value}' is not a valid id; use lowercase letters, digits and hyphens"
    if kind.startswith("date") and value is not None:
        return f"'{value}' is not a date; write it as YYYY-MM-DD, e.g. 2024-12-02"
    if kind == "model_type" or kind == "dict_type":
        return f"expected a mapping of keys here, got {kind_of(value)}"
    if kind == "list_type":
        return f"expected a list (lines starting with '- '), got {kind_of(value)}"
    if kind == "tuple_type":
        return f"expected a list of two numbers such as [0.5, 0.3], got {kind_of(value)}"
    if kind == "string_type":
        return _not_text(value)
    if value is None:
        return f"{msg[0].lower()}{msg[1:]}; nothing is written after the colon"
    if isinstance(value, str | int | float | bool) and len(str(value)) <= 60:
        joint = ": " if ", got " in msg else ", got "
        return f"{msg[0].lower()}{msg[1:]}{joint}{value!r}"
    return msg[0].lower() + msg[1:]


def _not_text(value: Any) -> str:
    """Explain why YAML produced something other than text where text was expected."""
    if value is None:
        return "has no value; write the text after the colon (or remove the line if optional)"
    if isinstance(value, bool):
        return (
            f"expected text, got {str(value).lower()}: YAML reads yes, no, on, off, true and "
            "false as booleans; put the value in quotes"
        )
    if isinstance(value, dt.date):
        return f"expected text, got the date {value}; put the value in quotes"
    if isinstance(value, dict) and {"text", "points"} & set(value):
        return "expected text, got a mapping: sub-points are plain text and cannot nest further"
    if isinstance(value, dict) and len(value) == 1:
        ((key, inner),) = value.items()
        if isinstance(inner, str | None):
            return (
                f"this was read as a mapping because it contains ': '; quote it: "
                f'"{key}: {inner or ""}"'
            )
    return f"expected text, got {kind_of(value)}"


def kind_of(value: Any) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, str):
        return f"the text {value[:40]!r}"
    if value is None:
        return "nothing"
    return f"the value {value!r}"


def problem_order(problem: Problem) -> tuple[int, int, str]:
    loc = problem.location
    return (loc.line if loc else 0, loc.column if loc else 0, problem.message)


def fields_at(model: type[BaseModel], loc: PathKey) -> list[str]:
    """List the keys allowed at ``loc`` by walking the model classes."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        fields = getattr(current, "model_fields", None) if isinstance(current, type) else None
        field = fields.get(part) if fields is not None else None
        if field is None:
            return []
        current = _model_in(field.annotation)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _model_in(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = _model_in(arg)
        if found is not None:
            return found
    if get_origin(annotation) is Annotated:  # pragma: no cover - get_args covers it
        return _model_in(get_args(annotation)[0])
    return None
