"""Text for XML (SVG, Common Cartridge manifests): escaped, and without the characters that
XML 1.0 does not allow at all (most control characters), which content made in Python may hold.
"""

from __future__ import annotations

import re
from xml.sax.saxutils import escape, quoteattr

_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    """``text`` escaped for an XML element, with characters XML forbids left out."""
    return escape(_NOT_IN_XML.sub("", text))


def xml_attribute(text: str) -> str:
    """``text`` as a quoted XML attribute value, with characters XML forbids left out."""
    return quoteattr(_NOT_IN_XML.sub("", text))
