"""`equitone check`: versions that break the one-chain shape (domain/version_chain.py).

Two workstations amending the same signed assessment at the same moment could, before the
transitions were made atomic, leave two "current" versions of one visit; a row written by
hand can number its versions out of order. Such a database still opens, so the check has to
look for it. Read-only: `fetch` runs one SELECT on a connection the caller opened read-only
(SQLite's file opened `mode=ro`, a read-only transaction on the server).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from equitone.domain.version_chain import Link, chain_problems
from equitone.storage.schema import REVISIONS

Fetch = Callable[[str], Iterable[Sequence[Any]]]

# Both tables have `version` and `supersedes_id` since this revision.
SINCE = "0004_audit_versions"
QUERIES = {
    "assessment": "SELECT id, patient_id, version, supersedes_id FROM assessments",
    "session": "SELECT id, patient_id, version, supersedes_id FROM sessions",
}


def version_problems(fetch: Fetch, revision: str | None) -> list[str]:
    """One sentence per break, naming the record and its patient; none before `SINCE`."""
    if revision not in REVISIONS or REVISIONS.index(revision) < REVISIONS.index(SINCE):
        return []
    found = []
    for noun, query in QUERIES.items():
        links = [Link(int(i), p, int(v), s) for i, p, v, s in fetch(query)]
        patients = {link.id: link.patient_id for link in links}
        for problem in chain_problems(links, noun):
            found.append(f"{noun.capitalize()} {problem.record} (patient "
                         f"{patients.get(problem.record)}) {problem.text}.")
    return found
