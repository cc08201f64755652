"""Data model shared by the shape modules and the writer."""

from __future__ import annotations

from dataclasses import dataclass, field

from geom import FibreSpec, Knot

SLUGS: dict[str, str] = {
    "sternocleidomastoid": "Sternocleidomastoid",
    "upper-trapezius": "Upper trapezius",
    "middle-trapezius": "Middle trapezius",
    "lower-trapezius": "Lower trapezius",
    "levator-scapulae": "Levator scapulae",
    "scalenes": "Scalenes",
    "suboccipitals": "Suboccipitals",
    "rhomboids": "Rhomboids",
    "serratus-anterior": "Serratus anterior",
    "pectoralis-major": "Pectoralis major",
    "pectoralis-minor": "Pectoralis minor",
    "anterior-deltoid": "Anterior deltoid",
    "lateral-deltoid": "Lateral deltoid",
    "posterior-deltoid": "Posterior deltoid",
    "supraspinatus": "Supraspinatus",
    "infraspinatus": "Infraspinatus",
    "teres-minor": "Teres minor",
    "teres-major": "Teres major",
    "subscapularis": "Subscapularis",
    "latissimus-dorsi": "Latissimus dorsi",
    "biceps-brachii": "Biceps brachii",
    "triceps-brachii": "Triceps brachii",
    "brachioradialis": "Brachioradialis",
    "wrist-flexors": "Wrist flexors",
    "wrist-extensors": "Wrist extensors",
    "rectus-abdominis": "Rectus abdominis",
    "external-oblique": "External oblique",
    "internal-oblique": "Internal oblique",
    "transversus-abdominis": "Transversus abdominis",
    "erector-spinae": "Erector spinae",
    "multifidus": "Multifidus",
    "quadratus-lumborum": "Quadratus lumborum",
    "diaphragm": "Diaphragm",
    "iliopsoas": "Iliopsoas",
    "gluteus-maximus": "Gluteus maximus",
    "gluteus-medius": "Gluteus medius",
    "gluteus-minimus": "Gluteus minimus",
    "piriformis": "Piriformis",
    "tensor-fasciae-latae": "Tensor fasciae latae",
    "hip-adductors": "Hip adductors",
    "sartorius": "Sartorius",
    "rectus-femoris": "Rectus femoris",
    "vastus-lateralis": "Vastus lateralis",
    "vastus-medialis": "Vastus medialis",
    "hamstrings": "Hamstrings",
    "gastrocnemius": "Gastrocnemius",
    "soleus": "Soleus",
    "tibialis-anterior": "Tibialis anterior",
    "tibialis-posterior": "Tibialis posterior",
    "fibularis": "Fibularis",
    "deep-neck-flexors": "Deep neck flexors",
}


@dataclass
class Muscle:
    """One muscle, authored once on the viewer-left half; the writer mirrors it."""

    slug: str
    subpaths: list[list[Knot]]
    fibres: list[FibreSpec] = field(default_factory=list)
    smooth: float = 0.36

    def __post_init__(self) -> None:
        assert self.slug in SLUGS, self.slug

    @property
    def name(self) -> str:
        return SLUGS[self.slug]


def M(slug: str, *subpaths: list[Knot], fibres: list[FibreSpec] | None = None, smooth: float = 0.36) -> Muscle:
    return Muscle(slug, list(subpaths), fibres or [], smooth)
