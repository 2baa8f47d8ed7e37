"""JSON bodies are bounded before they are parsed: a body of 20,000 `[` made Python's json
module raise RecursionError (a 500, reachable anonymously). Too large or too deeply nested
is a 400 in the API's error shape; nothing is parsed."""

import io
import re

from django.conf import settings
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

# Strings first (brackets inside them do not nest), then every bracket in order.
_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKET = re.compile(rb"[\[\]{}]")


def json_depth(body: bytes) -> int:
    """How deeply `body` nests arrays and objects (an upper bound for malformed JSON)."""
    if body.count(b"[") + body.count(b"{") <= 1:
        return body.count(b"[") + body.count(b"{")
    depth = deepest = 0
    for match in _BRACKET.finditer(_STRING.sub(b'""', body)):
        if match.group() in (b"[", b"{"):
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest


class BoundedJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        limit = settings.API_JSON_MAX_BYTES
        body = stream.read(limit + 1) if stream is not None else b""
        if len(body) > limit:
            raise ParseError(f"The JSON body is larger than {limit} bytes.")
        if json_depth(body) > settings.API_JSON_MAX_DEPTH:
            raise ParseError(f"The JSON body nests deeper than {settings.API_JSON_MAX_DEPTH} levels.")
        return super().parse(io.BytesIO(body), media_type, parser_context)
