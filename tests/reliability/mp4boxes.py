"""A small ISO base media (MP4) box editor for building hostile videos from valid ones.

Parses the box tree (descending into the container boxes a video's header lives in), lets a test
replace a box's payload, and writes the tree back with every size recomputed. OpenCV's writer
puts ``moov`` after ``mdat``, so growing the header never moves the sample data that chunk
offsets point at.
"""
from __future__ import annotations

import struct
from dataclasses import dataclass, field

CONTAINERS = {b"moov", b"trak", b"mdia", b"minf", b"dinf", b"stbl", b"edts", b"udta"}


@dataclass
class Box:
    kind: bytes
    payload: bytes = b""
    children: list["Box"] = field(default_factory=list)

    def find(self, kind: bytes) -> "Box | None":
        for child in self.children:
            if child.kind == kind:
                return child
            found = child.find(kind)
            if found is not None:
                return found
        return None

    def to_bytes(self) -> bytes:
        body = b"".join(child.to_bytes() for child in self.children) if self.children else self.payload
        return struct.pack(">I", 8 + len(body)) + self.kind + body


def parse(data: bytes) -> list[Box]:
    boxes, offset = [], 0
    while offset + 8 <= len(data):
        size, kind = struct.unpack(">I4s", data[offset:offset + 8])
        header = 8
        if size == 1:
            size, header = struct.unpack(">Q", data[offset + 8:offset + 16])[0], 16
        elif size == 0:
            size = len(data) - offset
        body = data[offset + header:offset + size]
        box = Box(kind, body)
        if kind in CONTAINERS:
            box.children = parse(body)
        boxes.append(box)
        offset += size
    return boxes


def write(boxes: list[Box]) -> bytes:
    return b"".join(box.to_bytes() for box in boxes)


def root(boxes: list[Box], kind: bytes) -> Box:
    wrapper = Box(b"root", children=boxes)
    found = wrapper.find(kind)
    assert found is not None, f"no {kind!r} box"
    return found


def external_dref(url: str) -> bytes:
    """A ``dref`` payload whose one entry says: the media data is at ``url``, not in this file."""
    location = url.encode() + b"\x00"
    entry = struct.pack(">I4sI", 12 + len(location), b"url ", 0) + location  # flags 0: not self-contained
    return struct.pack(">II", 0, 1) + entry


def set_durations(boxes: list[Box], *, movie: int, media: int) -> None:
    """Rewrite the durations mvhd and mdhd declare (version 0 layouts)."""
    mvhd = root(boxes, b"mvhd")
    p = bytearray(mvhd.payload)
    p[16:20] = struct.pack(">I", movie)  # version/flags 4, creation 4, modification 4, timescale 4
    mvhd.payload = bytes(p)
    mdhd = root(boxes, b"mdhd")
    p = bytearray(mdhd.payload)
    p[16:20] = struct.pack(">I", media)
    mdhd.payload = bytes(p)


def set_track_size(boxes: list[Box], width: int, height: int) -> None:
    """Rewrite the picture size in tkhd (16.16 fixed point) and in the visual sample entry."""
    tkhd = root(boxes, b"tkhd")
    p = bytearray(tkhd.payload)
    p[-8:] = struct.pack(">II", width << 16, height << 16)
    tkhd.payload = bytes(p)
    stsd = root(boxes, b"stsd")
    p = bytearray(stsd.payload)
    # stsd: version/flags 4, count 4; entry: size 4, type 4, reserved 6, index 2, 16 bytes, width, height.
    p[8 + 32:8 + 36] = struct.pack(">HH", width & 0xFFFF, height & 0xFFFF)
    stsd.payload = bytes(p)


def set_sample_count(boxes: list[Box], count: int) -> None:
    """Declare ``count`` samples in the first stts entry (the frames the container says it has)."""
    stts = root(boxes, b"stts")
    p = bytearray(stts.payload)
    p[8:12] = struct.pack(">I", count)
    stts.payload = bytes(p)
