"""Where each relaxation technique may go, and what its card says for one muscle.

The shipped `techniques.json` states this as a short list of rules (by technique family or
technique, everywhere / by body region / for named muscles) rather than a grid typed by hand;
:class:`TechniqueGuide` resolves them into one typed :class:`Fit` per (technique, muscle) pair
and refuses, at load time, data that leaves a pair unanswered or contradicts itself. Pure: it
takes decoded JSON and catalog records, so tests need no files.
"""

from __future__ import annotations

import string
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from equitone.domain.dose_words import DOSE_FIELDS
from equitone.domain.types import Exercise, ExerciseKind, Muscle, Pressure, TechniqueFamily

__all__ = [
    "SEVERE_TENDERNESS",
    "TEXT_FIELDS",
    "Fit",
    "Rule",
    "Suitability",
    "TechniqueGuide",
    "TechniqueGuideError",
    "infer_family",
    "parse_guide",
]

#: Tenderness grade (0-IV scale) from which pressure must not go "into" the spot.
SEVERE_TENDERNESS = 3

#: The per-muscle phrases a technique template may use (see resources/catalog/README.md).
TEXT_FIELDS = ("ball", "roller", "hands", "move", "stretch", "push", "ease")


class TechniqueGuideError(ValueError):
    """Technique rules or texts that do not describe a complete, consistent guide."""


class Suitability(StrEnum):
    """Whether a relaxation technique may be applied to a muscle (worst last)."""

    SUITABLE = "suitable"
    PRECAUTION = "precaution"
    CONTRAINDICATED = "contraindicated"

    @property
    def rank(self) -> int:
        return _RANK[self]


_RANK = {Suitability.SUITABLE: 0, Suitability.PRECAUTION: 1, Suitability.CONTRAINDICATED: 2}


@dataclass(frozen=True, slots=True)
class Fit:
    """The answer for one (technique, muscle) pair.

    `note` is the text to show with a precaution, or the reason for a contraindication (empty
    when suitable); `rule` names the rule that decided, so a surprising answer can be traced.
    """

    level: Suitability
    note: str
    rule: str

    @property
    def allowed(self) -> bool:
        """True unless contraindicated (a precaution may be used, with its note shown)."""
        return self.level is not Suitability.CONTRAINDICATED


@dataclass(frozen=True, slots=True)
class Rule:
    """One line of the rule table. Exactly one of `families` / `techniques` is non-empty; at
    most one of `regions` / `muscles` (neither = everywhere)."""

    id: str
    level: Suitability
    note: str
    families: frozenset[TechniqueFamily] = frozenset()
    techniques: frozenset[str] = frozenset()
    regions: frozenset[str] = frozenset()
    muscles: frozenset[str] = frozenset()

    @property
    def specificity(self) -> tuple[int, int]:
        """Muscle beats region beats everywhere; a named technique beats its family."""
        where = 2 if self.muscles else 1 if self.regions else 0
        return (where, 1 if self.techniques else 0)

    def fit(self) -> Fit:
        return Fit(self.level, self.note, self.id)


def infer_family(
    kind: ExerciseKind, equipment: Iterable[str], tags: Iterable[str]
) -> TechniqueFamily:
    """A family for a relaxing exercise that does not state one (a clinician's own exercise).

    Errs towards pressure: an unrecognised hands-on technique is treated as deep pressure, so
    it inherits every place pressure must not go.
    """
    gear, labels = set(equipment), set(tags)
    if kind is ExerciseKind.STRETCH:
        return TechniqueFamily.STRETCH
    if "lacrosse ball" in gear:
        return TechniqueFamily.BALL
    if "foam roller" in gear:
        return TechniqueFamily.ROLLER
    if "breathing" in labels:
        return TechniqueFamily.BREATHING
    if kind is ExerciseKind.WARM_DOWN:
        return TechniqueFamily.MOVEMENT
    return TechniqueFamily.MANUAL_PRESSURE


def _names(entry: Mapping[str, Any], key: str, where: str) -> frozenset[str]:
    value = entry.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise TechniqueGuideError(f"{where}: '{key}' must be a list of names")
    return frozenset(value)


def parse_rule(entry: Mapping[str, Any]) -> Rule:
    where = f"technique rule {entry.get('id', '?')!r}"
    try:
        families = frozenset(TechniqueFamily(f) for f in _names(entry, "families", where))
        level = Suitability(entry["level"])
        rule = Rule(
            id=str(entry["id"]),
            level=level,
            note=str(entry.get("note", "")).strip(),
            families=families,
            techniques=_names(entry, "techniques", where),
            regions=_names(entry, "regions", where),
            muscles=_names(entry, "muscles", where),
        )
    except KeyError as exc:
        raise TechniqueGuideError(f"{where}: missing field {exc}") from None
    except ValueError as exc:
        raise TechniqueGuideError(f"{where}: {exc}") from None
    if bool(rule.families) == bool(rule.techniques):
        raise TechniqueGuideError(f"{where}: give either 'families' or 'techniques'")
    if rule.regions and rule.muscles:
        raise TechniqueGuideError(f"{where}: give 'regions' or 'muscles', not both")
    if rule.level is not Suitability.SUITABLE and not rule.note:
        raise TechniqueGuideError(f"{where}: a {rule.level.value} needs a note to show")
    return rule


class TechniqueGuide:
    """The rule table, the card templates and the per-muscle phrases, with the look-ups."""

    def __init__(
        self,
        rules: Iterable[Rule],
        templates: Mapping[str, str],
        phrases: Mapping[str, Mapping[str, str]],
    ) -> None:
        self.rules = tuple(rules)
        self.templates = dict(templates)
        self.phrases = {muscle: dict(fields) for muscle, fields in phrases.items()}
        seen: set[str] = set()
        for rule in self.rules:
            if rule.id in seen:
                raise TechniqueGuideError(f"technique rule {rule.id!r} is listed twice")
            seen.add(rule.id)
        # Each catalog built on this guide (the shipped one, then one per database with its
        # custom exercises) asks the same questions: index the rules, remember the answers.
        self._by_family: dict[TechniqueFamily, list[Rule]] = {}
        self._by_technique: dict[str, list[Rule]] = {}
        for rule in self.rules:
            for family in rule.families:
                self._by_family.setdefault(family, []).append(rule)
            for technique in rule.techniques:
                self._by_technique.setdefault(technique, []).append(rule)
        self._answers: dict[tuple[str, TechniqueFamily | None, str, str], Fit] = {}
        self._rule_fit = {rule.id: rule.fit() for rule in self.rules}
        for technique, template in self.templates.items():
            unknown = _placeholders(template) - set(TEXT_FIELDS) - set(DOSE_FIELDS)
            if unknown:
                raise TechniqueGuideError(
                    f"template for {technique!r} uses unknown field(s) {sorted(unknown)}"
                )
        for muscle, fields in self.phrases.items():
            extra = set(fields) - set(TEXT_FIELDS)
            if extra:
                raise TechniqueGuideError(f"texts for {muscle!r}: unknown field(s) {sorted(extra)}")
            braced = sorted(k for k, v in fields.items() if "{" in v or "}" in v)
            if braced:  # the dose is filled in after the phrases: a brace would break that
                raise TechniqueGuideError(f"texts for {muscle!r}: braces in {braced}")

    @classmethod
    def empty(cls) -> TechniqueGuide:
        return cls((), {}, {})

    # ------------------------------------------------------------------ suitability
    def resolve(self, technique: Exercise, muscle: Muscle) -> Fit:
        """The most specific matching rule's answer; raises if none or if two tie."""
        key = (technique.slug, technique.family, muscle.slug, muscle.region)
        fit = self._answers.get(key)
        if fit is None:
            fit = self._answers[key] = self._resolve(technique, muscle)
        return fit

    def _resolve(self, technique: Exercise, muscle: Muscle) -> Fit:
        family = technique.family
        candidates = self._by_technique.get(technique.slug, [])
        if family is not None:
            candidates = [*candidates, *self._by_family.get(family, ())]
        best: list[Rule] = []
        for rule in candidates:
            if rule.muscles and muscle.slug not in rule.muscles:
                continue
            if rule.regions and muscle.region not in rule.regions:
                continue
            if not best or rule.specificity > best[0].specificity:
                best = [rule]
            elif rule.specificity == best[0].specificity:
                best.append(rule)
        if not best:
            raise TechniqueGuideError(
                f"no technique rule says whether {technique.slug!r} may go on {muscle.slug!r}"
            )
        if len({(r.level, r.note) for r in best}) > 1:
            ids = ", ".join(sorted(r.id for r in best))
            raise TechniqueGuideError(
                f"rules {ids} disagree on {technique.slug!r} for {muscle.slug!r}"
            )
        return self._rule_fit[best[0].id]

    def check_names(self, muscles: Mapping[str, Muscle], exercises: Mapping[str, Exercise]) -> None:
        regions = {m.region for m in muscles.values()}
        for rule in self.rules:
            for kind, names, known in (
                ("muscle", rule.muscles, muscles),
                ("region", rule.regions, regions),
                ("technique", rule.techniques, exercises),
            ):
                unknown = sorted(names - set(known))
                if unknown:
                    raise TechniqueGuideError(
                        f"technique rule {rule.id!r} names unknown {kind}(s) {unknown}"
                    )
        for technique in self.templates:
            if technique not in exercises:
                raise TechniqueGuideError(f"template for unknown technique {technique!r}")
        for muscle in self.phrases:
            if muscle not in muscles:
                raise TechniqueGuideError(f"technique texts for unknown muscle {muscle!r}")

    # ------------------------------------------------------------------ texts
    def compose(self, technique: Exercise, muscle: str) -> str | None:
        """The card text of `technique` applied to `muscle`, or None if it has no template.
        Its dose placeholders (``{hold}``, ``{rounds}`` …) are left for the block's dose.

        Raises when the template needs a phrase the muscle lacks: a generic fallback is
        exactly what a patient cannot follow.
        """
        template = self.templates.get(technique.slug)
        if template is None:
            return None
        fields = self.phrases.get(muscle, {})
        missing = sorted(_placeholders(template) - set(fields) - set(DOSE_FIELDS))
        if missing:
            raise TechniqueGuideError(
                f"{technique.slug!r} on {muscle!r} needs text field(s) {missing}"
            )
        return template.format_map({**_KEPT, **fields})


def adjust_for_tenderness(fit: Fit, family: TechniqueFamily | None, grade: int | None) -> Fit:
    """Pressure never goes into a grade III-IV tender spot; light touch there is a precaution."""
    if grade is None or grade < SEVERE_TENDERNESS or family is None:
        return fit
    pressure = family.pressure
    if pressure is Pressure.FIRM:
        worse = Fit(
            Suitability.CONTRAINDICATED,
            "Grade III-IV tenderness: no pressure into the spot; use a technique without "
            "pressure.",
            "severe-tenderness",
        )
    elif pressure is Pressure.LIGHT:
        worse = Fit(
            Suitability.PRECAUTION,
            "Grade III-IV tenderness: the lightest fingertip contact only; stop if it flares.",
            "severe-tenderness",
        )
    else:
        return fit
    return worse if worse.level.rank > fit.level.rank else fit


_KEPT = {name: "{" + name + "}" for name in DOSE_FIELDS}


def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def parse_guide(doc: Mapping[str, Any]) -> TechniqueGuide:
    rules = doc.get("rules", [])
    templates = doc.get("templates", {})
    phrases = doc.get("muscles", {})
    shapes_ok = isinstance(rules, list) and isinstance(templates, dict)
    if not shapes_ok or not isinstance(phrases, dict):
        raise TechniqueGuideError("techniques: 'rules' is a list, the others objects")
    return TechniqueGuide(
        [parse_rule(r) for r in rules],
        {str(k): str(v) for k, v in templates.items()},
        {str(m): {str(k): str(v) for k, v in f.items()} for m, f in phrases.items()},
    )
