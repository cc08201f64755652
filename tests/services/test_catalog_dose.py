"""A card's numbers come from its block's dose in a clinic's database too: the database's
catalog reuses the shipped exercises, whose instructions show the default dose, and must keep
the shipped templates to fill from each block's own dose."""

from __future__ import annotations

import pytest

from equitone.domain.types import Dose
from equitone.services.catalog import load_catalog, shipped_catalog
from equitone.storage.database import Database


@pytest.mark.parametrize(("slug", "dose", "said", "not_said"), [
    ("supported-neck-rest", Dose(2, None, 20, 0), "for 20 seconds", "2 minutes"),
    ("chin-tuck", Dose(2, 10, 7, 30), "hold 7 seconds", "10 seconds"),
])
def test_the_database_catalog_fills_instructions_from_the_blocks_dose(
        db: Database, slug: str, dose: Dose, said: str, not_said: str) -> None:
    catalog = load_catalog(db)
    text = catalog.technique_text(slug, None, dose)
    assert said in text and not_said not in text
    assert text == shipped_catalog().technique_text(slug, None, dose)
    assert catalog.exercises[slug].instruction == shipped_catalog().exercises[slug].instruction
