"""The shipped pose files (resources/poses) read into figure specs, and pictures from them.

Layout of the files:

* ``bases.json`` — a small vocabulary of positions (standing, supine, side-lying, …): angles,
  the body parts that rest on something, and the usual camera.
* ``exercises/*.json`` — per exercise slug: a base, the start and end frames as joint
  overrides on that base, props, camera and arrow; ``"like": other-slug`` starts from
  another exercise's entry.
* ``modalities.json`` — for techniques applied to one chosen muscle (lacrosse ball, foam
  roller, stretches, hands-on work): a few region poses and, per muscle, which pose and where
  the tool goes (the muscle's anchor on the figure), or which stretch exercise to show.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import Any

from equitone.domain.setup_words import Setup
from equitone.domain.types import Side, ToneState
from equitone.resources_access import resource

from .compose import Request, compose
from .muscles import MuscleShape, muscle_shapes
from .placement import Placed, place_frame
from .props import prop_from
from .scene import Scene
from .setup import setup_of
from .spec import (
    FRAME_NAMES,
    ArrowSpec,
    FigureSpec,
    FrameSpec,
    PoseError,
    adjust_from,
    angles_from,
    arrow_from,
    contacts_from,
    view_from,
)

Raw = Mapping[str, Any]
_FRAME_KEYS = ("start", "end", "hold")


def _merge(base: Raw, over: Raw) -> dict[str, Any]:
    """``over`` on top of ``base``; frame and angle tables are merged key by key."""
    merged = dict(base)
    for key, value in over.items():
        if key in (*_FRAME_KEYS, "angles") and isinstance(value, dict) and isinstance(
                merged.get(key), dict):
            merged[key] = {**merged[key], **value}
        elif key != "like":
            merged[key] = value
    return merged


def _table(name: str, modalities: Raw, seen: tuple[str, ...] = ()) -> dict[str, Any]:
    """A technique's table with "same_as" and "by_pose" worked out: {"muscles": {m: pose}}."""
    raw = dict(modalities[name])
    other = raw.pop("same_as", None)
    if other is not None:
        if other not in modalities or other in seen:
            raise PoseError(f"{name}: same_as names {other!r}, which has no table")
        raw = {**_table(str(other), modalities, (*seen, name)), **raw}
    muscles: dict[str, Any] = {}
    for pose, listed in raw.pop("by_pose", {}).items():
        for muscle in listed:
            muscles[muscle] = pose
    muscles.update(raw.get("muscles", {}))
    raw["muscles"] = muscles
    return raw


class FigureLibrary:
    def __init__(self, bases: Raw, exercises: Raw, modalities: Raw) -> None:
        self._bases = dict(bases)
        self._raw = dict(exercises)
        self._modalities = {name: _table(name, modalities) for name in modalities}
        self._specs: dict[str, FigureSpec] = {}
        self._placed: dict[tuple[str, str], Placed] = {}
        self._scenes: dict[tuple[str, Request], Scene] = {}
        self._custom: dict[str, FigureSpec] = {}
        for name, base in self._bases.items():
            where = f"base {name!r}"
            angles_from(where, base.get("angles", {}))
            contacts_from(where, base.get("contacts", []))
        for slug in self._raw:
            self._specs[slug] = self._exercise(slug)
        for modality, table in self._modalities.items():
            for muscle in table.get("muscles", {}):
                key = f"{modality}:{muscle}"
                self._specs[key] = self._modality(modality, muscle)

    # -- reading -----------------------------------------------------------------------------
    def _resolved(self, slug: str, seen: tuple[str, ...] = ()) -> dict[str, Any]:
        raw = self._raw.get(slug)
        if raw is None:
            raise PoseError(f"{seen[-1] if seen else slug}: no pose for exercise {slug!r}")
        if slug in seen:
            raise PoseError(f"{slug}: \"like\" goes round in a circle")
        like = raw.get("like")
        if like is None:
            return dict(raw)
        return _merge(self._resolved(str(like), (*seen, slug)), raw)

    def _frame(self, where: str, entry: Raw, frame: Raw) -> FrameSpec:
        base_name = str(frame.get("base", entry.get("base", "standing")))
        base = self._bases.get(base_name)
        if base is None:
            raise PoseError(f"{where}: unknown base position {base_name!r}")
        angles = {**angles_from(where, base.get("angles", {})),
                  **angles_from(where, entry.get("angles", {})),
                  **angles_from(where, frame)}
        contacts = frame.get("contacts", entry.get("contacts", base.get("contacts", [])))
        air = frame.get("air", 0.0)
        if isinstance(air, bool) or not isinstance(air, int | float) or not 0 <= air <= 100:
            raise PoseError(f"{where}: air is a height in cm (0–100), not {air!r}")
        adjust = adjust_from(where, frame.get("adjust", entry.get("adjust")))
        return FrameSpec(angles, contacts_from(where, contacts), float(air), adjust)

    def _spec(self, key: str, entry: Raw) -> FigureSpec:
        frames: dict[str, FrameSpec] = {}
        for name in FRAME_NAMES:
            if name in entry:
                if not isinstance(entry[name], dict):
                    raise PoseError(f"{key}: frame {name!r} must be an object of joint angles")
                frames[name] = self._frame(f"{key}, {name}", entry, entry[name])
        if not frames or ("start" in frames) != ("end" in frames):
            raise PoseError(f"{key}: give a \"start\" and an \"end\" frame, or one \"hold\"")
        for prop in entry.get("props", []):
            if isinstance(prop, dict) and prop.get("placed_in", "end") not in (*frames, "end"):
                raise PoseError(f"{key}: a prop is placed_in {prop['placed_in']!r}, which is "
                                "not one of its frames")
        base = self._bases.get(str(entry.get("base", "standing")), {})
        props = tuple(prop_from(key, p) for p in entry.get("props", []))
        front = entry.get("front", [])
        return FigureSpec(
            key=key,
            camera=view_from(key, entry.get("view", base.get("view"))),
            frames=frames,
            props=props,
            arrow=arrow_from(key, entry.get("arrow")),
            in_front=tuple(str(g) for g in front),
            xray=bool(entry.get("xray", False)),
        )

    def _exercise(self, slug: str) -> FigureSpec:
        return self._spec(slug, self._resolved(slug))

    def _modality(self, modality: str, muscle: str) -> FigureSpec:
        table = self._modalities[modality]
        key = f"{modality}:{muscle}"
        choice = table["muscles"][muscle]
        tool = table.get("tool")
        if isinstance(choice, str):
            choice = {"pose": choice}
        if not isinstance(choice, dict):
            raise PoseError(f"{key}: expected a pose name or {{\"use\": exercise}}")
        if "use" in choice:
            used = self._specs.get(str(choice["use"])) or self._exercise(str(choice["use"]))
            held = used.frames.get("end") or used.frames["hold"]
            props = used.props + ((prop_from(key, tool),) if tool else ())
            hold_relax = table.get("arrow") == "push-back"
            arrow = ArrowSpec(point=used.arrow.point, reverse=True) if hold_relax else used.arrow
            return replace(used, key=key, frames={"hold": held}, props=props, muscle=muscle,
                           ghost_from=used.frames.get("start"), arrow=arrow,
                           show_ghost=not hold_relax)
        pose = table.get("poses", {}).get(str(choice.get("pose")))
        if pose is None:
            raise PoseError(f"{key}: unknown pose {choice.get('pose')!r}")
        entry = _merge(pose, {k: v for k, v in choice.items() if k != "pose"})
        if tool and not any(isinstance(p, dict) and p.get("at") == "muscle"
                            for p in entry.get("props", [])):
            entry["props"] = [*entry.get("props", []), tool]
        spec = self._spec(key, entry)
        return replace(spec, muscle=muscle, arrow=ArrowSpec(show=False))

    # -- drawing -----------------------------------------------------------------------------
    def figure_keys(self) -> list[str]:
        return list(self._specs)

    def spec(self, exercise: str, muscle: str | None = None) -> FigureSpec | None:
        """The exercise's figure; for a technique applied to a muscle, the one for that
        muscle (or None when the table has no pose for it)."""
        if muscle is not None and f"{exercise}:{muscle}" in self._specs:
            return self._specs[f"{exercise}:{muscle}"]
        if exercise in self._modalities:
            if muscle is None:
                first = next(iter(self._modalities[exercise].get("muscles", {})), None)
                return self._specs.get(f"{exercise}:{first}") if first else None
            return None
        return self._specs.get(exercise)

    def placed(self, spec: FigureSpec, frame: str) -> Placed:
        key = (spec.key, frame)
        placed = self._placed.get(key)
        if placed is None:
            shape = muscle_shapes().get(spec.muscle) if spec.muscle else None
            if frame == "ghost":
                assert spec.ghost_from is not None
                ghost = replace(spec, frames={"start": spec.ghost_from}, props=())
                placed = place_frame(ghost, "start", None)
            else:
                placed = place_frame(spec, frame, shape)
            self._placed[key] = placed
        return placed

    def picture(self, spec: FigureSpec, *, frame: str, side: Side | None,
                muscles: Iterable[str],
                states: Mapping[tuple[str, Side], ToneState] | None = None) -> Scene:
        name = frame if frame in spec.frames else spec.frame_names[-1]
        placed = self.placed(spec, name)
        ghost = None
        if name == "end":
            ghost = self.placed(spec, "start")
        elif name == "hold" and spec.ghost_from is not None:
            ghost = self.placed(spec, "ghost")
        wanted = tuple(dict.fromkeys(muscles))
        relevant = tuple(sorted(((k, v) for k, v in (states or {}).items() if k[0] in wanted),
                                key=lambda item: (item[0][0], item[0][1].value)))
        request = Request(name, side, wanted, relevant)
        cached = self._scenes.get((spec.key, request))
        if cached is None:
            scene = compose(spec, request, placed, ghost, muscle_shapes().get)
            key = f"{spec.key}|{request}"
            cached = Scene(scene.shapes, scene.bounds, scene.notes, key)
            if len(self._scenes) > 2000:  # a long session of browsing: start over
                self._scenes.clear()
            self._scenes[(spec.key, request)] = cached
        return cached

    # -- a clinician's own exercise ------------------------------------------------------------
    def bases(self) -> tuple[str, ...]:
        """The base positions a clinician's own exercise can be drawn in."""
        return tuple(self._bases)

    def posed_like(self, base: str | None = None, like: str | None = None) -> FigureSpec:
        """The figure of a clinician's own exercise: a shipped exercise's pose (``like``), or
        one frame in a base position (``base``) on a mat where the body rests on the floor;
        its worked muscles always show (faintly when on the far side). PoseError names an
        unknown base or exercise."""
        if like is not None:
            spec = self.spec(like)
            if spec is None:
                raise PoseError(f"no pose for exercise {like!r}")
            return spec
        if base not in self._bases:
            raise PoseError(f"unknown base position {base!r} (use {', '.join(self._bases)})")
        key = f"base:{base}"
        spec = self._custom.get(key)
        if spec is None:
            contacts = self._bases[base].get("contacts", [])
            on_floor = any(surface == "floor" and not part.startswith("foot")
                           for part, surface in contacts)
            entry = {"base": base, "hold": {}, "props": ["mat"] if on_floor else [],
                     "xray": True, "arrow": "none"}
            spec = self._custom[key] = self._spec(key, entry)
        return spec

    def setup(self, spec: FigureSpec) -> Setup:
        """How to set up for the pose (which side lies down, which leg stands …), relative
        to the side worked."""
        return setup_of(spec, self.placed(spec, spec.frame_names[0]))

    def check(self, key: str) -> None:
        """Solve every frame of one figure (PoseError when it cannot be done)."""
        spec = self._specs[key]
        for frame in spec.frame_names:
            self.placed(spec, frame)
        if spec.ghost_from is not None:
            self.placed(spec, "ghost")


def _json(*parts: str) -> Any:
    node = resource("poses", *parts)
    return json.loads(node.read_text(encoding="utf-8"))


def load_library() -> FigureLibrary:
    bases = _json("bases.json")["bases"]
    exercises: dict[str, Any] = {}
    folder = resource("poses", "exercises")
    for item in sorted(folder.iterdir(), key=lambda node: node.name):
        if item.name.endswith(".json"):
            for slug, entry in json.loads(item.read_text(encoding="utf-8"))["exercises"].items():
                if slug in exercises:
                    raise PoseError(f"{slug}: has a pose in two files")
                exercises[slug] = entry
    modalities = _json("modalities.json")["modalities"]
    return FigureLibrary(bases, exercises, modalities)


def known_muscles() -> dict[str, MuscleShape]:
    return muscle_shapes()
