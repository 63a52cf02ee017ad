"""Turn uploaded bytes into text: size limit, not-a-CSV detection, encoding detection.

Accepted: UTF-8 (with or without a BOM), UTF-16 with a BOM, and Windows-1252 as Excel saves "CSV"
on a UK Windows machine (so '£', '–', 'é' arrive as single bytes). The Windows-1252 fallback is
taken only when the whole file reads as Windows-1252 text (reported as a warning): a UTF-8 file with
one stray byte is refused at that byte's offset rather than read with every accent garbled, and a
file in a double-byte encoding (Shift-JIS, GB18030) is refused rather than stored as nonsense.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from charset_normalizer import from_bytes

from indicators.ingest.problems import Problem, Reason, Severity

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
    (b"PAR1", "a Parquet data file (read it with pandas and save it as CSV)"),
)
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# What UTF-8 text looks like after being read as Windows-1252: a sign of a file mixing the two.
_MOJIBAKE = ("Ã©", "Ã¨", "Â£", "â€“", "â€™", "â€œ", "Ã¶", "Ã¼")
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_HIGH_RUN = re.compile(rb"[\x80-\xff]+")
_SAVE_AS = "save it from Excel with File > Save As > 'CSV UTF-8 (Comma delimited)'"


@dataclass
class Decoded:
    """The text of an upload (None when it cannot be read) and the problems found on the way."""

    text: str | None
    encoding: str | None
    problems: list[Problem] = field(default_factory=list)


def _whole_file(code: str, message: str, severity: Severity = "error") -> Problem:
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


def decode_upload(data: bytes, filename: str = "upload.csv", max_bytes: int | None = 50 * 1024 * 1024) -> Decoded:
    """Check size and kind, then decode; ``text`` is None when the upload must be rejected."""
    if max_bytes is not None and len(data) > max_bytes:
        return Decoded(
            None,
            None,
            [_whole_file(Reason.TOO_LARGE, f"the file is {len(data):,} bytes; the limit is {max_bytes:,} bytes")],
        )
    what = sniff_not_csv(data)
    if what:
        return Decoded(
            None, None, [_whole_file(Reason.NOT_CSV, f"{filename} is not a CSV file: it looks like {what}; {_SAVE_AS}")]
        )
    if data.startswith(_UTF16_BOMS):
        text = _try(data, "utf-16")
        if text is not None:
            return _checked(text, "utf-16")
    nul = data.find(b"\x00")
    if nul >= 0:  # past the first 64 KiB (sniff_not_csv saw the head): a damaged or spliced file
        row = _row_of(data, nul)
        return Decoded(
            None,
            None,
            [
                Problem(
                    row,
                    None,
                    None,
                    Reason.NOT_CSV,
                    f"the file holds a NUL byte at byte offset {nul:,} (row {row}): it is damaged or not a text file",
                )
            ],
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return _fallback(data, exc)
    return _checked(text, "utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "utf-8")


def _fallback(data: bytes, exc: UnicodeDecodeError) -> Decoded:
    """Not UTF-8: Windows-1252 only when nothing in the file is UTF-8 and it reads as Western text."""
    valid_utf8 = _UTF8_MULTIBYTE.search(data) is not None
    text = _try(data, "cp1252")
    if valid_utf8 or text is None or _looks_double_byte(data):
        return _unreadable(data, exc.start, valid_utf8)
    decoded = _checked(text, "cp1252")
    decoded.problems.append(
        _whole_file(
            Reason.ENCODING,
            f"the file is not UTF-8; it was read as Windows-1252 (Excel's 'CSV' on Windows): "
            f"check accented letters and dashes in the preview; {_SAVE_AS}",
            "warning",
        )
    )
    if any(m in text for m in _MOJIBAKE):
        decoded.problems.append(
            _whole_file(
                Reason.ENCODING,
                "the file mixes UTF-8 and Windows-1252 text, so some characters may read "
                f"wrongly (for example 'Â£' for '£'); {_SAVE_AS}",
                "warning",
            )
        )
    return decoded


def _looks_double_byte(data: bytes) -> bool:
    """Western text has its non-ASCII letters one at a time (café); Shift-JIS, GB18030 and the like
    write every character as two or more high bytes in a row."""
    high = sum(len(run) for run in _HIGH_RUN.findall(data))
    paired = sum(len(run) for run in _HIGH_RUN.findall(data) if len(run) >= 2)
    return high >= 8 and paired > high / 2


def _unreadable(data: bytes, offset: int, mixed: bool) -> Decoded:
    """Name the byte offset and row of the first bad byte, and charset-normalizer's guess (only
    reported, never used: on short files it is often wrong, and a wrong guess corrupts names)."""
    row = _row_of(data, offset)
    best = from_bytes(data[:65536]).best()
    guess = f" (it may be {best.encoding})" if best is not None and best.encoding else ""
    why = "it is UTF-8 with an invalid byte" if mixed else f"it is neither UTF-8 nor Windows-1252 text{guess}"
    return Decoded(
        None,
        None,
        [
            Problem(
                row,
                None,
                None,
                Reason.ENCODING,
                f"the file cannot be read: {why}: byte 0x{data[offset]:02x} at byte offset {offset:,} (row {row}); "
                f"{_SAVE_AS}",
            )
        ],
    )


def _checked(text: str, encoding: str) -> Decoded:
    if not text.strip(" \t\r\n\ufeff,;"):
        return Decoded(None, encoding, [_whole_file(Reason.EMPTY_FILE, "the file is empty")])
    return Decoded(text.lstrip("\ufeff"), encoding)
