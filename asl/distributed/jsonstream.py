"""Reading the items of a JSON document one at a time, without loading the document.

A JSON object stored in S3 may hold millions of items (AWS reads files up to 10 GB).
``JsonCursor`` keeps a window of the text and decodes one value at a time with the
standard library's decoder; ``array_items`` yields the elements of the array under the
cursor, ``descend`` walks an ``ItemsPointer`` (RFC 6901) down to it, decoding and dropping
the values it passes. Only the item being decoded is ever held whole.
"""
from __future__ import annotations

import json
import re
from typing import Any, Iterator, TextIO

NOT_ITERABLE = "Attempting to map over non-iterable node."

_WHITESPACE = re.compile(r"[ \t\n\r]*")
_NUMBER = re.compile(r"[-+0-9.eE]*")
_NUMBER_START = frozenset("-0123456789")
_decode = json.JSONDecoder().raw_decode


class JsonStreamError(ValueError):
    """The text is not the JSON it should be; ``str()`` says what was found."""


class JsonCursor:
    def __init__(self, text: TextIO, chunk_size: int = 1 << 16):
        self._text = text
        self._chunk = chunk_size
        self._buffer = ""
        self._pos = 0
        self._eof = False

    def _fill(self, size: int) -> bool:
        """Append up to ``size`` characters; False at the end of the text."""
        if self._eof:
            return False
        data = self._text.read(size)
        if not data:
            self._eof = True
            return False
        self._buffer = self._buffer[self._pos:] + data
        self._pos = 0
        return True

    def peek(self) -> str:
        """The next character that is not whitespace ("" at the end)."""
        while True:
            self._pos = _WHITESPACE.match(self._buffer, self._pos).end()  # type: ignore[union-attr]
            if self._pos < len(self._buffer):
                return self._buffer[self._pos]
            if not self._fill(self._chunk):
                return ""

    def take(self, expected: str) -> None:
        found = self.peek()
        if found != expected:
            raise JsonStreamError(f"expected {expected!r} but found {found or 'the end of the text'!r}")
        self._pos += 1

    def value(self) -> Any:
        """Decode the next value. A failed decode at the end of the window reads more
        (twice as much each time, so a large item costs linear time); a number is only
        decoded once the window holds a character past it (``0`` may be ``0.5``)."""
        if self.peek() in _NUMBER_START:
            while _NUMBER.match(self._buffer, self._pos).end() == len(self._buffer):  # type: ignore[union-attr]
                if not self._fill(self._chunk):
                    break
        size = self._chunk
        while True:
            try:
                value, end = _decode(self._buffer, self._pos)
            except json.JSONDecodeError as exc:
                if not self._fill(size):
                    raise JsonStreamError(f"invalid JSON: {exc.msg}") from None
                size *= 2
                continue
            except RecursionError:
                raise JsonStreamError("invalid JSON: nested too deeply") from None
            self._pos = end
            return value


def array_items(cursor: JsonCursor) -> Iterator[Any]:
    """The elements of the array under the cursor; anything else is not iterable."""
    if cursor.peek() != "[":
        raise JsonStreamError(NOT_ITERABLE)
    cursor.take("[")
    if cursor.peek() == "]":
        cursor.take("]")
        return
    while True:
        yield cursor.value()
        following = cursor.peek()
        if following == "]":
            cursor.take("]")
            return
        cursor.take(",")


def pointer_segments(pointer: str) -> list[str]:
    """RFC 6901: ``/a/b~1c`` is ``["a", "b/c"]``; the empty pointer is the whole document."""
    if pointer == "":
        return []
    if not pointer.startswith("/"):
        raise JsonStreamError(f"The ItemsPointer {pointer!r} is not a JSON pointer (it must start with '/').")
    return [part.replace("~1", "/").replace("~0", "~") for part in pointer[1:].split("/")]


def descend(cursor: JsonCursor, segments: list[str]) -> None:
    """Move the cursor onto the value the pointer names, or raise ``JsonStreamError``."""
    for depth, segment in enumerate(segments):
        opener = cursor.peek()
        if opener == "{":
            found = _enter_member(cursor, segment)
        elif opener == "[":
            found = _enter_element(cursor, segment)
        else:
            found = False
        if not found:
            where = "/" + "/".join(segments[: depth + 1])
            raise JsonStreamError(f"The ItemsPointer does not point to a value in the file: {where}")


def _enter_member(cursor: JsonCursor, name: str) -> bool:
    cursor.take("{")
    if cursor.peek() == "}":
        return False
    while True:
        key = cursor.value()
        cursor.take(":")
        if key == name:
            return True
        cursor.value()
        if cursor.peek() != ",":
            return False
        cursor.take(",")


def _enter_element(cursor: JsonCursor, segment: str) -> bool:
    if not (segment.isascii() and segment.isdigit()) or (len(segment) > 1 and segment.startswith("0")):
        return False
    wanted = int(segment)
    cursor.take("[")
    if cursor.peek() == "]":
        return False
    index = 0
    while True:
        if index == wanted:
            return True
        cursor.value()
        index += 1
        if cursor.peek() != ",":
            return False
        cursor.take(",")
