"""Reading documents: UTF-8 (with or without BOM) or GB18030, with clear errors."""

from __future__ import annotations

import codecs
from pathlib import Path
from typing import Iterator, Sequence


class InputError(ValueError):
    """A document that cannot be read; the message names the file and the problem."""

    def __init__(self, path: str | Path, problem: str) -> None:
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{path}: {problem}")


def decode(data: bytes, path: str | Path = "<bytes>") -> str:
    """Decode a document's bytes: UTF-8 (a leading BOM is dropped), UTF-16 with BOM, else GB18030."""
    if not data:
        raise InputError(path, "file is empty")
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[len(codecs.BOM_UTF8):].decode("utf-8")
        except UnicodeDecodeError as e:
            raise InputError(path, f"starts with a UTF-8 BOM but is not UTF-8 (bad byte at offset {e.start + 3})") from None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as e:
            raise InputError(path, f"starts with a UTF-16 BOM but is not UTF-16 (bad byte at offset {e.start})") from None
    if b"\x00" in data[:8192]:
        raise InputError(path, "looks like a binary file (it contains NUL bytes), not a text document")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as utf8_error:
        try:
            return data.decode("gb18030")
        except UnicodeDecodeError:
            raise InputError(
                path,
                f"is neither UTF-8 nor GB18030 (undecodable byte 0x{data[utf8_error.start]:02x} at offset {utf8_error.start})",
            ) from None


def read_text(path: str | Path) -> str:
    """Read a document file as text; raise InputError naming the file when it cannot be read."""
    p = Path(path)
    if not p.exists():
        raise InputError(p, "no such file")
    if p.is_dir():
        raise InputError(p, "is a directory, not a file")
    try:
        data = p.read_bytes()
    except OSError as e:
        raise InputError(p, f"cannot be read: {e.strerror or e}") from None
    return decode(data, p)


def iter_paths(paths: Sequence[str]) -> Iterator[Path]:
    """Files named by `paths`; a directory stands for the .txt files under it (an empty one is yielded itself, to be reported)."""
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            found = sorted(q for q in p.rglob("*.txt") if q.is_file())
            if not found:
                yield p  # reported as an error: nothing to read there
            yield from found
        else:
            yield p
