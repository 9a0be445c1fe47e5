"""Reading documents: UTF-8 (with or without BOM), UTF-16/32 with BOM, or GB18030, with clear errors.

Every problem is an `InputError` whose message names the file: a missing path, a
directory, something that is not a regular file (a FIFO, a device), a file over
the size limit, an empty file, a binary file, bytes in no supported encoding.
Long lines are not a problem: a document of one line of megabytes is read as any other.
"""

from __future__ import annotations

import codecs
import os
import stat
from pathlib import Path
from typing import Iterator, Sequence

MAX_BYTES = 256 * 1024 * 1024  # a larger file is refused (MEASURES_MAX_BYTES overrides)

# C0 controls other than tab, line feed, vertical tab, form feed, carriage return and escape:
# text documents hold none, binary files many.
_CONTROL = frozenset(chr(c) for c in range(32) if chr(c) not in "\t\n\x0b\x0c\r\x1b")
_SAMPLE = 65536  # characters looked at when telling text from binary


class InputError(ValueError):
    """A document that cannot be read; the message names the file and the problem."""

    def __init__(self, path: str | Path, problem: str) -> None:
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{path}: {problem}")

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (type(self), (self.path, self.problem))  # picklable, for worker processes


def max_bytes() -> int:
    """The size above which a file is refused: MEASURES_MAX_BYTES, else `MAX_BYTES`."""
    try:
        return int(os.environ.get("MEASURES_MAX_BYTES") or MAX_BYTES)
    except ValueError:
        return MAX_BYTES


def _check_text(text: str, path: str | Path, encoding: str) -> str:
    sample = text[:_SAMPLE]
    controls = sum(1 for ch in sample if ch in _CONTROL)
    if controls and controls * 100 >= len(sample):  # 1% or more: no text document looks like that
        raise InputError(path, f"looks like a binary file, not a text document ({controls} control characters "
                               f"in its first {len(sample)} characters read as {encoding})")
    return text


def decode(data: bytes, path: str | Path = "<bytes>") -> str:
    """Decode a document's bytes: UTF-8 (a leading BOM is dropped), UTF-16 or UTF-32 with BOM, else GB18030."""
    if not data:
        raise InputError(path, "file is empty")
    if data.startswith(codecs.BOM_UTF8):
        try:
            return _check_text(data[len(codecs.BOM_UTF8):].decode("utf-8"), path, "UTF-8")
        except UnicodeDecodeError as e:
            raise InputError(path, f"starts with a UTF-8 BOM but is not UTF-8 (bad byte at offset {e.start + 3})") from None
    for bom, codec in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                       (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return _check_text(data.decode(codec), path, codec.upper())
            except UnicodeDecodeError as e:
                raise InputError(path, f"starts with a {codec.upper()} BOM but is not {codec.upper()} "
                                       f"(bad byte at offset {e.start})") from None
    if b"\x00" in data:
        at = data.index(b"\x00")
        raise InputError(path, f"looks like a binary file, not a text document (a NUL byte at offset {at}; "
                               "UTF-16 or UTF-32 text needs a byte-order mark)")
    try:
        return _check_text(data.decode("utf-8"), path, "UTF-8")
    except UnicodeDecodeError as utf8_error:
        try:
            return _check_text(data.decode("gb18030"), path, "GB18030")
        except UnicodeDecodeError:
            raise InputError(
                path,
                f"is neither UTF-8 nor GB18030 (undecodable byte 0x{data[utf8_error.start]:02x} at offset {utf8_error.start})",
            ) from None


def read_text(path: str | Path) -> str:
    """Read a document file as text; raise InputError naming the file when it cannot be read."""
    p = Path(path)
    try:
        st = p.stat()
    except FileNotFoundError:
        raise InputError(p, "no such file") from None
    except OSError as e:
        raise InputError(p, f"cannot be read: {e.strerror or e}") from None
    if stat.S_ISDIR(st.st_mode):
        raise InputError(p, "is a directory, not a file")
    if not stat.S_ISREG(st.st_mode):
        raise InputError(p, "is not a regular file (a device, a pipe or a socket)")
    limit = max_bytes()
    if st.st_size > limit:
        raise InputError(p, f"is too large ({st.st_size:,} bytes; the limit is {limit:,}: set MEASURES_MAX_BYTES to raise it)")
    try:
        with p.open("rb") as f:
            data = f.read(limit + 1)
    except OSError as e:
        raise InputError(p, f"cannot be read: {e.strerror or e}") from None
    if len(data) > limit:  # it grew while we looked
        raise InputError(p, f"is too large (over {limit:,} bytes: set MEASURES_MAX_BYTES to raise it)")
    return decode(data, p)


def iter_paths(paths: Sequence[str]) -> Iterator[Path]:
    """Files named by `paths`: files, directories (their .txt files at any depth, sorted) and glob patterns.

    An empty directory or an unmatched pattern is yielded itself, to be reported when read.
    """
    from .stream import iter_documents

    yield from iter_documents(paths)
