"""Generate the Equitone anatomical body map SVGs.

Run from the repo root:  .venv/bin/python tools/bodymap/generate.py
Writes resources/bodymap/{front,back}-{superficial,deep}.svg, then checks the output contract
and prints which file each muscle appears in.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import back  # noqa: E402
import front  # noqa: E402
import silhouette as S  # noqa: E402
from check import check, overlap_report  # noqa: E402
from model import SLUGS  # noqa: E402
from writer import View, resolve, write_svg  # noqa: E402

OUT = HERE.parent.parent / "resources" / "bodymap"
# superficial limb muscles redrawn pale (non-interactive) in the deep views, for context
FRONT_GHOSTS = {"anterior-deltoid", "lateral-deltoid", "biceps-brachii", "brachioradialis",
                "wrist-flexors", "tensor-fasciae-latae", "vastus-lateralis", "vastus-medialis",
                "rectus-femoris", "sartorius", "soleus", "gastrocnemius", "fibularis",
                "tibialis-anterior"}
BACK_GHOSTS = {"posterior-deltoid", "lateral-deltoid", "triceps-brachii", "wrist-extensors",
               "vastus-lateralis", "fibularis", "gastrocnemius"}


def views() -> list[View]:
    fs = [*S.head_details("front"), *S.hand_details("front"), *S.foot_details("front")]
    bs = [*S.head_details("back"), *S.hand_details("back"), *S.foot_details("back")]
    fsup, bsup = front.front_superficial(), back.back_superficial()
    fghost = S.ghost_muscles(fsup, FRONT_GHOSTS)
    bghost = S.ghost_muscles(bsup, BACK_GHOSTS)
    return [
        View("front-superficial", "right", S.outline_item(False), fs, S.front_superficial_structures(), fsup),
        View("front-deep", "right", S.outline_item(True), fs, [*fghost, *S.front_deep_structures()], front.front_deep()),
        View("back-superficial", "left", S.outline_item(False), bs, S.back_superficial_structures(), bsup),
        View("back-deep", "left", S.outline_item(True), bs, [*bghost, *S.back_deep_structures()], back.back_deep()),
    ]


def main() -> int:
    t0 = time.perf_counter()
    OUT.mkdir(parents=True, exist_ok=True)
    files = []
    for v in views():
        path = OUT / f"{v.name}.svg"
        write_svg(v, resolve(v), path)
        files.append(path)
    seen = check(files)
    stems = [f.stem for f in files]
    short = {"front-superficial": "FS", "front-deep": "FD", "back-superficial": "BS", "back-deep": "BD"}
    print(f"{'muscle':<24}" + "".join(f"{short[s]:>4}" for s in stems))
    for slug in SLUGS:
        print(f"{slug:<24}" + "".join(f"{('LR' if len(seen[slug].get(s, ())) == 2 else '-'):>4}" for s in stems))
    for msg in overlap_report(files) if "--overlaps" in sys.argv else []:
        print("overlap:", msg)
    n = sum(len(v) for by in seen.values() for v in by.values())
    print(f"OK: {len(SLUGS)} muscles x 2 sides present; {n} regions in {len(files)} files ({time.perf_counter() - t0:.2f}s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
