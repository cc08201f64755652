"""Checking a schema-valid archive against this database and turning it into rows to write.

The schema has settled shapes, types and ranges; what is left needs knowledge the schema does
not have: real calendar dates, muscles and exercises this database knows (custom exercises are
matched by slug, or added from the archive), and links between versions that point backwards
to a record in the same archive. Nothing here writes.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from equitone.domain.assessment import Measures, PsfsItem, StateGrade, ToneTag, validate_psfs
from equitone.domain.catalog import Catalog, CatalogError, parse_exercise
from equitone.domain.patients import PatientDraft
from equitone.domain.sequencing import Block, BlockSide
from equitone.domain.types import Dose, ExercisePicture, Side, ToneState
from equitone.domain.visit_record import activated_sides
from equitone.errors import ValidationError
from equitone.figures import PoseError, library
from equitone.services.archive_format import ArchiveError, quoted, where
from equitone.services.archive_records import ImportPlan, PlannedAssessment, PlannedSession
from equitone.services.archive_rules import check_plan, refuse_unstorable_text
from equitone.services.assessments import tag_values
from equitone.services.catalog import _exercise_values
from equitone.services.photos import prepare_photo


def _bad(path: list[Any], problem: str) -> ArchiveError:
    return ArchiveError(f"The archive is not valid: {where(path)}: {problem}.")


def _day(value: str, path: list[Any]) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise _bad(path, f"{quoted(value)} is not a real date") from None


def _picture(raw: Any, path: list[Any]) -> ExercisePicture | None:
    """A format 4 exercise's picture, checked as if typed in: a position or pose Equitone
    can draw, or a photo decoded, checked and re-encoded (services/photos.py) — a file could
    carry anything in that field."""
    if raw is None:
        return None
    photo = raw.get("photo")
    if photo is not None:
        try:
            data = base64.b64decode(photo["data"], validate=True)
        except (binascii.Error, ValueError):
            raise _bad([*path, "photo", "data"], "not valid base64") from None
        try:
            ready = prepare_photo(data, Path("the archive's photo"))
        except ValidationError as exc:
            raise _bad([*path, "photo"], str(exc).removesuffix(".")) from None
        return ExercisePicture(photo=ready.data, media_type=ready.media_type,
                               size=(ready.width, ready.height))
    base, like = raw.get("base"), raw.get("like")
    if (base is None) == (like is None):
        raise _bad(path, "give a base position, a pose to draw (like) or a photo")
    try:
        library().posed_like(base=base, like=like)
    except PoseError:
        what = f"pose {quoted(like)}" if like else f"position {quoted(base)}"
        raise _bad(path, f"Equitone cannot draw the {what}") from None
    return ExercisePicture(base=base, like=like)


def _moment(value: str | None, path: list[Any]) -> datetime | None:
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value.removesuffix("Z"))
    except ValueError:
        raise _bad(path, f"{quoted(value)} is not a real date and time") from None
    return moment.replace(tzinfo=None)


class _Planner:
    def __init__(self, document: Mapping[str, Any], catalog: Catalog, slugs: set[str]) -> None:
        self.doc = document
        self.catalog = catalog
        self.slugs = set(slugs)  # every exercise row here, retired ones too (old sessions)

    def muscle(self, slug: str, path: list[Any]) -> str:
        if slug not in self.catalog.muscles:
            raise _bad(path, f"unknown muscle {quoted(slug)}")
        return slug

    def exercise(self, slug: str, path: list[Any]) -> str:
        if slug not in self.slugs:
            raise _bad(path, f"unknown exercise {quoted(slug)} (neither in this database's catalog "
                             "nor among the archive's custom exercises)")
        return slug

    def exercises(self, plan: ImportPlan) -> None:
        seen: set[str] = set()
        matched = []
        for n, entry in enumerate(self.doc["custom_exercises"]):
            path: list[Any] = ["custom_exercises", n]
            try:
                exercise = parse_exercise(entry, custom=True)
            except CatalogError as exc:
                raise _bad(path, str(exc)) from None
            if exercise.slug in seen:
                raise _bad(path, f"the slug {quoted(exercise.slug)} appears twice")
            seen.add(exercise.slug)
            for m, muscle in enumerate(exercise.muscles):
                self.muscle(muscle, [*path, "muscles", m])
            if exercise.slug in self.slugs:
                matched.append(exercise.slug)  # this database's exercise of that slug is used
            else:
                picture = _picture(entry.get("picture"), [*path, "picture"])
                plan.new_exercises.append(_exercise_values(replace(exercise, picture=picture)))
        self.slugs |= seen
        plan.matched_exercises = tuple(matched)

    def tags(self, raw: list[dict[str, Any]], path: list[Any]) -> list[dict[str, Any]]:
        """Format 1 tags carry one state (`state`, `grade`); format 2 also list every state
        (`states`, primary first, repeating `state` and `grade`) and the length test."""
        rows, keys = [], set()
        for n, t in enumerate(raw):
            here = [*path, n]
            self.muscle(t["muscle"], [*here, "muscle"])
            stated = StateGrade(ToneState(t["state"]), t["grade"])
            findings = [StateGrade(ToneState(s["state"]), s["grade"])
                        for s in t.get("states", ())]
            if len({f.state for f in findings}) < len(findings):
                raise _bad([*here, "states"], "a state is listed twice")
            measures = Measures(t["strength"], t["tenderness"], t["pain"], t["rom_degrees"],
                                t["ashworth"], t.get("rom_test"))
            tag = ToneTag.of(t["muscle"], Side(t["side"]), findings or [stated],
                             tightness=t["tightness"], note=t["note"], measures=measures)
            primary = tag.findings[0]
            if findings and primary != stated:
                raise _bad([*here, "state"], "state and grade must be the primary state "
                           f"of states ({primary.state.value}) and its grade")
            try:
                tag = tag.validated()
            except ValidationError as exc:
                raise _bad(here, str(exc).rstrip(".")) from None
            if tag.key in keys:
                raise _bad(here, f"{tag.muscle} {tag.side.value} is tagged twice")
            keys.add(tag.key)
            rows.append(tag_values(tag))
        return rows

    def assessments(self, plan: ImportPlan) -> None:
        signed: dict[int, bool] = {}
        amended: set[int] = set()
        for n, a in enumerate(self.doc["assessments"]):
            path: list[Any] = ["assessments", n]
            if a["ref"] in signed:
                raise _bad([*path, "ref"], f"the ref {a['ref']} appears twice")
            before = a["supersedes"]
            if before is not None:
                if before not in signed:
                    raise _bad([*path, "supersedes"],
                               f"{before} is not an earlier assessment of this archive")
                if not signed[before]:
                    raise _bad([*path, "supersedes"], f"assessment {before} is not signed")
                if before in amended:
                    raise _bad([*path, "supersedes"], f"assessment {before} is amended twice")
                amended.add(before)
            try:  # a record from before the three-activity rule is kept as it is
                psfs = validate_psfs((PsfsItem(p["activity"], p["score"]) for p in a["psfs"]),
                                     complete=False)
            except ValidationError as exc:
                raise _bad([*path, "psfs"], str(exc).rstrip(".")) from None
            signed_at = _moment(a["signed_at_utc"], [*path, "signed_at_utc"])
            signed[a["ref"]] = signed_at is not None
            plan.assessments.append(PlannedAssessment(
                ref=a["ref"], supersedes=before, day=_day(a["date"], [*path, "date"]),
                clinician=a["clinician"], findings=a["findings"], signed_at=signed_at,
                signed_by=a["signed_by"], version=a["version"],
                tags=self.tags(a["tags"], [*path, "tags"]),
                psfs=[{"activity": i.activity, "score": i.score} for i in psfs],
                neurological=a.get("neurological", False),
                notes=_notes(a.get("notes")),
            ))

    def blocks(self, raw: list[dict[str, Any]], path: list[Any]) -> list[dict[str, Any]]:
        ids: set[str] = set()
        for n, b in enumerate(raw):
            here = [*path, n]
            if b["block_id"] in ids:
                raise _bad([*here, "block_id"],
                           f"the block id {quoted(b['block_id'])} appears twice")
            ids.add(b["block_id"])
            self.exercise(b["exercise"], [*here, "exercise"])
            for m, muscle in enumerate(b["muscles"]):
                self.muscle(muscle, [*here, "muscles", m])
        return [{**b, "muscles": list(b["muscles"]), "cues": [list(c) for c in b["cues"]]}
                for b in raw]

    def decisions(self, raw: list[dict[str, Any]], path: list[Any]) -> list[dict[str, Any]]:
        for n, d in enumerate(raw):
            here = [*path, n]
            self.muscle(d["muscle"], [*here, "muscle"])
            if d["kind"] == "swap":
                if d["exercise"] is None:
                    raise _bad([*here, "exercise"], "a swap names the exercise swapped in")
                self.exercise(d["exercise"], [*here, "exercise"])
            elif d["exercise"] is not None:
                raise _bad([*here, "exercise"], "a dismissal names no exercise")
        return [dict(d) for d in raw]

    def responses(self, raw: list[dict[str, Any]], blocks: list[dict[str, Any]],
                  session: Mapping[str, Any], path: list[Any]) -> list[dict[str, Any]]:
        """Format 3: one response per block of the session, on an in-clinic session."""
        known = {b["block_id"] for b in blocks}
        seen: set[str] = set()
        for n, r in enumerate(raw):
            here = [*path, n]
            if not session["in_clinic"]:
                raise _bad(here, "a home program has no responses per block")
            if r["block_id"] not in known:
                raise _bad([*here, "block_id"], f"the session has no block {quoted(r['block_id'])}")
            if r["block_id"] in seen:
                raise _bad([*here, "block_id"], "a block has one response")
            seen.add(r["block_id"])
        return [dict(r) for r in raw]

    def next_day(self, raw: list[dict[str, Any]], blocks: list[dict[str, Any]],
                 values: Mapping[str, Any], path: list[Any]) -> list[dict[str, Any]]:
        """Format 3: reports on a delivered session's activated sides, given after it."""
        activated = activated_sides(
            [Block(b["block_id"], b["exercise"], tuple(b["muscles"]), BlockSide(b["side"]),
                   Dose(b["sets"], b["reps"], b["hold_seconds"], b["rest_seconds"]),
                   auto=b["auto"]) for b in blocks], self.catalog.exercises)
        rows, seen = [], set()
        for n, r in enumerate(raw):
            here = [*path, n]
            if values["status"] != "delivered":
                raise _bad(here, "a next-day report follows a delivered session")
            key = (self.muscle(r["muscle"], [*here, "muscle"]), Side(r["side"]))
            if key not in activated:
                raise _bad(here, f"the session did not activate {key[0]} {key[1].value}")
            if key in seen:
                raise _bad(here, f"{key[0]} {key[1].value} is reported twice")
            seen.add(key)
            day = _day(r["reported_on"], [*here, "reported_on"])
            if day < values["date"]:
                raise _bad([*here, "reported_on"], "reported before the session")
            rows.append({**r, "reported_on": day})
        return rows

    def sessions(self, plan: ImportPlan) -> None:
        refs: set[int] = set()
        for n, s in enumerate(self.doc["sessions"]):
            path: list[Any] = ["sessions", n]
            if s["ref"] in refs:
                raise _bad([*path, "ref"], f"the ref {s['ref']} appears twice")
            if s["supersedes"] is not None and s["supersedes"] not in refs:
                raise _bad([*path, "supersedes"],
                           f"{s['supersedes']} is not an earlier session of this archive")
            refs.add(s["ref"])
            values = {
                "date": _day(s["date"], [*path, "date"]),
                "frequency_per_week": s["frequency_per_week"], "status": s["status"],
                "version": s["version"], "in_clinic": s["in_clinic"],
                "pre_sport": s["pre_sport"], "template": s["template"], "notes": s["notes"],
                "delivered_at": _moment(s["delivered_at"], [*path, "delivered_at"]),
            }
            blocks = self.blocks(s["blocks"], [*path, "blocks"])
            plan.sessions.append(PlannedSession(
                s["ref"], s["supersedes"], values, blocks,
                self.decisions(s["decisions"], [*path, "decisions"]),
                self.responses(s.get("responses", []), blocks, s, [*path, "responses"]),
                self.next_day(s.get("next_day", []), blocks, values, [*path, "next_day"]),
            ))

    def plan(self) -> ImportPlan:
        p = self.doc["patient"]
        born = _day(p["date_of_birth"], ["patient", "date_of_birth"]) if (
            p["date_of_birth"] is not None) else None
        draft = PatientDraft(p["name"], born, p["phone"], p["email"], p["address"], p["notes"])
        try:
            draft = draft.validated()
        except ValidationError as exc:
            raise ArchiveError(f"The archive is not valid: patient: {exc}") from None
        plan = ImportPlan(
            uuid=p["uuid"].replace("-", "").lower(), patient=draft, archived=p["archived"],
            preferred_modality=p["preferred_modality"],
            relax_after_every_activation=bool(p.get("relax_after_every_activation", False)),
            relax_after_muscles=list(p.get("relax_after_muscles", [])),
        )
        self.exercises(plan)
        if plan.preferred_modality is not None:
            self.exercise(plan.preferred_modality, ["patient", "preferred_modality"])
        for n, muscle in enumerate(plan.relax_after_muscles):
            self.muscle(muscle, ["patient", "relax_after_muscles", n])
        self.assessments(plan)
        self.sessions(plan)
        return plan


def _notes(raw: Mapping[str, str] | None) -> dict[str, str] | None:
    if raw is None or not any(text.strip() for text in raw.values()):
        return None
    return dict(raw)


def plan_import(document: Mapping[str, Any], catalog: Catalog, slugs: set[str]) -> ImportPlan:
    """Check a schema-valid archive against this database and against what the app could
    have made (services/archive_rules.py); raise ArchiveError or return the rows to write."""
    refuse_unstorable_text(dict(document))
    plan = _Planner(document, catalog, slugs).plan()
    check_plan(plan)
    return plan
