"""Turn uploaded bytes into text: size limit, not-a-CSV detection, encoding detection.

Accepted: UTF-8 (with or without a BOM), UTF-16 with a BOM, and Windows-1252 as Excel saves "CSV"
on a UK Windows machine (so '£', '–', 'é' arrive as single bytes). Anything else is an ``encoding``
problem naming the row of the first bad byte and charset-normalizer's guess at the encoding.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from charset_normalizer import from_bytes

from indicators.ingest import problems as P
from indicators.ingest.problems import Problem

DEFAULT_MAX_BYTES = 50 * 1024 * 1024

# Leading bytes of files people rename to .csv by mistake.
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"PK\x03\x04", "an Excel workbook (.xlsx) or zip archive"),
    (b"PK\x05\x06", "an empty zip archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Excel workbook (.xls) or Word document"),
    (b"%PDF", "a PDF document"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"{\\rtf", "a Rich Text document"),
    (b"SQLite format 3\x00", "an SQLite database"),
)
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# What UTF-8 text looks like after being read as Windows-1252: a sign of a file mixing the two.
_MOJIBAKE = ("Ã©", "Ã¨", "Â£", "â€“", "â€™", "â€œ", "Ã¶", "Ã¼")
_SAVE_AS = "save it from Excel with File > Save As > 'CSV UTF-8 (Comma delimited)'"


@dataclass
class Decoded:
    """The text of an upload (None when it cannot be read) and the problems found on the way."""

    text: str | None
    encoding: str | None
    problems: list[Problem] = field(default_factory=list)


def _whole_file(code: str, message: str, severity: P.Severity = "error") -> Problem:
    return Problem(None, None, None, code, message, severity)


def sniff_not_csv(data: bytes) -> str | None:
    """What the bytes are when they are clearly not CSV text ('a PDF document'), else None."""
    head = data[:64]
    for signature, what in _SIGNATURES:
        if head.startswith(signature):
            return what
    lowered = data[:512].lstrip().lower()
    if lowered.startswith((b"<!doctype html", b"<html")):
        return "a web page (HTML)"
    if lowered.startswith(b"<?xml"):
        return "an XML document (perhaps an Excel 2003 XML spreadsheet)"
    if not data.startswith(_UTF16_BOMS) and b"\x00" in data[:65536]:
        return "a binary file (it contains NUL bytes)"
    return None


def _row_of(data: bytes, offset: int) -> int:
    return data[:offset].count(b"\n") + 1


def _try(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def decode_upload(data: bytes, filename: str = "upload.csv", max_bytes: int = DEFAULT_MAX_BYTES) -> Decoded:
    """Check size and kind, then decode; ``text`` is None when the upload must be rejected."""
    if len(data) > max_bytes:
        return Decoded(None, None, [_whole_file(
            P.TOO_LARGE, f"the file is {len(data):,} bytes; the limit is {max_bytes:,} bytes "
                         "(split it into several uploads)")])
    what = sniff_not_csv(data)
    if what:
        return Decoded(None, None, [_whole_file(
            P.NOT_CSV, f"{filename} is not a CSV file: it looks like {what}; {_SAVE_AS}")])
    if data.startswith(_UTF16_BOMS):
        text = _try(data, "utf-16")
        if text is not None:
            return _checked(text, "utf-16")
    text = _try(data, "utf-8-sig")
    if text is not None:
        return _checked(text, "utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "utf-8")
    text = _try(data, "cp1252")
    if text is not None:
        decoded = _checked(text, "cp1252")
        if any(m in text for m in _MOJIBAKE):
            decoded.problems.append(_whole_file(
                P.ENCODING, "the file mixes UTF-8 and Windows-1252 text, so some characters may read "
                            f"wrongly (for example 'Â£' for '£'); {_SAVE_AS}", "warning"))
        return decoded
    return _unreadable(data)


def _unreadable(data: bytes) -> Decoded:
    """Neither UTF-8 nor Windows-1252: name the row of the first bad byte and charset-normalizer's guess.

    The guess is only reported, never used: on short files it is often wrong (cp437, koi8_r...) and
    reading a file in the wrong encoding silently corrupts names.
    """
    try:
        data.decode("cp1252")
        offset = 0
    except UnicodeDecodeError as exc:
        offset = exc.start
    row = _row_of(data, offset)
    best = from_bytes(data).best()
    guess = f" (it may be {best.encoding})" if best is not None and best.encoding else ""
    return Decoded(None, None, [Problem(
        row, None, None, P.ENCODING,
        f"the file is neither UTF-8 nor Windows-1252 text{guess}: byte 0x{data[offset]:02x} on row {row} "
        f"cannot be read; {_SAVE_AS}")])


def _checked(text: str, encoding: str) -> Decoded:
    if not text.strip(" \t\r\n\ufeff,;"):
        return Decoded(None, encoding, [_whole_file(P.EMPTY_FILE, "the file is empty")])
    return Decoded(text.lstrip("\ufeff"), encoding)
