"""Safe, streaming XML for the CIN census and the SSDA903 XML form.

lxml with entity resolution, network access, DTD loading and huge trees all off; on top of that
any DOCTYPE or ENTITY declaration is refused outright (billion laughs, external entities), before
lxml sees the file. Elements are streamed with iterparse and cleared once read, so memory stays
flat however many children a file holds.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from lxml import etree

from clearsight.engine.childdata.readers._common import fail

PROLOG_LIMIT = 64 * 1024  # bytes before the root element (an XML declaration and comments)
PARSER_OPTIONS: dict[str, Any] = {
    "resolve_entities": False, "no_network": True, "huge_tree": False, "load_dtd": False,
    "dtd_validation": False, "remove_comments": True, "remove_pis": True, "recover": False,
}


def _prolog_text(head: bytes) -> str:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return head.decode("utf-16", errors="replace")
    if head[:4] in (b"\x00<\x00?", b"<\x00?\x00"):
        return head.decode("utf-16-be" if head[0] == 0 else "utf-16-le", errors="replace")
    return head.decode("latin-1")  # markup is ASCII in every encoding we accept


def reject_declarations(path: Path, file: str) -> None:
    """Refuse any DTD: a DOCTYPE or ENTITY declaration before the root element."""
    with path.open("rb") as handle:
        head = handle.read(PROLOG_LIMIT)
    text = _prolog_text(head)
    root = re.search(r"<[A-Za-z_]", text)
    prolog = text if root is None else text[: root.start()]
    upper = prolog.upper()
    if "<!DOCTYPE" in upper or "<!ENTITY" in upper:
        line = prolog[: max(upper.find("<!DOCTYPE"), upper.find("<!ENTITY"))].count("\n") + 1
        fail(file, "The XML declares a DTD or entities (<!DOCTYPE …>/<!ENTITY …>). Census files never do, "
                   "and such declarations can be used to attack a server, so the file is refused. "
                   "Export it again from the case management system.", line=line, code="xml_dtd")
    if root is None and len(head) == PROLOG_LIMIT:
        fail(file, f"No XML element starts in the first {PROLOG_LIMIT // 1024} KB of the file.", line=1,
             code="unreadable_file")


def local(tag: object) -> str:
    """An element's name without its namespace."""
    text = tag if isinstance(tag, str) else ""
    return text.rpartition("}")[2]


def iter_elements(path: Path, file: str, tags: tuple[str, ...]) -> Iterator[Any]:
    """Yield each complete element named in ``tags`` (any namespace), then free it."""
    reject_declarations(path, file)
    wanted = [f"{{*}}{tag}" for tag in tags] + list(tags)
    context = etree.iterparse(str(path), events=("end",), tag=wanted, **PARSER_OPTIONS)
    checked = False
    try:
        for _, element in context:
            if not checked:
                if element.getroottree().docinfo.doctype:
                    fail(file, "The XML declares a DTD: refused.", line=1, code="xml_dtd")
                checked = True
            yield element
            element.clear(keep_tail=False)
            parent = element.getparent()
            if parent is not None:
                while element.getprevious() is not None:
                    del parent[0]
    except etree.XMLSyntaxError as error:
        line = error.lineno if error.lineno else None
        message = str(error.msg or error).split(", line")[0]
        fail(file, f"The XML is not well formed (is the file complete?): {message}.", line=line,
             code="bad_xml")


def root_name(path: Path, file: str) -> str:
    """The root element's name (without namespace), reading no further than its start tag."""
    reject_declarations(path, file)
    context = etree.iterparse(str(path), events=("start",), **PARSER_OPTIONS)
    try:
        for _, element in context:
            return local(element.tag)
    except etree.XMLSyntaxError as error:
        fail(file, f"The XML is not well formed: {error.msg}.", line=error.lineno or None, code="bad_xml")
    fail(file, "The XML file has no elements.", line=1, code="empty")


def leaves(element: Any) -> dict[str, str | None]:
    """The text of an element's direct children that have no children themselves."""
    found: dict[str, str | None] = {}
    for child in element:
        if len(child) == 0 and isinstance(child.tag, str):
            text = child.text
            found[local(child.tag)] = text.strip() if text is not None and text.strip() else None
    return found
