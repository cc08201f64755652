"""Session templates: shipped ones from resources/, the clinician's own in the database."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from equitone.domain.catalog import Template, TemplateBlock
from equitone.domain.limits import check_text
from equitone.domain.sequencing import Block
from equitone.domain.session import SessionRecord
from equitone.errors import NotFoundError, ValidationError
from equitone.services.catalog import load_catalog, shipped_templates
from equitone.services.sessions import block_for
from equitone.storage.database import Database
from equitone.storage.models import TemplateRow


@dataclass(frozen=True, slots=True)
class TemplateEntry:
    template: Template
    custom: bool


def list_templates(db: Database) -> list[TemplateEntry]:
    entries = [TemplateEntry(t, False) for t in shipped_templates()]
    with db.reading() as session:
        for row in session.scalars(select(TemplateRow).order_by(TemplateRow.name)):
            blocks = tuple(
                TemplateBlock(b["exercise"], b.get("muscle"), b.get("side", "both"))
                for b in row.blocks
            )
            entries.append(TemplateEntry(
                Template(row.slug, row.name, row.description, row.frequency_per_week, blocks),
                True,
            ))
    return entries


def find_template(db: Database, slug: str) -> Template:
    for entry in list_templates(db):
        if entry.template.slug == slug:
            return entry.template
    raise NotFoundError(f"There is no template '{slug}'.")


def template_blocks(db: Database, template: Template) -> list[Block]:
    catalog = load_catalog(db)
    return [block_for(catalog, b.exercise, b.muscle, b.side) for b in template.blocks]


def _slugify(name: str) -> str:
    """At most 60 characters: "custom-" and a "-2" to tell namesakes apart still fit the
    80 of the slug column."""
    slug = re.sub(r"[^a-z0-9]+", "-", name.casefold()).strip("-")[:60].strip("-")
    return slug or "template"


def save_as_template(
    db: Database, record: SessionRecord, name: str, description: str = ""
) -> Template:
    """Store the clinician's own blocks of a session (the engine adds the rest again)."""
    name = check_text(" ".join(name.split()), "session_templates.name")
    if not name:
        raise ValidationError("A template needs a name.")
    description = check_text(description.strip(), "session_templates.description")
    existing = {e.template.slug for e in list_templates(db)}
    base = slug = "custom-" + _slugify(name)
    n = 2
    while slug in existing:
        slug, n = f"{base}-{n}", n + 1
    blocks: list[dict[str, Any]] = []
    for block in record.placed:
        muscle = block.muscles[0] if len(block.muscles) == 1 else None
        blocks.append({"exercise": block.exercise, "muscle": muscle, "side": block.side.value})
    if not blocks:
        raise ValidationError("The session has no exercises to keep as a template.")
    with db.transaction() as session:
        session.add(TemplateRow(slug=slug, name=name, description=description,
                                frequency_per_week=record.details.frequency_per_week,
                                blocks=blocks))
    return find_template(db, slug)
