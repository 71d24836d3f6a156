"""The JSON parser of every endpoint: DRF's, with a bound on how deeply a body may nest.

Python's json module recurses once per level, so a body of 100,000 `[` raises RecursionError,
which DRF does not catch (a 500). No request of this API nests more than a handful of levels;
anything past MAX_JSON_DEPTH is a client error, answered VALIDATION_ERROR like any malformed body.
"""
from __future__ import annotations

from rest_framework import parsers
from rest_framework.exceptions import ParseError

# The deepest legitimate body (a shot's tone descriptors inside shots[]) is 5 levels.
MAX_JSON_DEPTH = 32


def json_depth_exceeds(data, limit: int) -> bool:
    """Whether `data` nests lists/objects deeper than `limit` (checked without recursion)."""
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            children = value.values()
        elif isinstance(value, list):
            children = value
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children if isinstance(child, (dict, list)))
    return False


class BoundedJSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError as exc:
            raise ParseError(f"JSON parse error - nested deeper than {MAX_JSON_DEPTH} levels.") from exc
        if json_depth_exceeds(data, MAX_JSON_DEPTH):
            raise ParseError(f"JSON parse error - nested deeper than {MAX_JSON_DEPTH} levels.")
        return data
