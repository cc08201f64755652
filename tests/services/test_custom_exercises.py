"""The clinic's own exercises: added and edited with a drawn figure or a photo, in the audit
trail, carried by backups and patient archives; a bad photo is one line and nothing stored."""

from __future__ import annotations

import functools
import io
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PIL import Image
from PIL.TiffImagePlugin import IFDRational
from sqlalchemy import func, select

from equitone.domain.session import SessionDetails
from equitone.domain.types import Dose, ExerciseKind, Side
from equitone.errors import NotFoundError, ValidationError
from equitone.services import patients, sessions
from equitone.services.archive import export_patient, import_archive, patient_archive
from equitone.services.audit import audit_entries, summary
from equitone.services.catalog import load_catalog
from equitone.services.custom_exercises import (
    ExerciseDraft,
    add_exercise,
    draft_of,
    edit_exercise,
    get_exercise,
    list_exercises,
)
from equitone.services.figures import exercise_pictures
from equitone.services.photos import MAX_SIDE, read_photo
from equitone.storage.database import Database
from equitone.storage.models import AuditRow, ExerciseRow
from tests.pictures import RecordedPictures

HOSTILE = "Towel <press> & \"squeeze\" '); DROP TABLE exercises; -- \u202eevil"


def _draft(**changes: object) -> ExerciseDraft:
    base = ExerciseDraft(name="Towel press", kind=ExerciseKind.ACTIVATION,
                         muscles=("gluteus-medius",), dose=Dose(2, 10, None, 30),
                         instruction="Lie on your side and press the towel down.",
                         base="side-lying")
    from dataclasses import replace

    return replace(base, **changes)  # type: ignore[arg-type]


@functools.cache
def _camera_jpeg() -> bytes:
    """A camera-like JPEG: EXIF with the camera's name, GPS, orientation 6 (turn right) and
    a comment; grain, so it is stored as a photo (JPEG), not a flat drawing (PNG)."""
    size = (1800, 1200)
    noise = Image.effect_noise(size, 60).convert("RGB")
    image = Image.blend(Image.new("RGB", size, (180, 120, 90)), noise, 0.5)
    exif = Image.Exif()
    exif[0x010F] = "SecretCam Inc"
    exif[0x0112] = 6
    exif.get_ifd(0x8825)[2] = (IFDRational(47, 1), IFDRational(22, 1), IFDRational(5, 1))
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes(), quality=92, comment=b"patient Maria K.")
    return out.getvalue()


def _photo_file(tmp_path: Path, name: str = "p.jpg") -> Path:
    path = tmp_path / name
    path.write_bytes(_camera_jpeg())
    return path


def _rows(db: Database) -> tuple[int, int]:
    with db.reading() as s:
        return (int(s.scalar(select(func.count()).select_from(ExerciseRow)) or 0),
                int(s.scalar(select(func.count()).select_from(AuditRow)) or 0))


def test_add_edit_list_and_show_an_own_exercise(db: Database) -> None:
    added = add_exercise(db, _draft())
    assert added.slug == "own-towel-press" and added.custom
    assert added.picture is not None and added.picture.base == "side-lying"
    twin = add_exercise(db, _draft())
    assert twin.slug == "own-towel-press-2"  # a namesake keeps its own slug
    edited = edit_exercise(db, added.slug, _draft(name="Towel press, harder",
                                                  dose=Dose(3, 12, 2, 45), base=None,
                                                  like="clamshell"))
    assert edited.slug == added.slug and edited.dose == Dose(3, 12, 2, 45)
    assert edited.picture is not None and edited.picture.like == "clamshell"
    own = list_exercises(db, own_only=True)
    assert [e.slug for e in own] == ["own-towel-press-2", "own-towel-press"]
    assert len(list_exercises(db)) == len(load_catalog(db).exercises)
    assert draft_of(get_exercise(db, added.slug)).like == "clamshell"
    # a figure in the chosen pose: start and end, its muscle highlighted on the left side
    scenes = exercise_pictures(added.slug, edited, edited.muscles, Side.LEFT)
    assert len(scenes) == 2
    assert any(s.role == "muscle" and s.key == "gluteus-medius:left" for s in scenes[1].shapes)


def test_own_exercises_are_in_the_audit_trail(db: Database, tmp_path: Path) -> None:
    added = add_exercise(db, _draft())
    edit_exercise(db, added.slug, _draft(photo=read_photo(_photo_file(tmp_path)), base=None))
    entries = [e for e in audit_entries(db) if e.entity == "exercise"]
    assert [e.action for e in entries] == ["create", "update"]
    assert entries[0].new is not None and entries[0].new["name"] == "Towel press"
    photo = entries[1].new["photo"] if entries[1].new else None
    assert isinstance(photo, dict) and set(photo) == {"bytes", "sha256"}  # never the pixels
    assert summary(entries[1], load_catalog(db))
    # the shipped catalog is the program's: syncing it writes nothing to the trail
    from equitone.services.catalog import sync_catalog

    before = len(audit_entries(db))
    sync_catalog(db, force=True)
    assert len(audit_entries(db)) == before


@pytest.mark.parametrize(("change", "message"), [
    ({"name": "   "}, "needs a name"),
    ({"name": "x" * 161}, "at most 160 characters"),
    ({"name": "A\x00B"}, "NUL character"),
    ({"muscles": ()}, "at least one muscle"),
    ({"muscles": ("spleen",)}, "Unknown muscle(s): spleen"),
    ({"dose": Dose(0, 10)}, "sets must be 1–20"),
    ({"dose": Dose(2, None, None)}, "reps, a hold in seconds, or both"),
    ({"dose": Dose(2, 10, 5000)}, "hold seconds must be 1–3600"),
    ({"base": "handstand"}, "Unknown position 'handstand'"),
    ({"base": None, "like": "no-such"}, "no picture of 'no-such'"),
    ({"base": None}, "Choose one picture"),
    ({"like": "clamshell"}, "Choose one picture"),
])
def test_a_bad_definition_is_one_line_and_stores_nothing(
        db: Database, change: dict[str, object], message: str) -> None:
    before = _rows(db)
    with pytest.raises(ValidationError) as caught:
        add_exercise(db, _draft(**change))
    assert message in str(caught.value) and "\n" not in str(caught.value)
    assert _rows(db) == before


def test_shipped_exercises_are_not_edited_here(db: Database) -> None:
    with pytest.raises(ValidationError, match="cannot be edited; add your own"):
        edit_exercise(db, "clamshell", _draft())
    with pytest.raises(NotFoundError):
        edit_exercise(db, "own-nothing", _draft())


# -- photos ------------------------------------------------------------------------------------
def test_a_photo_is_upright_scaled_and_stripped(tmp_path: Path) -> None:
    photo = read_photo(_photo_file(tmp_path))
    assert max(photo.width, photo.height) == MAX_SIDE
    assert (photo.width, photo.height) == (800, 1200)  # orientation 6: turned upright
    stored = Image.open(io.BytesIO(photo.data))
    assert stored.format == "JPEG" and photo.media_type == "image/jpeg"
    assert not stored.getexif() and "exif" not in stored.info and "icc_profile" not in stored.info
    assert b"SecretCam" not in photo.data and b"Maria" not in photo.data
    assert b"Exif" not in photo.data


def _bomb(tmp_path: Path) -> Path:
    path = tmp_path / "bomb.png"
    Image.new("1", (20_000, 20_000)).save(path)  # 48 kB that unpack to 400 megapixels
    return path


def _huge(tmp_path: Path) -> Path:
    path = tmp_path / "huge.jpg"
    with path.open("wb") as out:
        out.truncate(26 * 1024 * 1024)  # sparse: no time or disk spent
    return path


def _truncated(tmp_path: Path) -> Path:
    data = _photo_file(tmp_path).read_bytes()
    path = tmp_path / "cut.jpg"
    path.write_bytes(data[: len(data) // 3])
    return path


def _not_an_image(tmp_path: Path) -> Path:
    path = tmp_path / "notes.png"
    path.write_text("these are notes, not a picture", encoding="utf-8")
    return path


def _gif(tmp_path: Path) -> Path:
    path = tmp_path / "anim.gif"
    Image.new("RGB", (40, 40)).save(path, "GIF")
    return path


@pytest.mark.parametrize(("make", "message"), [
    (_not_an_image, "it is not a PNG or JPEG image"),
    (_gif, "it is not a PNG or JPEG image"),
    (_truncated, "it is damaged or incomplete"),
    (_bomb, "far more pixels than a photo of an exercise needs"),
    (_huge, "it is larger than 25 MB"),
    (lambda p: p, "it is a folder"),
])
def test_a_bad_photo_is_one_line_and_nothing_is_stored(
        db: Database, tmp_path: Path, make: object, message: str) -> None:
    path = make(tmp_path)  # type: ignore[operator]
    before = _rows(db)
    with pytest.raises(ValidationError) as caught:
        add_exercise(db, _draft(base=None, photo=read_photo(path)))
    assert message in str(caught.value) and "\n" not in str(caught.value)
    assert _rows(db) == before


# -- carried along -----------------------------------------------------------------------------
@pytest.fixture
def other(tmp_path: Path, template_database: Path) -> Iterator[Database]:
    """A second clinic's database, to import into."""
    import shutil

    from equitone.services.workspace import open_workspace

    path = tmp_path / "other.sqlite3"
    shutil.copyfile(template_database, path)
    database = open_workspace(path)
    yield database
    database.close()


def _patient_using(db: Database, slug: str) -> int:
    patient = patients.create_patient(db, patients.PatientDraft(name=HOSTILE))
    blocks = [sessions.parse_exercise_spec(load_catalog(db), f"{slug}::left")]
    sessions.create_session(db, patient.id, blocks, SessionDetails(date(2026, 3, 2)))
    return patient.id


def test_an_own_exercise_with_its_photo_survives_archive_export_and_import(
        db: Database, tmp_path: Path, other: Database) -> None:
    photo = read_photo(_photo_file(tmp_path))
    own = add_exercise(db, _draft(name=HOSTILE, base=None, photo=photo))
    figure = add_exercise(db, _draft(name="Own bridge", base="supine-hook"))
    patient_id = _patient_using(db, own.slug)
    patients_blocks = [sessions.parse_exercise_spec(load_catalog(db), f"{figure.slug}::both")]
    sessions.create_session(db, patient_id, patients_blocks, SessionDetails(date(2026, 3, 9)))
    archive = tmp_path / "patient.json"
    export_patient(db, patient_id, archive)
    document = json.loads(archive.read_text(encoding="utf-8"))
    assert document["format_version"] == 4
    pictures = {e["slug"]: e["picture"] for e in document["custom_exercises"]}
    assert pictures[figure.slug] == {"base": "supine-hook", "like": None, "photo": None}
    assert pictures[own.slug]["photo"]["width"] == photo.width
    result = import_archive(other, archive)
    assert set(result.exercises_added) == {own.slug, figure.slug}
    imported = get_exercise(other, own.slug)
    assert imported.name == HOSTILE and imported.picture is not None
    assert imported.picture.size == (photo.width, photo.height)
    assert imported.picture.media_type == "image/jpeg"  # checked and re-encoded on import
    assert get_exercise(other, figure.slug).picture == figure.picture
    assert [e.entity for e in audit_entries(other)].count("exercise") == 2


def test_a_format_3_archive_still_imports(db: Database, tmp_path: Path,
                                          other: Database) -> None:
    own = add_exercise(db, _draft(name="Own bridge", base="supine-hook"))
    document = patient_archive(db, _patient_using(db, own.slug))
    document["format_version"] = 3  # the previous release: no pictures
    for entry in document["custom_exercises"]:
        del entry["picture"]
    archive = tmp_path / "v3.json"
    archive.write_text(json.dumps(document), encoding="utf-8")
    import_archive(other, archive)
    assert get_exercise(other, own.slug).picture is None  # drawn as a plain figure


def test_a_hostile_photo_inside_an_archive_is_refused(db: Database, tmp_path: Path,
                                                      other: Database) -> None:
    import base64

    from equitone.services.archive_format import ArchiveError

    own = add_exercise(db, _draft(base=None, photo=read_photo(_photo_file(tmp_path))))
    document = patient_archive(db, _patient_using(db, own.slug))
    photo = document["custom_exercises"][0]["picture"]["photo"]
    photo["data"] = base64.b64encode(_bomb(tmp_path).read_bytes()).decode()
    archive = tmp_path / "bomb.json"
    archive.write_text(json.dumps(document), encoding="utf-8")
    before = _rows(other)
    with pytest.raises(ArchiveError, match=r"custom_exercises\[0\]\.picture\.photo: .*"
                                           r"far more pixels") as caught:
        import_archive(other, archive)
    assert "\n" not in str(caught.value)
    assert _rows(other) == before


@pytest.mark.sqlite_only("backups of the file")
def test_an_own_exercise_with_its_photo_survives_backup_and_restore(
        db_path: Path, tmp_path: Path) -> None:
    from equitone.services import backups
    from equitone.services.workspace import open_workspace

    photo = read_photo(_photo_file(tmp_path))
    db = open_workspace(db_path)
    try:
        slug = add_exercise(db, _draft(base=None, photo=photo)).slug
    finally:
        db.close()
    backup = backups.backup_now(db_path)
    db = open_workspace(db_path)
    try:
        edit_exercise(db, slug, _draft(name="Changed after the backup"))
    finally:
        db.close()
    backups.restore(db_path, backup)
    load_catalog.cache_clear()
    db = open_workspace(db_path)
    try:
        restored = get_exercise(db, slug)
        assert restored.name == "Towel press"
        assert restored.picture is not None and restored.picture.photo == photo.data
    finally:
        db.close()


def test_own_exercises_print_on_the_patients_plan(
        db: Database, tmp_path: Path, pictures: RecordedPictures) -> None:
    import re
    import subprocess

    from equitone.services.printing import print_session
    from tests.printing import pdftools

    def images(pdf: Path) -> list[str]:
        listed = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True,
                                text=True, check=False)
        return listed.stdout.splitlines()[2:]

    photo = add_exercise(db, _draft(name=HOSTILE, base=None,
                                    photo=read_photo(_photo_file(tmp_path))))
    figure = add_exercise(db, _draft(name="Own bridge", base="supine-hook",
                                     instruction="Lift the hips for {hold}."))
    patient_id = _patient_using(db, photo.slug)
    with_photo = sessions.list_sessions(db, patient_id)[0]
    pdf = print_session(db, with_photo.id, tmp_path / "photo.pdf", pictures=pictures)
    text = re.sub(r"\s+", " ", pdftools.text(pdf))
    assert "Towel <press> & \"squeeze\"" in text  # a hostile name prints as typed
    assert len(images(pdf)) == 1  # the photo, once
    blocks = [sessions.parse_exercise_spec(load_catalog(db), f"{figure.slug}::left")]
    record = sessions.create_session(db, patient_id, blocks, SessionDetails(date(2026, 3, 9)))
    pdf = print_session(db, record.id, tmp_path / "figure.pdf", pictures=pictures)
    text = re.sub(r"\s+", " ", pdftools.text(pdf))
    assert "Lift the hips for {hold}." in text  # a clinician's own words, as typed
    assert "Left outer hip muscle (gluteus medius) works." in text  # the side, no guess
    assert images(pdf) == []  # a drawn figure stays vectors


def test_an_own_exercise_keeps_its_picture_through_a_fhir_bundle(
        db: Database, other: Database) -> None:
    from equitone.services.fhir_export import patient_bundle
    from equitone.services.fhir_import import import_bundle

    own = add_exercise(db, _draft(name="Own bridge", base="supine-hook"))
    bundle = patient_bundle(db, _patient_using(db, own.slug))
    import_bundle(other, json.loads(json.dumps(bundle)), "bundle.json")
    assert get_exercise(other, own.slug).picture == own.picture


def test_a_fhir_bundle_written_before_pictures_still_imports(
        db: Database, other: Database) -> None:
    from equitone.services.fhir_export import patient_bundle
    from equitone.services.fhir_import import import_bundle

    own = add_exercise(db, _draft(name="Own bridge", base="supine-hook"))
    bundle = patient_bundle(db, _patient_using(db, own.slug))
    for entry in bundle["entry"]:
        resource = entry["resource"]
        if resource["resourceType"] == "ActivityDefinition":
            for extension in resource.get("extension", []):
                if "valueString" in extension:  # the catalog entry, as older versions wrote it
                    written = json.loads(extension["valueString"])
                    del written["picture"]
                    extension["valueString"] = json.dumps(written)
    import_bundle(other, bundle, "old.json")
    assert get_exercise(other, own.slug).picture is None  # drawn as a plain figure
