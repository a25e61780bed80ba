"""RDF Dataset Canonicalization, RDFC-1.0 (W3C Recommendation, 2024), written from the spec.

Why not pyld's URDNA2015: its N-Quads writer escapes control characters the old way, so the
canonical bytes (and every hash over them) differ from RDFC-1.0 for such literals. This module
does the whole algorithm on :mod:`learnbox.certs.nquads` quads and writes canonical N-Quads
itself; it is checked against the W3C rdf-canon test suite.

Section numbers refer to https://www.w3.org/TR/rdf-canon/. Poison graphs (datasets built to make
canonicalization take exponential time) are refused: the number of N-degree hash computations
per blank node is limited (``max_work_factor``), as §4.4 recommends.
"""

from __future__ import annotations

import hashlib
import itertools
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from learnbox.certs.errors import CertificateError
from learnbox.certs.nquads import DEFAULT_GRAPH, Kind, Quad, Term, quad_nquads


class CanonicalizationError(CertificateError):
    """The dataset could not be canonicalized within the work limit (a poison graph)."""


@dataclass
class IdentifierIssuer:
    """§4.3: issues ``prefix`` + counter identifiers, remembering the order of issue."""

    prefix: str
    issued: dict[str, str] = field(default_factory=dict)  # existing label -> issued identifier

    def issue(self, existing: str) -> str:
        found = self.issued.get(existing)
        if found is None:
            found = f"{self.prefix}{len(self.issued)}"
            self.issued[existing] = found
        return found

    def copy(self) -> IdentifierIssuer:
        return IdentifierIssuer(self.prefix, dict(self.issued))


class _Canonicalizer:
    def __init__(self, quads: Sequence[Quad], hash_name: str, max_work_factor: int) -> None:
        self.quads = list(dict.fromkeys(quads))  # a dataset is a set: drop duplicates, keep order
        self.hash_name = hash_name
        self.canonical = IdentifierIssuer("c14n")
        self.bnode_quads: dict[str, list[Quad]] = defaultdict(list)
        self.first_degree: dict[str, str] = {}
        self.deep_iterations: dict[str, int] = defaultdict(int)
        self.max_work_factor = max_work_factor
        self.max_deep_iterations = 0

    def hash(self, data: str) -> str:
        return hashlib.new(self.hash_name, data.encode("utf-8")).hexdigest()

    def run(self) -> str:
        # §4.4.3 step 2: which quads mention each blank node.
        for quad in self.quads:
            for term in (quad.subject, quad.object, quad.graph):
                if term.kind is Kind.BLANK and quad not in self.bnode_quads[term.value][-1:]:
                    self.bnode_quads[term.value].append(quad)
        # Step 3: first-degree hashes, grouped.
        by_hash: dict[str, list[str]] = defaultdict(list)
        for bnode in self.bnode_quads:
            by_hash[self.hash_first_degree(bnode)].append(bnode)
        # Step 4: blank nodes with a unique first-degree hash get canonical ids in hash order.
        shared: list[tuple[str, list[str]]] = []
        for digest in sorted(by_hash):
            if len(by_hash[digest]) == 1:
                self.canonical.issue(by_hash[digest][0])
            else:
                shared.append((digest, by_hash[digest]))
        remaining = sum(len(nodes) for _, nodes in shared)
        self.max_deep_iterations = remaining**self.max_work_factor if remaining else 0
        # Step 5: the rest by N-degree hashes.
        for _, nodes in shared:
            paths: list[tuple[str, IdentifierIssuer]] = []
            for bnode in nodes:
                if bnode in self.canonical.issued:
                    continue
                temporary = IdentifierIssuer("b")
                temporary.issue(bnode)
                paths.append(self.hash_n_degree(bnode, temporary))
            for _, issuer in sorted(paths, key=lambda item: item[0]):
                for existing in issuer.issued:
                    self.canonical.issue(existing)
        # Step 6: relabel and sort.
        lines = {quad_nquads(self.relabel(quad)) for quad in self.quads}
        return "".join(sorted(lines))

    def relabel(self, quad: Quad) -> Quad:
        def label(term: Term) -> Term:
            if term.kind is Kind.BLANK:
                return Term(Kind.BLANK, self.canonical.issued[term.value])
            return term

        return Quad(label(quad.subject), quad.predicate, label(quad.object), label(quad.graph))

    def hash_first_degree(self, reference: str) -> str:
        """§4.6: hash of the quads of ``reference`` with it as ``_:a`` and other blank nodes as ``_:z``."""
        cached = self.first_degree.get(reference)
        if cached is not None:
            return cached

        def mask(term: Term) -> Term:
            if term.kind is Kind.BLANK:
                return Term(Kind.BLANK, "a" if term.value == reference else "z")
            return term

        lines = sorted(
            quad_nquads(Quad(mask(q.subject), q.predicate, mask(q.object), mask(q.graph)))
            for q in self.bnode_quads[reference]
        )
        digest = self.hash("".join(lines))
        self.first_degree[reference] = digest
        return digest

    def hash_related(self, related: str, quad: Quad, issuer: IdentifierIssuer, position: str) -> str:
        """§4.7: hash of a blank node related to another through ``quad`` at ``position``."""
        if related in self.canonical.issued:
            identifier = "_:" + self.canonical.issued[related]
        elif related in issuer.issued:
            identifier = "_:" + issuer.issued[related]
        else:
            identifier = self.hash_first_degree(related)
        data = position
        if position != "g":
            data += f"<{quad.predicate.value}>"
        return self.hash(data + identifier)

    def hash_n_degree(self, identifier: str, issuer: IdentifierIssuer) -> tuple[str, IdentifierIssuer]:
        """§4.8: the N-degree hash of ``identifier`` and the issuer that produced it."""
        self.deep_iterations[identifier] += 1
        if self.deep_iterations[identifier] > self.max_deep_iterations:
            raise CanonicalizationError(
                f"canonicalization needs more than {self.max_deep_iterations} deep iterations "
                "for one blank node (a poison graph?)"
            )
        related_by_hash: dict[str, list[str]] = defaultdict(list)
        for quad in self.bnode_quads[identifier]:
            for term, position in ((quad.subject, "s"), (quad.object, "o"), (quad.graph, "g")):
                if term.kind is Kind.BLANK and term.value != identifier:
                    related_by_hash[self.hash_related(term.value, quad, issuer, position)].append(term.value)
        data = ""
        for related_hash in sorted(related_by_hash):
            data += related_hash
            chosen_path = ""
            chosen_issuer: IdentifierIssuer | None = None
            for permutation in itertools.permutations(related_by_hash[related_hash]):
                result = self._try_permutation(permutation, issuer, chosen_path)
                if result is not None and (chosen_issuer is None or result[0] < chosen_path):
                    chosen_path, chosen_issuer = result
            assert chosen_issuer is not None  # the first permutation is never pruned
            data += chosen_path
            issuer = chosen_issuer
        return self.hash(data), issuer

    def _try_permutation(
        self, permutation: Iterable[str], issuer: IdentifierIssuer, chosen_path: str
    ) -> tuple[str, IdentifierIssuer] | None:
        """§4.8.3 step 5.4: the path of one permutation, or None when it cannot beat ``chosen_path``."""
        copy = issuer.copy()
        path = ""
        recursion: list[str] = []

        def worse() -> bool:
            return bool(chosen_path) and len(path) >= len(chosen_path) and path > chosen_path

        for related in permutation:
            if related in self.canonical.issued:
                path += "_:" + self.canonical.issued[related]
            else:
                if related not in copy.issued:
                    recursion.append(related)
                path += "_:" + copy.issue(related)
            if worse():
                return None
        for related in recursion:
            digest, copy_after = self.hash_n_degree(related, copy)
            path += "_:" + copy.issue(related)
            path += f"<{digest}>"
            copy = copy_after
            if worse():
                return None
        return path, copy


def canonicalize(quads: Sequence[Quad], hash_name: str = "sha256", max_work_factor: int = 2) -> str:
    """The canonical N-Quads of ``quads`` (RDFC-1.0), lines sorted, each ending in a line feed."""
    return _Canonicalizer(quads, hash_name, max_work_factor).run()


def from_pyld_dataset(dataset: dict[str, list[dict[str, dict[str, str]]]]) -> list[Quad]:
    """Quads from pyld's ``to_rdf`` dataset structure (graph name -> triples)."""

    def term(node: dict[str, str]) -> Term:
        kind = node["type"]
        value = node["value"]
        if kind == "blank node":
            return Term(Kind.BLANK, value.removeprefix("_:"))
        if kind == "IRI":
            return Term(Kind.IRI, value)
        return Term(Kind.LITERAL, value, node.get("datatype", ""), node.get("language", "").lower())

    quads: list[Quad] = []
    for graph_name, triples in dataset.items():
        if graph_name == "@default":
            graph = DEFAULT_GRAPH
        elif graph_name.startswith("_:"):
            graph = Term(Kind.BLANK, graph_name[2:])
        else:
            graph = Term(Kind.IRI, graph_name)
        for t in triples:
            quads.append(Quad(term(t["subject"]), term(t["predicate"]), term(t["object"]), graph))
    return quads
