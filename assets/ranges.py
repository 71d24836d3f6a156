"""HTTP byte ranges (RFC 9110 section 14) for stored files, so a browser's player can seek.

One range per request: ``bytes=500-999``, ``bytes=500-`` or ``bytes=-500``. A header asking for
several ranges is answered with the whole file (a server may ignore Range), one that cannot be
satisfied with 416 and ``Content-Range: bytes */<size>``.
"""
from __future__ import annotations

import re
from typing import BinaryIO, Iterator

from django.http import HttpResponse, StreamingHttpResponse

RANGE = re.compile(r"^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$", re.IGNORECASE)
CHUNK = 256 * 1024  # read size while streaming a range; the player asks for a few MB at a time


class RangeNotSatisfiable(Exception):
    pass


def byte_range(header: str | None, size: int) -> tuple[int, int] | None:
    """(first, last) inclusive for a single satisfiable range, None for "send it all".

    Raises RangeNotSatisfiable for a well-formed range outside the file."""
    if not header or "," in header:
        return None
    match = RANGE.match(header)
    if not match or not (match.group(1) or match.group(2)):
        return None  # not a byte range we understand: ignore it, as RFC 9110 allows
    first_text, last_text = match.groups()
    if first_text:
        first = int(first_text)
        last = min(int(last_text), size - 1) if last_text else size - 1
        if first >= size or (last_text and int(last_text) < first):
            raise RangeNotSatisfiable
        return first, last
    suffix = int(last_text)
    if suffix == 0 or size == 0:
        raise RangeNotSatisfiable
    return max(0, size - suffix), size - 1


def _stream(handle: BinaryIO, first: int, last: int) -> Iterator[bytes]:
    try:
        handle.seek(first)
        left = last - first + 1
        while left > 0:
            chunk = handle.read(min(CHUNK, left))
            if not chunk:
                break
            left -= len(chunk)
            yield chunk
    finally:
        handle.close()


def ranged_response(handle: BinaryIO, *, size: int, content_type: str, range_header: str | None) -> HttpResponse:
    """200 with the whole file, 206 with the asked range, or 416 when it lies outside the file."""
    try:
        wanted = byte_range(range_header, size)
    except RangeNotSatisfiable:
        handle.close()
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
        response["Accept-Ranges"] = "bytes"
        return response
    first, last = wanted if wanted else (0, size - 1)
    response = StreamingHttpResponse(_stream(handle, first, last), status=206 if wanted else 200,
                                     content_type=content_type)
    response["Content-Length"] = str(max(0, last - first + 1))
    if wanted:
        response["Content-Range"] = f"bytes {first}-{last}/{size}"
    response["Accept-Ranges"] = "bytes"
    return response
