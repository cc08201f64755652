"""Exercise pictures that Equitone draws itself: a posed 3-D figure seen from a chosen side,
with the worked muscle highlighted, its props and a movement arrow.

Pure Python (no Qt, no reportlab): the result is a :class:`~.scene.Scene` of paths that
thin adapters draw — :func:`.svg.to_svg`, ``equitone.printing.figures`` (PDF vectors) and
``equitone.bodymap.figure_painter`` (QPainter). Poses are data in ``resources/poses``; see
docs/pictures.md.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import lru_cache

from equitone.domain.types import Side, ToneState

from .library import FigureLibrary, load_library
from .scene import Scene
from .spec import FigureSpec, PoseError

__all__ = [
    "FigureLibrary",
    "FigureSpec",
    "PoseError",
    "Scene",
    "frames_for",
    "library",
    "picture",
]


@lru_cache(maxsize=1)
def library() -> FigureLibrary:
    """The shipped poses, read once (about 20 ms)."""
    return load_library()


def frames_for(exercise: str, muscle: str | None = None) -> tuple[str, ...]:
    """("start", "end") for a movement, ("hold",) for a one-frame picture, () for none."""
    spec = library().spec(exercise, muscle)
    return spec.frame_names if spec is not None else ()


def picture(exercise: str, *, frame: str = "end", side: Side | None = Side.RIGHT,
            muscles: Iterable[str] = (), muscle: str | None = None,
            states: Mapping[tuple[str, Side], ToneState] | None = None) -> Scene | None:
    """One frame of an exercise's picture, or None when it has no pose.

    ``side`` is the side worked (None: both, drawn with the right side nearest); ``muscles``
    are highlighted, in their tone state's colour where ``states`` tags them; ``muscle`` is
    the one a technique is applied to (where its ball, roller or hand goes). A one-frame
    picture answers every ``frame``. Raises PoseError for a shipped pose that cannot be
    done (tests keep that from happening).
    """
    spec = library().spec(exercise, muscle)
    if spec is None:
        return None
    wanted = tuple(muscles) or ((muscle,) if muscle else ())
    return library().picture(spec, frame=frame, side=side, muscles=wanted, states=states)
