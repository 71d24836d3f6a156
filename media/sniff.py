"""What a file is, by its first bytes: names and Content-Type headers are never trusted.

The magic numbers come from each format's specification (JPEG SOI marker, PNG signature, RIFF
WEBP header, the ISO base media `ftyp` box).
"""
from __future__ import annotations

from pathlib import Path

# ISO base media brands we accept as "MP4" (MP4, QuickTime, 3GPP and the common iso brands).
MP4_BRANDS = (b"isom", b"iso2", b"iso4", b"iso5", b"iso6", b"mp41", b"mp42", b"avc1", b"M4V ", b"qt  ",
              b"3gp4", b"3gp5", b"3g2a", b"dash", b"MSNV", b"f4v ", b"mmp4")


def sniff(head: bytes) -> str | None:
    """The format the leading bytes announce: JPEG, PNG, WEBP, MP4, or None."""
    if head.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if len(head) >= 12 and head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WEBP"
    if len(head) >= 12 and head[4:8] == b"ftyp":
        return "MP4"
    return None


def sniff_mp4(path: str | Path) -> bool:
    """True when the file starts like an ISO base media file (an `ftyp` box with a known brand)."""
    with open(path, "rb") as handle:
        head = handle.read(12)
    return len(head) == 12 and head[4:8] == b"ftyp" and head[8:12] in MP4_BRANDS
