"""Checking FHIR resources against R4 (4.0.1): the model library for structure, and what it
does not check itself.

The SMART on FHIR models (`fhirclient.models`, generated from the R4 4.0.1 definitions) refuse
an unknown element, a missing required element, a value of the wrong type, a list where one
value belongs and a malformed date. Two rules of R4 they leave out are checked here: a choice
element (`value[x]`) holds one of its types only, and ids have the R4 form. The terminology
bindings Equitone relies on (statuses, laterality) are checked by the importer and by
`check_status` here. Every problem is one line naming the resource and the element:
`Observation/3f2…: component[1].valueInteger: expected a whole number, found text`.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterator
from functools import cache
from typing import Any

from equitone.errors import ValidationError
from equitone.services.archive_format import quoted
from equitone.services.fhir_terms import STATUS_CODES

KNOWN_TYPES = ("Patient", "Encounter", "Observation", "QuestionnaireResponse",
               "DocumentReference", "Provenance", "CarePlan", "ServiceRequest", "Procedure",
               "ActivityDefinition", "CodeSystem", "Questionnaire")
_ID = re.compile(r"[A-Za-z0-9\-.]{1,64}")
_TYPE_WORDS = {"int": "a whole number", "float": "a number", "str": "text", "bool": "true or false",
               "dict": "an object", "list": "a list", "NoneType": "null"}


class FhirError(ValidationError):
    """The FHIR bundle cannot be imported as it is (or a resource would not be valid R4);
    nothing was written."""


def bad(where: str, problem: str) -> FhirError:
    return FhirError(f"The FHIR bundle is not valid: {where}: {problem}.")


@cache
def model(resource_type: str) -> Any:
    """The R4 model class of a resource type Equitone reads and writes (imported on first use:
    the library is only needed when a bundle is written or read)."""
    module = importlib.import_module(f"fhirclient.models.{resource_type.lower()}")
    return getattr(module, resource_type)


def _words(type_text: str) -> str:
    name = type_text.removeprefix("<class '").removesuffix("'>").rsplit(".", 1)[-1]
    return _TYPE_WORDS.get(name, name)


def _leaf(error: BaseException, path: list[str]) -> tuple[list[str], str]:
    """The first concrete problem in the library's tree of errors, and where it is."""
    nested = getattr(error, "errors", None)
    if nested:
        here = [*path, error.path] if getattr(error, "path", None) else path  # type: ignore[attr-defined]
        return _leaf(nested[0], here)
    text = str(error).strip("'\"")
    if m := re.match(r'Non-optional property "(\w+)"', text):
        return [*path, m.group(1)], "missing (a required element)"
    if m := re.match(r'Superfluous entry "(.+?)" in data for', text):
        return [*path, m.group(1)], "not an element of this FHIR R4 resource"
    if m := re.match(r"Wrong type (<class '[\w.]+'>) for (list )?property \"(\w+)\" on .*, "
                     r"expecting (?:a list of )?(<class '[\w.]+'>)", text):
        here = path if path and path[-1] == m.group(3) else [*path, m.group(3)]
        if m.group(2) or m.group(1) == "<class 'list'>":
            return here, "a list where one value belongs" if not m.group(2) \
                else f"expected a list, found {_words(m.group(1))}"
        return here, f"expected {_words(m.group(4))}, found {_words(m.group(1))}"
    if m := re.match(r"Non-dict type (<class '[\w.]+'>)", text):
        return path, f"expected an object, found {_words(m.group(1))}"
    if "does not match expected format" in text or "expecting a string" in text:
        return path, "not a valid FHIR date or time"
    return path, " ".join(text.split())[:160]


def _path_text(parts: list[str]) -> str:
    text = ""
    for part in parts:
        for piece in str(part).split("."):
            text += f"[{piece}]" if piece.isdigit() else (f".{piece}" if text else piece)
    return text


def label(resource: Any) -> str:
    """`Observation/<id>` for a resource (its type and id as far as they can be told)."""
    if not isinstance(resource, dict):
        return "a bundle entry"
    kind = resource.get("resourceType")
    rid = resource.get("id")
    kind_text = kind if isinstance(kind, str) and kind.isidentifier() and len(kind) <= 40 \
        else "resource"
    rid_text = rid if isinstance(rid, str) and _ID.fullmatch(rid) else quoted(rid)
    return f"{kind_text}/{rid_text}"


def _choices(element: Any, path: list[str], where: str) -> None:
    """R4: a choice element (value[x], effective[x], …) holds one of its types only."""
    counts: dict[str, list[str]] = {}
    for name, _js, _typ, is_list, of_many, _req in element.elementProperties():
        value = getattr(element, name, None)
        if value is None:
            continue
        if of_many is not None:
            counts.setdefault(of_many, []).append(name)
        for n, child in enumerate(value if is_list else [value]):
            if hasattr(child, "elementProperties"):
                _choices(child, [*path, f"{name}[{n}]" if is_list else name], where)
    for of_many, names in counts.items():
        if len(names) > 1:
            at = _path_text([*path, of_many + "[x]"])
            raise bad(where, f"{at}: holds {' and '.join(names)}; R4 allows one of them")


def check_resource(resource: dict[str, Any]) -> Any:
    """`resource` as valid FHIR R4 for the model library, with one value per choice
    element, an id of the R4 form and a status of its required value set. Returns its shape
    (hashable: element names, list lengths, JSON types), for callers that reuse what they
    learn of one resource for the others of its shape."""
    where = label(resource)
    rid = resource.get("id")
    if not isinstance(rid, str) or not _ID.fullmatch(rid):
        raise bad(where, "id: missing or not of the FHIR form (1-64 letters, digits, - and .)")
    shape = _check_shape(model(resource["resourceType"]), resource, where, [], "the resource")
    check_status(resource)
    return shape


def _check_shape(kind: Any, data: dict[str, Any], where: str, at: list[str],
                 what: str) -> Any:
    """`data` as the model class `kind` (a resource, or a part of the Bundle): by its shape
    when that shape was accepted before, else by the library."""
    shape = (kind, _shape(data))
    dates = _CHECKED_SHAPES.get(shape)
    if dates is not None and _dates_valid(data, dates):
        return shape
    null = _first_null(data, [])
    if null is not None:
        raise bad(where, f"{_path_text([*at, *null]) or what}: null is not allowed in FHIR "
                         "JSON (leave the element out)")
    try:
        instance = kind(data, strict=True)
    except Exception as exc:  # the library raises its own error, TypeError or ValueError
        path, problem = _leaf(exc, [])
        raise bad(where, f"{_path_text([*at, *path]) or what}: {problem}") from None
    _choices(instance, at, where)
    if len(_CHECKED_SHAPES) < 10_000:
        _CHECKED_SHAPES[shape] = tuple(_dates(instance, ()))
    return shape

_Path = tuple[str | int, ...]
_CHECKED_SHAPES: dict[Any, tuple[tuple[_Path, Any], ...]] = {}
"""Shapes of resources the model library accepted, with where their dates are.

Whether the library accepts a resource depends on its shape alone (element names, list
lengths, JSON types, contained resource types) but for its dates and times, whose text it
parses. A bundle of five years of visits holds thousands of Observations of a few shapes: each
shape is checked by the library once, and the dates of the others are parsed with the same
classes. Anything that fails goes through the library again, for its message."""


def _first_null(node: Any, path: list[str]) -> list[str] | None:
    """Where an element is null: FHIR JSON leaves absent elements out, and the model library
    would read a null as absent (so a code given as null would pass unseen)."""
    if type(node) is dict:
        for key, value in node.items():
            if value is None:
                return [*path, key]
            found = _first_null(value, [*path, key])
            if found is not None:
                return found
    elif type(node) is list:
        for n, value in enumerate(node):  # a null in a list may hold a primitive's place
            found = None if value is None else _first_null(value, [*path, str(n)])
            if found is not None:
                return found
    return None


def _shape(node: Any) -> Any:
    if type(node) is dict:
        return ("{", *[(k, v if k == "resourceType" else (
            _shape(v) if type(v) is dict or type(v) is list else type(v)))
            for k, v in node.items()])
    if type(node) is list:
        return ("[", *[_shape(v) if type(v) is dict or type(v) is list else type(v)
                       for v in node])
    return type(node)


def _dates(element: Any, path: _Path) -> Iterator[tuple[_Path, Any]]:
    """Where the element's dates and times are, and the library's class for each."""
    date_class = importlib.import_module("fhirclient.models.fhirdate").FHIRDate
    for name, js_name, _typ, is_list, _of_many, _required in element.elementProperties():
        value = getattr(element, name, None)
        if value is None:
            continue
        for n, child in enumerate(value if is_list else [value]):
            here = (*path, js_name, n) if is_list else (*path, js_name)
            if isinstance(child, date_class):
                yield here, type(child)
            elif hasattr(child, "elementProperties"):
                yield from _dates(child, here)


def _dates_valid(resource: dict[str, Any], dates: tuple[tuple[_Path, Any], ...]) -> bool:
    for path, kind in dates:
        value: Any = resource
        for step in path:
            value = value[step]
        try:
            kind(value)
        except (TypeError, ValueError):
            return False
    return True


def check_bundle_shell(bundle: dict[str, Any]) -> None:
    """The Bundle around its entries as valid R4 (the entries' resources are checked one by
    one with `check_resource`, so each problem names its own resource)."""
    entries = bundle.get("entry")
    if not isinstance(entries, list):
        _check_shape(model("Bundle"), bundle, "Bundle", [], "the bundle")
        return
    _check_shape(model("Bundle"), {k: v for k, v in bundle.items() if k != "entry"}, "Bundle",
                 [], "the bundle")
    entry_class = importlib.import_module("fhirclient.models.bundle").BundleEntry
    for n, entry in enumerate(entries):
        if not isinstance(entry, dict):
            raise bad("Bundle", f"entry[{n}]: expected an object, found "
                                f"{_words(str(type(entry)))}")
        _check_shape(entry_class, {k: v for k, v in entry.items() if k != "resource"},
                     "Bundle", ["entry", str(n)], "the bundle")

def check_status(resource: dict[str, Any]) -> None:
    allowed = STATUS_CODES.get(resource["resourceType"])
    status = resource.get("status")
    if allowed is not None and status not in allowed:
        raise bad(label(resource), f"status: {quoted(status)} is not a code of its FHIR R4 "
                                   "value set")
