"""The patient archive file: reading it safely and checking it against its JSON Schema.

Every way a file can be wrong (not UTF-8, not JSON, truncated, nested too deep, NaN, a newer
format, a value of the wrong type or out of range) becomes an `ArchiveError` whose message is
one line naming the place in the file (`assessments[2].tags[0].tightness`) and the problem.
The schema (resources/archive/) is the one shipped for other programs; docs/archive-format.md
describes the format in words.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

from equitone.errors import NotFoundError, ValidationError
from equitone.resources_access import read_text
from equitone.storage.files import FileProblemError, read_bounded

FORMAT = "equitone-patient-archive"
FORMAT_VERSION = 4
"""What this version writes. Version 4 (migration 0009) added each custom exercise's picture;
version 3 (migration 0008) the visit notes, the patient's response per block and the next-day
reports; version 2 (migration 0006) several states per muscle side, named length tests and the
neurological mark. Versions 1, 2 and 3 are still read."""
READ_VERSIONS = (1, 2, 3, 4)
MAX_BYTES = 64 * 1024 * 1024  # a decade of weekly visits is a few MB
_SHOWN = 60  # characters of a bad value quoted in a message


class ArchiveError(ValidationError):
    """The archive cannot be imported as it is; nothing was written."""


def quoted(value: Any) -> str:
    """A bad value, quoted safely on one line whatever it contains."""
    try:
        text = json.dumps(value, ensure_ascii=True)
    except (TypeError, ValueError):
        text = ascii(value)
    return text if len(text) <= _SHOWN else text[: _SHOWN - 1] + "…"


def where(path: Iterable[Any]) -> str:
    """`assessments[2].tags[0].tightness` for a JSON path."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            shown = str(part)
            if not shown.isprintable() or len(shown) > 40:
                shown = quoted(shown)
            text += f".{shown}" if text else shown
    return text or "the archive"


def read_archive_bytes(path: Path) -> bytes:
    """The archive's bytes: a regular file only, never more than MAX_BYTES read (a device or
    a pipe is refused at once, storage/files.py)."""
    try:
        return read_bounded(path, MAX_BYTES)
    except FileNotFoundError:
        raise NotFoundError(f"The archive {path} does not exist.") from None
    except FileProblemError as problem:
        raise ArchiveError(f"The archive {path} cannot be read: {problem}.") from None


def decode_json(data: bytes, noun: str = "The archive") -> Any:
    """Bytes of a JSON file (an archive, a FHIR bundle) to its value, or an ArchiveError
    whose one line starts with `noun`: not UTF-8, not JSON, truncated, NaN, nested too deep."""

    def no_constants(name: str) -> Any:
        raise ArchiveError(f"{noun} is not valid JSON: it contains {name}.")

    if not data.strip():
        raise ArchiveError(f"{noun} is empty.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ArchiveError(
            f"{noun} is not UTF-8 text (bad byte at position {exc.start})."
        ) from None
    try:
        return json.loads(text, parse_constant=no_constants)
    except json.JSONDecodeError as exc:
        problem = "it ends too early (truncated?)" if exc.pos >= len(text.rstrip()) else exc.msg
        raise ArchiveError(
            f"{noun} is not valid JSON: {problem} at line {exc.lineno} column {exc.colno}."
        ) from None
    except RecursionError:
        raise ArchiveError(f"{noun} is not valid: it is nested too deeply.") from None


def parse_archive(data: bytes) -> dict[str, Any]:
    """Bytes to the archive's top-level object, or an ArchiveError."""
    document = decode_json(data)
    if not isinstance(document, dict):
        raise ArchiveError("The archive is not valid: the file must hold one JSON object.")
    if document.get("format") != FORMAT:
        raise ArchiveError(
            "This file is not an Equitone patient archive (no \"format\": "
            f"\"{FORMAT}\")."
        )
    version = document.get("format_version")
    if isinstance(version, int) and not isinstance(version, bool) and version > FORMAT_VERSION:
        raise ArchiveError(
            f"The archive was written by a newer Equitone (format version {version}); this "
            f"version reads format versions up to {FORMAT_VERSION}. Please update Equitone."
        )
    return document


@cache
def schema(version: int = FORMAT_VERSION) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(
        read_text("archive", f"patient-archive-{version}.schema.json"))
    return loaded


@cache
def _validator(version: int) -> Any:
    # Imported here: jsonschema is only needed when an archive is read.
    from jsonschema import Draft202012Validator
    from jsonschema.validators import extend

    # JSON Schema counts 3.0 as an integer; a clinical archive should not.
    checker = Draft202012Validator.TYPE_CHECKER.redefine(
        "integer", lambda _checker, value: isinstance(value, int) and not isinstance(value, bool)
    )
    strict = extend(Draft202012Validator, type_checker=checker,
                    validators={"properties": _remembering_properties,
                                "$ref": _looked_up_once(Draft202012Validator.VALIDATORS["$ref"])})
    return strict(schema(version))


def _resolver(validator: Any) -> Any:
    """The reference resolver `validator` works with (jsonschema 4.18+ keeps it here), or None.

    The archive schemas have one `$id`, at their root, and refer only inside themselves
    (`#/$defs/…`; tested), so every part of them is resolved against that one resolver:
    handing it down spares jsonschema working it out again for each value."""
    return getattr(validator, "_resolver", None)


def _looked_up_once(standard: Any) -> Any:
    """JSON Schema's `$ref`, each of the schema's own targets looked up once: jsonschema looks
    a target up each time, and a five-year record refers to its tag definition 13,000 times."""
    targets: dict[str, Any] = {}

    def ref(validator: Any, ref: Any, instance: Any, schema_: Any) -> Any:
        resolver = _resolver(validator)
        if resolver is None or not isinstance(ref, str) or not ref.startswith("#"):
            yield from standard(validator, ref, instance, schema_)
            return
        target = targets.get(ref)
        if target is None:
            target = targets[ref] = resolver.lookup(ref)
        yield from validator.descend(instance, target.contents, resolver=target.resolver)

    return ref


_VALID_VALUES: dict[tuple[int, object], None] = {}
"""(id of a subschema, a value frozen with its types) of small values already found valid under
that subschema. A five-year record repeats the same few values (grades, scores, sides, a tag's
list of states) tens of thousands of times; whether one is valid depends on nothing else, so
it is checked once. Invalid values are never remembered: their errors are found, and
described, as before."""

_SCALARS = frozenset({type(None), bool, int, float})


def _frozen(value: Any, depth: int = 0) -> object | None:
    """`value` as a hashable key that tells apart what JSON Schema tells apart (True and 1,
    1 and 1.0), when it is small: a scalar, a short text, or a few of them in a short list or
    object, two levels deep at most. None for anything larger (checked as usual)."""
    kind = type(value)
    if kind in _SCALARS or (kind is str and len(value) <= 64):
        return kind, value
    if depth < 2 and kind is list and len(value) <= 8:
        items = tuple(_frozen(v, depth + 1) for v in value)
        return None if None in items else ("[", items)
    if depth < 2 and kind is dict and len(value) <= 8:
        pairs = tuple((k, _frozen(v, depth + 1)) for k, v in value.items())
        return None if any(f is None for _k, f in pairs) else ("{", pairs)
    return None


def _remembering_properties(validator: Any, properties: Any, instance: Any,
                            schema_: Any) -> Any:
    """JSON Schema's `properties`, skipping the values already found valid."""
    if not validator.is_type(instance, "object"):
        return
    for name, subschema in properties.items():
        if name not in instance:
            continue
        value = instance[name]
        frozen = _frozen(value)
        key = None if frozen is None else (id(subschema), frozen)
        if key is not None and key in _VALID_VALUES:
            continue
        errors = list(validator.descend(value, subschema, path=name, schema_path=name,
                                        resolver=_resolver(validator)))
        if errors:
            yield from errors
        elif key is not None and len(_VALID_VALUES) < 50_000:
            _VALID_VALUES[key] = None


def format_version(document: dict[str, Any]) -> int:
    """The version `document` says it is in, when this version reads it (else the newest,
    whose schema then says what is wrong)."""
    version = document.get("format_version")
    if isinstance(version, int) and not isinstance(version, bool) and version in READ_VERSIONS:
        return version
    return FORMAT_VERSION


def _describe(error: Any) -> str:
    kind, value, expected = error.validator, error.instance, error.validator_value
    if kind == "type":
        names = expected if isinstance(expected, list) else [expected]
        return f"expected {' or '.join(names)}, found {_json_type(value)} {quoted(value)}"
    if kind == "required":
        missing = [k for k in expected if isinstance(value, dict) and k not in value]
        return f"missing {quoted(missing[0]) if missing else 'a required field'}"
    if kind == "additionalProperties":
        extra = sorted(k for k in value if k not in error.schema.get("properties", {}))
        return f"unexpected field {quoted(extra[0]) if extra else ''}".rstrip()
    if kind in ("enum", "const"):
        allowed = expected if kind == "enum" else [expected]
        return f"{quoted(value)} is not one of {', '.join(quoted(a) for a in allowed)}"
    if kind in ("maximum", "minimum"):
        word = "at most" if kind == "maximum" else "at least"
        return f"{quoted(value)} is out of range (must be {word} {expected})"
    if kind == "maxLength":
        return f"text longer than {expected} characters"
    if kind == "minLength":
        return "must not be empty"
    if kind in ("maxItems", "minItems"):
        word = "at most" if kind == "maxItems" else "at least"
        return f"a list of {len(value)} item(s) (must have {word} {expected})"
    if kind == "pattern":
        return f"{quoted(value)} is not in the expected form"
    if kind == "anyOf":  # "X or null": say what is wrong with it as an X
        as_value = [e for e in error.context or ()
                    if not (e.validator == "type" and e.validator_value == "null")]
        if as_value:
            return _describe(as_value[0])
        return f"{quoted(value)} is neither null nor a valid value"
    return " ".join(str(error.message).split())[:200]


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object" if isinstance(value, dict) else type(value).__name__


def validate_schema(document: dict[str, Any]) -> None:
    from jsonschema.exceptions import best_match

    error = best_match(_validator(format_version(document)).iter_errors(document))
    if error is not None:
        raise ArchiveError(
            f"The archive is not valid: {where(error.absolute_path)}: {_describe(error)}."
        )


def write_private(path: Path, data: bytes) -> None:
    """Write `data` to `path` readable by the owner only (0600), atomically: a crash leaves
    either the old file or the complete new one."""
    if not path.parent.is_dir():
        raise ValidationError(f"The folder {path.parent} does not exist.")
    if path.is_dir():
        raise ValidationError(f"{path} is a folder; give a file name.")
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            os.fchmod(fd, 0o600)  # whatever the umask
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
            os.fsync(fd)
        finally:
            os.close(fd)
        temporary.replace(path)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise ValidationError(f"Cannot write {path} ({exc.strerror or exc}).") from None
