"""RDF terms and quads, parsed from and written to N-Quads (the canonical form of RDF 1.2).

Canonical N-Quads, as RDFC-1.0 requires for its output and its hashes: one space between terms,
``" ."`` and a line feed after each quad; IRIs written as they are; in literals only ``"``, ``\\``
and the control characters are escaped: ``\\b \\t \\n \\f \\r`` by ECHAR, every other
U+0000..U+001F and U+007F as ``\\uXXXX`` (upper-case hex); ``xsd:string`` datatypes left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from learnbox.certs.errors import CertificateError

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


class NQuadsError(CertificateError):
    """Text that is not valid N-Quads."""


class Kind(StrEnum):
    IRI = "iri"
    BLANK = "blank"
    LITERAL = "literal"
    DEFAULT_GRAPH = "default"


@dataclass(frozen=True, order=True)
class Term:
    kind: Kind
    value: str  # IRI, blank node label (without "_:"), or literal lexical form
    datatype: str = ""
    language: str = ""


DEFAULT_GRAPH = Term(Kind.DEFAULT_GRAPH, "")


@dataclass(frozen=True)
class Quad:
    subject: Term
    predicate: Term
    object: Term
    graph: Term = DEFAULT_GRAPH


_ECHAR_OUT = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
_ECHAR_IN = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}


def escape_literal(value: str) -> str:
    out = []
    for ch in value:
        if ch in _ECHAR_OUT:
            out.append(_ECHAR_OUT[ch])
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    return "".join(out)


def term_nquads(term: Term) -> str:
    if term.kind is Kind.IRI:
        return f"<{term.value}>"
    if term.kind is Kind.BLANK:
        return f"_:{term.value}"
    if term.kind is Kind.LITERAL:
        text = f'"{escape_literal(term.value)}"'
        if term.language:
            return f"{text}@{term.language}"
        if term.datatype and term.datatype != XSD_STRING:
            return f"{text}^^<{term.datatype}>"
        return text
    return ""


def quad_nquads(quad: Quad) -> str:
    """One quad as a canonical N-Quads line, with its terminating line feed."""
    parts = [term_nquads(quad.subject), term_nquads(quad.predicate), term_nquads(quad.object)]
    if quad.graph.kind is not Kind.DEFAULT_GRAPH:
        parts.append(term_nquads(quad.graph))
    return " ".join(parts) + " .\n"


_UCHAR = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_TOKEN = re.compile(
    r"""\s*(?:
        <(?P<iri>[^>]*)>
      | _:(?P<bnode>[A-Za-z0-9_\u00C0-\U000EFFFF](?:[A-Za-z0-9_.\-\u00B7\u00C0-\U000EFFFF]*[A-Za-z0-9_\-\u00B7\u00C0-\U000EFFFF])?)
      | "(?P<lit>(?:[^"\\\n\r]|\\.)*)"(?:\^\^<(?P<dt>[^>]*)>|@(?P<lang>[A-Za-z]+(?:-[A-Za-z0-9]+)*))?
      | (?P<dot>\.)
    )""",
    re.X,
)


def _unescape_uchar(text: str) -> str:
    return _UCHAR.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), text)


def _unescape_literal(text: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch != "\\":
            out.append(ch)
            i += 1
            continue
        nxt = text[i + 1 : i + 2]
        if nxt in _ECHAR_IN:
            out.append(_ECHAR_IN[nxt])
            i += 2
        elif nxt in ("u", "U"):
            width = 4 if nxt == "u" else 8
            digits = text[i + 2 : i + 2 + width]
            if len(digits) != width or not all(c in "0123456789abcdefABCDEF" for c in digits):
                raise NQuadsError(f"bad escape \\{nxt}{digits}")
            out.append(chr(int(digits, 16)))
            i += 2 + width
        else:
            raise NQuadsError(f"bad escape \\{nxt}")
    return "".join(out)


def parse_nquads(text: str) -> list[Quad]:
    """Parse N-Quads (one statement per line); NQuadsError names the bad line."""
    quads: list[Quad] = []
    # Split on line feeds only: str.splitlines() would also split inside literals at U+0085, U+2028...
    for number, line in enumerate(text.replace("\r\n", "\n").split("\n"), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        terms: list[Term] = []
        pos, done = 0, False
        while pos < len(line) and not done:
            if not line[pos:].strip():
                break
            match = _TOKEN.match(line, pos)
            if match is None:
                raise NQuadsError(f"line {number}: cannot read {line[pos:].strip()[:30]!r}")
            pos = match.end()
            if match.group("dot"):
                done = True
            elif match.group("iri") is not None:
                terms.append(Term(Kind.IRI, _unescape_uchar(match.group("iri"))))
            elif match.group("bnode") is not None:
                terms.append(Term(Kind.BLANK, match.group("bnode")))
            else:
                lang = match.group("lang") or ""
                datatype = RDF_LANG_STRING if lang else _unescape_uchar(match.group("dt") or XSD_STRING)
                terms.append(
                    Term(Kind.LITERAL, _unescape_literal(match.group("lit")), datatype, lang.lower())
                )
        rest = line[pos:].strip()
        if not done or (rest and not rest.startswith("#")) or len(terms) not in (3, 4):
            raise NQuadsError(f"line {number}: expected 3 or 4 terms and a final '.'")
        graph = terms[3] if len(terms) == 4 else DEFAULT_GRAPH
        quads.append(Quad(terms[0], terms[1], terms[2], graph))
    return quads
