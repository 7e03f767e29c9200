"""What the command line prints of content: nothing that steers the terminal.

Content may hold control characters (written ``"\\e[2J"`` in YAML, or in a file name):
printed as they are, they could clear the screen, set the window's title, hide the lines
above or forge a line of their own. They are written as escapes instead.
"""

from __future__ import annotations

import re

STEERING = "\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
"""Control characters (C0 but tab and line end, DEL, C1) and the marks that change the
direction of text."""

_IN_LINES = re.compile(f"[{STEERING}]")
_ON_ONE_LINE = re.compile(f"[\t\n{STEERING}]")


def shown(text: str) -> str:
    """``text`` with every steering character written as a Python escape (``\\x1b``)."""
    return _IN_LINES.sub(_escape, text)


def on_one_line(text: str) -> str:
    """``text`` as :func:`shown`, and tabs and line ends escaped too: it stays one line."""
    return _ON_ONE_LINE.sub(_escape, text)


def in_json(text: str) -> str:
    """JSON text with every steering character written as a JSON escape (``\\u001b``)."""
    return _IN_LINES.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def _escape(match: re.Match[str]) -> str:
    return repr(match.group())[1:-1]
