"""Mutated media for decoder fuzzing: valid JPG/PNG/WEBP/MP4 seeds, broken in repeatable ways.

``mutant(seeds, index, seed)`` is a pure function of its arguments, so a file that misbehaves in
the benchmark can be rebuilt from its index. Mutations: bit flips (anywhere, or in the first
kilobyte where the headers are), byte overwrites with boundary values, truncation, duplication
of a slice or of a whole PNG chunk / MP4 box, and edits of header fields (PNG IHDR with a fixed
CRC, JPEG SOF, WEBP VP8L, MP4 tkhd/mvhd/mdhd/stts).
"""
from __future__ import annotations

import random
import struct
import tempfile
import zlib
from pathlib import Path

from tests.media import image_bytes, mp4_bytes
from tests.reliability import mp4boxes

INTERESTING = (0, 1, 2, 0x7F, 0x80, 0xFF, 0x100, 0x7FFF, 0x8000, 0xFFFF, 0x10000, 0x7FFFFFFF, 0x80000000,
               0xFFFFFFFF)


def build_seeds() -> dict[str, bytes]:
    with tempfile.TemporaryDirectory() as folder:
        video = mp4_bytes(Path(folder), frames=12, fps=12.0, size=(96, 64))
    return {
        "jpg": image_bytes("JPEG", "astronaut", size=(128, 128), quality=85),
        "jpg-progressive": image_bytes("JPEG", "chelsea", size=(120, 90), progressive=True),
        "png": image_bytes("PNG", "coffee", size=(128, 96)),
        "webp": image_bytes("WEBP", "rocket", size=(128, 128), quality=80),
        "webp-lossless": image_bytes("WEBP", "hubble_deep_field", size=(64, 64), lossless=True),
        "mp4": video,
    }


def _flip_bits(data: bytearray, rng: random.Random, head: bool) -> str:
    span = min(len(data), 1024) if head else len(data)
    count = rng.choice((1, 2, 4, 8, 32))
    for _ in range(count):
        at = rng.randrange(span)
        data[at] ^= 1 << rng.randrange(8)
    return f"flip{count}{'-head' if head else ''}"


def _overwrite(data: bytearray, rng: random.Random) -> str:
    at = rng.randrange(min(len(data), 2048))
    width = rng.choice((1, 2, 4))
    value = rng.choice(INTERESTING) & ((1 << (8 * width)) - 1)
    data[at:at + width] = value.to_bytes(width, rng.choice(("big", "little")))
    return f"overwrite{width}"


def _truncate(data: bytearray, rng: random.Random) -> str:
    cut = rng.choice((rng.randrange(1, 64), rng.randrange(len(data)), len(data) - rng.randrange(1, 64)))
    del data[max(1, cut):]
    return "truncate"


def _duplicate_slice(data: bytearray, rng: random.Random) -> str:
    start = rng.randrange(len(data))
    length = rng.randrange(1, min(4096, len(data) - start) + 1)
    piece = bytes(data[start:start + length]) * rng.choice((1, 2, 16))
    at = rng.randrange(len(data))
    data[at:at] = piece
    return "dup-slice"


def _png_chunks(data: bytes) -> list[tuple[int, int]]:
    spans, at = [], 8
    while at + 12 <= len(data):
        (length,) = struct.unpack(">I", data[at:at + 4])
        end = at + 12 + length
        if end > len(data):
            break
        spans.append((at, end))
        at = end
    return spans


def _png_edit(data: bytearray, rng: random.Random) -> str:
    spans = _png_chunks(bytes(data))
    if rng.random() < 0.5 and len(spans) > 1:
        start, end = rng.choice(spans)
        data[end:end] = data[start:end] * rng.choice((1, 2, 8))
        return "png-dup-chunk"
    ihdr = bytearray(data[16:29])
    field = rng.choice(("w", "h", "depth", "color", "interlace"))
    if field in ("w", "h"):
        offset = 0 if field == "w" else 4
        ihdr[offset:offset + 4] = struct.pack(">I", rng.choice(INTERESTING + (rng.randrange(1, 70000),)))
    else:
        ihdr[{"depth": 8, "color": 9, "interlace": 12}[field]] = rng.choice((0, 1, 2, 3, 4, 6, 8, 16, 255))
    data[16:29] = ihdr
    data[29:33] = struct.pack(">I", zlib.crc32(b"IHDR" + bytes(ihdr)))  # valid CRC: the decoder must cope
    return f"png-ihdr-{field}"


def _jpeg_edit(data: bytearray, rng: random.Random) -> str:
    markers = [i for i in range(len(data) - 1) if data[i] == 0xFF and 0xC0 <= data[i + 1] <= 0xFE
               and data[i + 1] not in (0xD8, 0xD9) and not 0xD0 <= data[i + 1] <= 0xD7][:40]
    sof = data.find(b"\xff\xc0")
    if sof < 0:
        sof = data.find(b"\xff\xc2")
    if rng.random() < 0.5 and sof >= 0:
        field = rng.choice((3, 4, 5, 6, 7, 8, 9))  # length, precision, height, width, components
        data[sof + 2 + field - 2] = rng.choice((0, 1, 0x7F, 0xFF, rng.randrange(256)))
        return "jpeg-sof"
    if markers:
        at = rng.choice(markers)
        (length,) = struct.unpack(">H", data[at + 2:at + 4])
        segment = bytes(data[at:at + 2 + length])
        data[at:at] = segment * rng.choice((1, 2, 8))
        return "jpeg-dup-segment"
    return _flip_bits(data, rng, head=True)


def _webp_edit(data: bytearray, rng: random.Random) -> str:
    if rng.random() < 0.5:
        data[4:8] = struct.pack("<I", rng.choice(INTERESTING))  # RIFF size
        return "webp-riff-size"
    at = data.find(b"VP8")
    if at < 0:
        return _flip_bits(data, rng, head=True)
    body = at + 8
    field = rng.randrange(body, min(len(data), body + 12))
    data[field] = rng.randrange(256)
    return "webp-bitstream-header"


def _mp4_edit(data: bytearray, rng: random.Random) -> str:
    try:
        boxes = mp4boxes.parse(bytes(data))
        choice = rng.randrange(5)
        if choice == 0:
            mp4boxes.set_track_size(boxes, rng.choice(INTERESTING) & 0xFFFF, rng.choice(INTERESTING) & 0xFFFF)
            name = "mp4-size"
        elif choice == 1:
            mp4boxes.set_durations(boxes, movie=rng.choice(INTERESTING), media=rng.choice(INTERESTING))
            name = "mp4-duration"
        elif choice == 2:
            mp4boxes.set_sample_count(boxes, rng.choice(INTERESTING))
            name = "mp4-stts"
        elif choice == 3:
            box = mp4boxes.root(boxes, rng.choice((b"stsz", b"stco", b"stsc", b"stss", b"stsd", b"hdlr")))
            payload = bytearray(box.payload)
            if payload:
                at = rng.randrange(len(payload))
                payload[at:at + 4] = struct.pack(">I", rng.choice(INTERESTING))[:len(payload) - at]
            box.payload = bytes(payload)
            name = "mp4-table"
        else:
            trak = mp4boxes.root(boxes, b"moov")
            trak.children.append(rng.choice(trak.children))
            name = "mp4-dup-box"
        data[:] = mp4boxes.write(boxes)
        return name
    except (AssertionError, struct.error, IndexError):
        return _flip_bits(data, rng, head=True)


_FORMAT_EDITS = {"png": _png_edit, "jpg": _jpeg_edit, "webp": _webp_edit, "mp4": _mp4_edit}


def mutant(seeds: dict[str, bytes], index: int, seed: int = 0) -> tuple[str, str, bytes]:
    """(seed name, mutation names, bytes) of mutated file number ``index``."""
    rng = random.Random(seed * 1_000_003 + index)
    name = sorted(seeds)[index % len(seeds)]
    data = bytearray(seeds[name])
    applied = []
    for _ in range(rng.choice((1, 1, 1, 2, 3))):
        pick = rng.randrange(6)
        if pick == 0:
            applied.append(_flip_bits(data, rng, head=False))
        elif pick == 1:
            applied.append(_flip_bits(data, rng, head=True))
        elif pick == 2:
            applied.append(_overwrite(data, rng))
        elif pick == 3:
            applied.append(_truncate(data, rng))
        elif pick == 4:
            applied.append(_duplicate_slice(data, rng))
        else:
            try:
                applied.append(_FORMAT_EDITS[name.split("-")[0]](data, rng))
            except (IndexError, struct.error, ValueError):  # too short for its header any more
                applied.append(_flip_bits(data, rng, head=True))
        if len(data) < 2:
            break
    return name, "+".join(applied), bytes(data)
