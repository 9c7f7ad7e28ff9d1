"""The light markup of the programme's sections: paragraphs, bulleted lists and **bold**, nothing else.

One parser feeds both the DOCX documents and the HTML pages, so a section reads the same everywhere. Users
type plain text; markup never lets raw HTML through: every piece of text is escaped before it is wrapped.

    blocks("Intro **now**\\n\\n- one\\n- two") == [
        ("p", [("Intro ", False), ("now", True)]),
        ("ul", [[("one", False)], [("two", False)]]),
    ]
"""

from __future__ import annotations

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

Run = tuple[str, bool]  # (text, bold)
Block = tuple[str, list]  # ("p", [Run, ...]) | ("ul", [[Run, ...], ...])

BULLETS = ("- ", "• ", "– ")
BOLD = re.compile(r"\*\*(.+?)\*\*", re.DOTALL)
BLANK_LINE = re.compile(r"\n[ \t]*\n")


def runs(text: str) -> list[Run]:
    """Split a line of text into plain and bold runs; an unpaired ``**`` stays as typed."""
    result: list[Run] = []
    position = 0
    for match in BOLD.finditer(text):
        _append(result, text[position:match.start()], False)
        _append(result, match.group(1), True)
        position = match.end()
    _append(result, text[position:], False)
    return result


def _append(result: list[Run], text: str, bold: bool) -> None:
    if not text:
        return
    if result and result[-1][1] == bold:
        result[-1] = (result[-1][0] + text, bold)
    else:
        result.append((text, bold))


def _bullet_text(line: str) -> str | None:
    stripped = line.lstrip()
    for bullet in BULLETS:
        if stripped.startswith(bullet):
            return stripped[len(bullet):].strip()
    return None


def blocks(text: str | None) -> list[Block]:
    """Blank lines separate paragraphs; consecutive bullet lines form one list; other lines join with a space.

    An indented line right after a bullet item continues that item, as it does in e-mail and Markdown.
    """
    result: list[Block] = []
    normalized = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    for chunk in BLANK_LINE.split(normalized):
        result.extend(_chunk_blocks(chunk))
    return result


def _chunk_blocks(chunk: str) -> list[Block]:
    found: list[Block] = []
    paragraph: list[str] = []
    items: list[list[str]] = []

    def close_paragraph():
        if paragraph:
            found.append(("p", runs(" ".join(paragraph))))
            paragraph.clear()

    def close_list():
        # An item that is only a bullet ("- ") carries no text and is dropped.
        listed = [line for line in (runs(" ".join(parts)) for parts in items) if line]
        if listed:
            found.append(("ul", listed))
        items.clear()

    for line in chunk.split("\n"):
        if not line.strip():
            continue
        item = _bullet_text(line)
        if item is not None:
            close_paragraph()
            items.append([item] if item else [])
        elif items and line[:1].isspace():
            items[-1].append(line.strip())
        else:
            close_list()
            paragraph.append(line.strip())
    close_paragraph()
    close_list()
    return found


def _runs_html(line: list[Run]) -> str:
    return "".join(f"<strong>{escape(text)}</strong>" if bold else escape(text) for text, bold in line)


def to_html(text: str | None) -> SafeString:
    """The text as HTML paragraphs and lists; every character the user typed is escaped."""
    parts = []
    for kind, body in blocks(text):
        if kind == "p":
            parts.append(f"<p>{_runs_html(body)}</p>")
        else:
            items = "".join(f"<li>{_runs_html(item)}</li>" for item in body)
            parts.append(f"<ul>{items}</ul>")
    return mark_safe("\n".join(parts))  # noqa: S308 - built only from escaped text and our own tags
