"""The shape every record's versions must have: one chain, numbered without gaps.

An assessment amended after signing, or a session given a new version after delivery, gets a
successor that `supersedes` it with `version + 1`. So the versions of one record form a chain
1, 2, 3 …: each version has at most one successor (two would be a fork — two "current"
versions of one visit), the first has version 1 and supersedes nothing, and each later one
is numbered one past the version it replaces, of the same patient. `equitone check` looks for
breaks of this shape in a database, and the archive import refuses a file that has one.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Link:
    """One version: its id, its patient, its number and the id of the version it replaces."""

    id: int
    patient_id: int | None
    version: int
    supersedes: int | None


@dataclass(frozen=True, slots=True)
class ChainProblem:
    """`record` (an id) breaks the chain; `text` completes a sentence about it
    ("has two newer versions: 12 and 15")."""

    record: int
    text: str


def chain_problems(links: Iterable[Link], noun: str = "record") -> list[ChainProblem]:
    """Every break of the one-chain shape among `links`, in id order; `noun` names the
    records in the texts ("assessment")."""
    by_id = {link.id: link for link in links}
    successors: dict[int, list[int]] = defaultdict(list)
    problems: list[ChainProblem] = []
    for link in by_id.values():
        if link.supersedes is None:
            if link.version != 1:
                problems.append(ChainProblem(
                    link.id, f"is version {link.version} but replaces no earlier version"))
            continue
        successors[link.supersedes].append(link.id)
        before = by_id.get(link.supersedes)
        if before is None:
            problems.append(ChainProblem(
                link.id, f"replaces {noun} {link.supersedes}, which does not exist"))
        elif before.patient_id != link.patient_id:
            problems.append(ChainProblem(
                link.id, f"replaces {noun} {before.id}, which belongs to another patient"))
        elif link.version != before.version + 1:
            problems.append(ChainProblem(
                link.id, f"is version {link.version} but replaces version {before.version} "
                         f"({noun} {before.id}): the versions are out of order"))
    for record, newer in successors.items():
        if len(newer) > 1:
            listed = ", ".join(str(n) for n in sorted(newer))
            problems.append(ChainProblem(
                record, f"has {len(newer)} newer versions ({noun}s {listed}): the versions fork"))
    return sorted(problems, key=lambda p: (p.record, p.text))
