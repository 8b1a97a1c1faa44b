"""Make matplotlib's SVG cheaper for WeasyPrint to paint, without changing what it shows.

WeasyPrint walks every SVG node and parses every `style` attribute with a CSS tokenizer; a
chart is mostly grouping nodes and inline styles. The same picture, written as presentation
attributes in fewer groups, paints about a sixth faster (measured over the review's eight
charts). The input is our own matplotlib output, parsed with the standard library's XML parser
(no entities, no external references are resolved).

What changes: the metadata block goes; `<g>` nodes that carry nothing but an unreferenced id are
replaced by their children; `style="k: v"` becomes `k="v"` (an inline style and a presentation
attribute mean the same where no stylesheet competes); matplotlib's one stylesheet rule,
`*{stroke-linejoin: round; stroke-linecap: butt}`, becomes inherited attributes on the root, so
an element's own value still wins.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
ET.register_namespace("", SVG)
ET.register_namespace("xlink", XLINK)

_GROUP = f"{{{SVG}}}g"
_REFERENCE = re.compile(r"#([A-Za-z_][\w.\-]*)")
_UNIVERSAL_RULE = re.compile(r"\s*\*\s*\{([^{}]*)\}\s*")
# Properties matplotlib's universal rule sets; both are inherited, so the root may carry them.
_INHERITED = {"stroke-linejoin", "stroke-linecap"}


def compact(data: bytes) -> bytes:
    """The same picture as `data` (an SVG document from matplotlib), in fewer, plainer nodes."""
    root = ET.fromstring(data)
    referenced = set(_REFERENCE.findall(data.decode("utf-8")))
    for child in list(root):
        if child.tag == f"{{{SVG}}}metadata":
            root.remove(child)
        elif child.tag == f"{{{SVG}}}defs":
            _lift_universal_rule(root, child)
    _flatten(root, referenced)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _declarations(text: str) -> list[tuple[str, str]]:
    pairs = []
    for part in text.split(";"):
        name, colon, value = part.partition(":")
        if colon and name.strip():
            pairs.append((name.strip(), value.strip()))
    return pairs


def _lift_universal_rule(root: ET.Element, defs: ET.Element) -> None:
    for style in defs.findall(f"{{{SVG}}}style"):
        rule = _UNIVERSAL_RULE.fullmatch(style.text or "")
        if rule is None:
            continue
        pairs = _declarations(rule.group(1))
        if not pairs or any(name not in _INHERITED for name, _ in pairs):
            continue
        for name, value in pairs:
            root.set(name, value)
        defs.remove(style)
    if len(defs) == 0:
        root.remove(defs)


def _flatten(node: ET.Element, referenced: set[str]) -> None:
    children: list[ET.Element] = []
    for child in list(node):
        _flatten(child, referenced)
        style = child.attrib.pop("style", None)
        if style:
            for name, value in _declarations(style):
                child.set(name, value)
        bare = set(child.attrib) <= {"id"} and child.get("id") not in referenced
        if child.tag == _GROUP and bare:
            children.extend(child)
        else:
            children.append(child)
    node[:] = children
