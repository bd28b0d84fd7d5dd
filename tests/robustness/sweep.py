"""What the bad input sweep sends: the operations of the project's own OpenAPI schema, the
places a value can go in each (path, query, header, JSON body fields at any depth, multipart
form fields), and the bad values of each kind for each place.

Nothing here touches the database: the module is read at collection time to parametrize the
tests. Valid values (ids of rows, a usable address) come from the test's data set through
`Valid`."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import Any
from urllib.parse import quote, urlencode

METHODS = ("get", "post", "put", "patch", "delete")

WRONG_TYPE = "wrong type"
HUGE = "huge string"
DEEP = "deep nesting"
SQL = "SQL metacharacters"
NUL = "NUL byte"
SURROGATE = "unpaired surrogate"
KINDS = (WRONG_TYPE, HUGE, DEEP, SQL, NUL, SURROGATE)

MEGABYTE = 1024 * 1024
DEPTH = 10_000
SQL_VALUES = ("' OR 1=1 --", '"; DROP TABLE movie; --', "%", "_", "\\")


@dataclass(frozen=True)
class Raw:
    """JSON text sent as it is (a value json.dumps cannot produce, e.g. 10,000 levels)."""

    text: str
    label: str


@dataclass(frozen=True)
class Bad:
    label: str  # what the report shows, e.g. "object" or "1 MB of x"
    value: Any  # the Python value (or Raw) for JSON, the text for anything else


def nested_array(depth: int) -> Raw:
    return Raw("[" * depth + "]" * depth, f"{depth:,} nested arrays")


def nested_object(depth: int) -> Raw:
    return Raw('{"a":' * depth + "1" + "}" * depth, f"{depth:,} nested objects")


DEEP_ARRAY = nested_array(DEPTH)
DEEP_OBJECT = nested_object(DEPTH)
# Below Python's recursion limit, so json.loads accepts them: 311 to 985 levels were a
# RecursionError (500) in whatever walked the parsed data next (issue 13 item 14).
MEDIUM_DEEP = [shape(depth) for depth in (311, 985) for shape in (nested_array, nested_object)]
HUGE_TEXT = Bad("1 MB of x", "x" * MEGABYTE)
HUGE_DIGITS = Bad("1 MB of digits", "9" * MEGABYTE)
HUGE_NUMBER = Bad("1 MB number literal", Raw("9" * MEGABYTE, "1 MB number literal"))
# JSON bodies stop at 100 kB (413), so these reach the fields: a string far over any column's
# length, and more digits than Python's int() converts (4,300).
LONG_TEXT = Bad("64 kB of x", "x" * 64 * 1024)
LONG_DIGITS = Bad("5,000 digits", "9" * 5000)
LONG_NUMBER = Bad("5,000 digit number literal", Raw("9" * 5000, "5,000 digit number literal"))

# Digits other than ASCII's, which int(), float() and Decimal() read as numbers: numbers are
# ASCII digits only, as in path ids (docs/security.md "Numbers").
NON_ASCII_DIGITS = [
    Bad("Arabic-Indic three", "\u0663"),
    Bad("fullwidth three", "\uff13"),
    Bad("Devanagari seven", "\u096d"),
]
NON_ASCII_FRACTIONS = [Bad("Arabic-Indic 3.5", "\u0663.\u0665"), Bad("fullwidth 1.5", "\uff11.5")]
UNDERSCORED = [Bad("underscored digits", "1_0")]

# JSON values of another type than the schema's, by the schema's type.
WRONG_JSON = {
    "string": [Bad("number", 12345), Bad("boolean", True), Bad("object", {"a": "b"})]
    + [Bad("array", ["a"])],
    "integer": [Bad("text", "abc"), Bad("fraction", 1.5), Bad("boolean", True)]
    + [Bad("object", {"a": 1}), Bad("array", [1]), Bad("superscript two", "²")]
    + NON_ASCII_DIGITS
    + UNDERSCORED,
    "number": [Bad("text", "abc"), Bad("boolean", True), Bad("object", {"a": 1})]
    + [Bad("array", [1])]
    + NON_ASCII_DIGITS
    + NON_ASCII_FRACTIONS
    + UNDERSCORED,
    "boolean": [Bad("text", "abc"), Bad("integer", 2), Bad("object", {"a": True})]
    + [Bad("array", [True])],
    "array": [Bad("text", "abc"), Bad("number", 1), Bad("object", {"a": 1})],
    "object": [Bad("text", "abc"), Bad("number", 1), Bad("array", ["a"])],
}
# Query and path values are text: these stand for a number, a list and an object where a
# word, a number, a date or a flag is expected.
WRONG_TEXT = [
    Bad("text", "abc"),
    Bad("JSON array", "[1]"),
    Bad("JSON object", '{"a":1}'),
    *NON_ASCII_DIGITS,
    *NON_ASCII_FRACTIONS,
    *UNDERSCORED,
]
WRONG_PATH_INTEGER = [
    Bad("text", "abc"),
    Bad("fraction", "1.5"),
    Bad("superscript two", "²"),
    *NON_ASCII_DIGITS,
    *UNDERSCORED,
]


@dataclass(frozen=True)
class Place:
    """Where a bad value goes: ("path", "id"), ("query", "page"), ("header", "Last-Event-ID"),
    ("body", ("address", "cityName")) (a JSON body field; ints index arrays, () is the whole
    body) or ("form", "file")."""

    location: str
    name: str | tuple
    schema: dict = field(compare=False, hash=False)
    required: bool = field(default=False, compare=False, hash=False)

    @property
    def label(self) -> str:
        if self.location == "body":
            return "body" + "".join(
                f"[{part}]" if isinstance(part, int) else f".{part}" for part in self.name
            )
        return f"{self.location} {self.name}"

    @property
    def type(self) -> str | None:
        return self.schema.get("type")


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    params: tuple[Place, ...]
    body_schema: dict | None  # the JSON body's resolved schema
    multipart: dict | None  # the multipart body's resolved schema

    @property
    def key(self) -> str:
        return f"{self.method} {self.path}"

    def places(self) -> list[Place]:
        places = list(self.params)
        if self.body_schema is not None:
            places.append(Place("body", (), self.body_schema, required=True))
            places.extend(_body_places(self.body_schema, ()))
        if self.multipart is not None:
            for name, schema in self.multipart.get("properties", {}).items():
                places.append(Place("form", name, schema))
        return places


@cache
def schema() -> dict:
    from drf_spectacular.generators import SchemaGenerator

    return SchemaGenerator().get_schema(request=None, public=True)


def resolve(node: dict) -> dict:
    """The schema a node stands for: $ref followed, a single allOf unwrapped (with the
    node's own keys, e.g. nullable, kept)."""
    components = schema()["components"]["schemas"]
    while True:
        if "$ref" in node:
            node = components[node["$ref"].rsplit("/", 1)[-1]]
        elif "allOf" in node and len(node["allOf"]) == 1:
            own = {k: v for k, v in node.items() if k != "allOf"}
            node = {**resolve(node["allOf"][0]), **own}
        else:
            return node


def _body_places(node: dict, prefix: tuple) -> Iterator[Place]:
    node = resolve(node)
    if node.get("type") == "array":
        item = resolve(node.get("items", {}))
        if item.get("type") == "object":
            yield from _body_places(item, (*prefix, 0))
        return
    required = set(node.get("required", ()))
    for name, child in node.get("properties", {}).items():
        child = resolve(child)
        if child.get("readOnly"):
            continue
        yield Place("body", (*prefix, name), child, required=name in required)
        if child.get("type") in ("object", "array"):
            yield from _body_places(child, (*prefix, name))


@cache
def operations() -> tuple[Operation, ...]:
    found = []
    for path, item in schema()["paths"].items():
        for method, spec in item.items():
            if method not in METHODS:
                continue
            params = tuple(
                Place(p["in"], p["name"], resolve(p.get("schema", {})), p.get("required", False))
                for p in spec.get("parameters", [])
                if p["in"] in ("path", "query", "header")
            )
            content = spec.get("requestBody", {}).get("content", {})
            body = content.get("application/json")
            form = content.get("multipart/form-data")
            found.append(
                Operation(
                    method=method.upper(),
                    path=path,
                    params=params,
                    body_schema=resolve(body["schema"]) if body else None,
                    multipart=resolve(form["schema"]) if form else None,
                )
            )
    return tuple(found)


# Bad values ------------------------------------------------------------------------------


def bad_values(place: Place, kind: str) -> list[Bad]:
    """The bad values of `kind` for `place` (empty when the kind does not apply there)."""
    location, type_ = place.location, place.type
    if location == "body":
        return _bad_json(place, kind)
    if kind == WRONG_TYPE:
        if location == "path":
            return WRONG_PATH_INTEGER if type_ == "integer" else []
        if location == "query":
            return [*WRONG_TEXT, Bad("repeated", ["1", "2"])]
        return [*WRONG_TEXT, Bad("superscript two", "²")]
    if kind == HUGE:
        return [HUGE_TEXT] if location == "form" else [HUGE_TEXT, HUGE_DIGITS]
    if kind == DEEP:
        if location in ("query", "form"):
            return [Bad(raw.label, raw.text) for raw in (DEEP_ARRAY, DEEP_OBJECT, *MEDIUM_DEEP)]
        if location == "path":
            return [Bad(DEEP_ARRAY.label, DEEP_ARRAY.text)]
        return []  # a header of 20 kB of brackets is a wrong type already swept
    if kind == SQL:
        return [Bad(repr(value), value) for value in SQL_VALUES]
    if kind == NUL:
        # Servers refuse NUL in header values before any application sees them.
        return [] if location == "header" else [Bad("NUL", "a\x00b")]
    if kind == SURROGATE:
        return []  # only JSON can escape half a UTF-16 pair; a URL's bytes are decoded
    raise ValueError(kind)


def _bad_json(place: Place, kind: str) -> list[Bad]:
    type_ = place.type
    if place.name == ():  # the whole body
        if kind == WRONG_TYPE:
            if type_ == "array":
                return [
                    Bad("object body", {"a": 1}),
                    Bad("text body", "abc"),
                    Bad("null body", None),
                ]
            return [
                Bad("array body", [{"a": 1}]),
                Bad("text body", "abc"),
                Bad("number body", 1),
                Bad("null body", None),
            ]
        if kind == DEEP:
            return [Bad(raw.label, raw) for raw in (DEEP_ARRAY, DEEP_OBJECT, *MEDIUM_DEEP)]
        return []
    if kind == WRONG_TYPE:
        values = list(WRONG_JSON.get(type_, []))
        if not place.schema.get("nullable"):
            values.append(Bad("null", None))
        return values
    if kind == HUGE:
        if type_ in ("integer", "number"):
            return [HUGE_TEXT, HUGE_DIGITS, HUGE_NUMBER, LONG_DIGITS, LONG_NUMBER]
        return [HUGE_TEXT, LONG_TEXT]
    if kind == DEEP:
        # The parser refuses the nesting before any field is read: which field holds it
        # changes nothing, so it is sent as the whole body, in both shapes (above).
        return []
    if kind == SQL:
        # %, _ and \ are LIKE metacharacters: they matter in text; in a number, a date or a
        # list any text is the same wrong type, so the two injections stand for all five.
        values = (
            SQL_VALUES if type_ == "string" and "format" not in place.schema else SQL_VALUES[:2]
        )
        return [Bad(repr(value), value) for value in values]
    if kind == NUL:
        return [Bad("NUL", "a\x00b")]
    if kind == SURROGATE:
        return [Bad("\\ud800", "a\ud800b")]
    raise ValueError(kind)


def applies(operation: Operation, kind: str) -> bool:
    return any(bad_values(place, kind) for place in operation.places())


# Valid values and requests ------------------------------------------------------------------

TYPE_DEFAULTS = {
    "string": "Sweep text",
    "integer": 1,
    "number": 1.5,
    "boolean": True,
}
FORMAT_DEFAULTS = {"date": "2020-01-02", "date-time": "2020-01-02T10:00:00Z"}


@dataclass
class Valid:
    """Valid values for the test's data set: path parameters by resource and name, body
    fields by dotted path (most specific first) or by name, per operation where two routes
    need different values for one name."""

    path: Callable[[str, str, str], str]  # (operation key, path, parameter name) → value
    by_name: dict[str, Any]
    by_operation: dict[tuple[str, str], Any]
    upload: Callable[[], dict]  # a valid multipart body
    query: dict[str, str] = field(default_factory=dict)  # query values the base request sends

    def field(self, operation: Operation, name: tuple, node: dict) -> Any:
        dotted = ".".join(str(part) for part in name)
        for key in ((operation.key, dotted), (operation.key, str(name[-1]))):
            if key in self.by_operation:
                return self.by_operation[key]
        for key in (dotted, str(name[-1])):
            if key in self.by_name:
                return self.by_name[key]
        return self.build(operation, name, node)

    def known(self, operation: Operation, name: tuple) -> bool:
        dotted = ".".join(str(part) for part in name)
        return (
            (operation.key, dotted) in self.by_operation
            or (operation.key, str(name[-1])) in self.by_operation
            or dotted in self.by_name
            or str(name[-1]) in self.by_name
        )

    def build(self, operation: Operation, prefix: tuple, node: dict) -> Any:
        """A valid value from the schema: an object gets its required properties and those
        this class knows a value for; an array one such item."""
        node = resolve(node)
        type_ = node.get("type")
        if type_ == "object":
            required = set(node.get("required", ()))
            return {
                name: self.field(operation, (*prefix, name), child)
                for name, child in node.get("properties", {}).items()
                if name in required or self.known(operation, (*prefix, name))
            }
        if type_ == "array":
            item = resolve(node.get("items", {}))
            return [self.build(operation, (*prefix, 0), item)] if item.get("type") else []
        if "format" in node and node["format"] in FORMAT_DEFAULTS:
            return FORMAT_DEFAULTS[node["format"]]
        if "enum" in node:
            return node["enum"][0]
        return TYPE_DEFAULTS.get(type_, "Sweep text")


@dataclass
class Request:
    method: str
    path: str  # with its query string
    body: str | None = None  # JSON text
    form: dict | None = None  # multipart fields
    headers: dict = field(default_factory=dict)

    def send(self, client):
        kwargs = {"headers": self.headers} if self.headers else {}
        if self.form is not None:
            return client.generic(
                self.method,
                self.path,
                _multipart(self.form),
                content_type=f"multipart/form-data; boundary={BOUNDARY}",
                **kwargs,
            )
        if self.body is not None:
            return client.generic(
                self.method, self.path, self.body, content_type="application/json", **kwargs
            )
        return client.generic(self.method, self.path, **kwargs)


BOUNDARY = "SweepBoundary"


def _multipart(form: dict) -> bytes:
    from django.test.client import encode_multipart

    return encode_multipart(BOUNDARY, form)


def to_json(value: Any) -> str:
    """json.dumps, with Raw values spliced in as they are."""
    raws: list[Raw] = []

    def mark(node):
        if isinstance(node, Raw):
            raws.append(node)
            return f"\x01raw{len(raws) - 1}\x01"
        if isinstance(node, dict):
            return {k: mark(v) for k, v in node.items()}
        if isinstance(node, list):
            return [mark(v) for v in node]
        return node

    text = json.dumps(mark(value))
    for index, raw in enumerate(raws):
        text = text.replace(json.dumps(f"\x01raw{index}\x01"), raw.text)
    return text


def schema_at(root: dict, name: tuple) -> dict:
    node = resolve(root)
    for part in name:
        node = resolve(node["items"] if isinstance(part, int) else node["properties"][part])
    return node


def with_value(
    operation: Operation, valid: Valid, body: Any, name: tuple, value: Any, prefix: tuple = ()
) -> Any:
    """A copy of `body` with the field at `name` set to `value` (() replaces the body); the
    objects and arrays on the way get valid values when the base body has none."""
    if not name:
        return value
    head, rest = name[0], name[1:]
    here = (*prefix, head)
    copy = list(body) if isinstance(body, list) else dict(body)
    if isinstance(copy, list):
        present = head < len(copy)
    else:
        present = head in copy
    current = copy[head] if present else None
    if rest and not isinstance(current, dict | list):
        current = valid.field(operation, here, schema_at(operation.body_schema, here))
        if isinstance(rest[0], int) and not current:
            current = [
                valid.build(operation, (*here, 0), schema_at(operation.body_schema, (*here, 0)))
            ]
    new = with_value(operation, valid, current, rest, value, here) if rest else value
    if isinstance(copy, list) and not present:
        copy.append(new)
    else:
        copy[head] = new
    return copy


def request(operation: Operation, valid: Valid, place: Place | None = None, bad: Bad | None = None):
    """The operation's valid request, with `bad` at `place` when given."""
    path_values = {
        p.name: valid.path(operation.key, operation.path, p.name)
        for p in operation.params
        if p.location == "path"
    }
    query = [
        (p.name, valid.query[p.name])
        for p in operation.params
        if p.location == "query" and p.name in valid.query and p != place
    ]
    headers: dict[str, str] = {}
    if place is not None and place.location in ("path", "query", "header"):
        value = bad.value
        if place.location == "path":
            path_values[place.name] = value
        elif place.location == "query":
            values = value if isinstance(value, list) else [value]
            query.extend((place.name, v) for v in values)
        else:
            headers[place.name] = value
    path = operation.path
    for name, value in path_values.items():
        path = path.replace("{" + name + "}", quote(str(value), safe=""))
    if query:
        path += "?" + urlencode(query)
    body = form = None
    if operation.body_schema is not None:
        body_value = valid.build(operation, (), operation.body_schema)
        if place is not None and place.location == "body":
            body_value = with_value(operation, valid, body_value, place.name, bad.value)
        body = to_json(body_value)
    elif operation.multipart is not None:
        form = valid.upload()
        if place is not None and place.location == "form":
            form = {**form, place.name: bad.value}
    return Request(operation.method, path, body=body, form=form, headers=headers)
