"""Desktop bundle benchmark: sizes of the PyInstaller bundle, its tarball and .deb, the glibc
it needs, and the bundle's start-up beside the same start-up from source, interleaved in one
run.

Run: .venv/bin/python benchmarks/bench_bundle.py [--build] [--runs 7]
     (--build runs installer/build.sh first; otherwise dist/equitone must exist)

Measures, medians over --runs:
- `equitone --version` (process start to exit: interpreter, imports, argument parser), wall
  clock and CPU time;
- first paint and patient list filled on a 1,000-patient database (EQUITONE_STARTUP_PROBE=1,
  as benchmarks/bench_startup.py does).
Goals: tarball <= 100 MB, folder <= 250 MB; bundle `--version` and first paint within 1.3x
of source (a frozen app must not feel slower than a developer's checkout); no file needs a
newer glibc than PySide6's wheels.
"""

from __future__ import annotations

import argparse
import compileall
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_startup import make_database  # noqa: E402  (sibling script, not a package)
from budget import Figure, main  # noqa: E402

TARBALL_GOAL_MB = 100
FOLDER_GOAL_MB = 250
START_GOAL_RATIO = 1.3
TIMEOUT_S = 120  # a start-up that hangs (an error dialog off-screen) fails instead


def folder_size(path: Path) -> tuple[int, int]:
    """(bytes, files) of a folder, symlinks counted once as links."""
    total = files = 0
    for item in path.rglob("*"):
        if item.is_file() and not item.is_symlink():
            total += item.stat().st_size
            files += 1
    return total, files


def _run_ms(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall, CPU) milliseconds of one run. CPU time (user + system of the child) hardly moves
    when other work shares the machine, where wall time swings by half."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(cmd, env=env, capture_output=True, check=True, timeout=TIMEOUT_S)
    wall = (time.perf_counter() - start) * 1000
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000
    return wall, cpu


def _marks(cmd: list[str], env: dict[str, str]) -> dict[str, float]:
    start = time.time()
    out = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True,
                         timeout=TIMEOUT_S).stdout
    marks = {}
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[0] in ("first-paint", "list-filled"):
            marks[parts[0]] = (float(parts[1]) - start) * 1000
    if set(marks) != {"first-paint", "list-filled"}:
        raise SystemExit(f"bench_bundle: no start-up marks from {cmd[0]}:\n{out}")
    return marks


def _glibc_floor(bundle: Path) -> bool:
    """Print the newest glibc any file needs beside PySide6's floor; False when above it."""
    checker = ROOT / "installer" / "linux" / "glibc_floor.py"
    environment = ROOT / "build" / "bundle-env"
    source = ["--wheels", str(environment)] if environment.is_dir() else ["--floor", "2.34"]
    result = subprocess.run([sys.executable, str(checker), str(bundle), *source],
                            capture_output=True, text=True, check=False)
    print(result.stdout.strip() + result.stderr.rstrip())
    return result.returncode == 0


def figures(args: argparse.Namespace) -> Iterator[Figure]:
    if args.build:
        subprocess.run([str(ROOT / "installer" / "build.sh")], check=True)
    program = args.bundle / "equitone"
    if not program.is_file():
        raise SystemExit(f"bench_bundle: {program} is missing; run installer/build.sh first "
                         "(or this benchmark with --build)")

    size, files = folder_size(args.bundle)
    tarballs = sorted(args.bundle.parent.glob("equitone-*-linux-*.tar.xz"),
                      key=lambda p: p.stat().st_mtime)
    debs = sorted(args.bundle.parent.glob("equitone_*.deb"), key=lambda p: p.stat().st_mtime)
    mb = 1024 * 1024
    yield Figure("bundle folder", size / mb, "MB", FOLDER_GOAL_MB, at_most=True,
                 note=f"{files} files")
    if tarballs:
        yield Figure("bundle tarball", tarballs[-1].stat().st_size / mb, "MB", TARBALL_GOAL_MB,
                     at_most=True, note=tarballs[-1].name)
    if debs:
        yield Figure("bundle .deb", debs[-1].stat().st_size / mb, "MB", note=debs[-1].name)
    yield Figure("files needing a newer glibc than PySide6's wheels",
                 0 if _glibc_floor(args.bundle) else 1, "", 0, at_most=True)

    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"),
                   EQUITONE_HOME=str(home))
        db = home / "bench.sqlite3"
        make_database(db, args.patients)
        # The bundle runs from bytecode; so does an installed wheel. Compile the checkout too,
        # or source would pay for compiling every module on each start.
        compileall.compile_dir(str(ROOT / "src"), quiet=1)
        source = [sys.executable, "-m", "equitone"]
        bundle = [str(program)]
        probe_env = dict(env, EQUITONE_STARTUP_PROBE="1")
        for cmd in (source, bundle):  # warm the file cache
            _run_ms([*cmd, "--version"], env)
            _marks([*cmd, "--db", str(db)], probe_env)
        version: dict[str, list[float]] = {"bundle": [], "source": []}
        version_cpu: dict[str, list[float]] = {"bundle": [], "source": []}
        paint: dict[str, list[float]] = {"bundle": [], "source": []}
        filled: dict[str, list[float]] = {"bundle": [], "source": []}
        for _ in range(args.runs):  # interleaved so machine noise hits both alike
            for name, cmd in (("bundle", bundle), ("source", source)):
                wall, cpu = _run_ms([*cmd, "--version"], env)
                version[name].append(wall)
                version_cpu[name].append(cpu)
                marks = _marks([*cmd, "--db", str(db)], probe_env)
                paint[name].append(marks["first-paint"])
                filled[name].append(marks["list-filled"])

    def ratio(name: str, series: dict[str, list[float]], goal: float | None = None) -> Figure:
        b, s = statistics.median(series["bundle"]), statistics.median(series["source"])
        return Figure(f"{name}, bundle vs source", b / s, "x", goal, at_most=True,
                      note=f"bundle {b:.0f} ms, source {s:.0f} ms")

    # --version is judged on CPU time, which a busy machine hardly moves; first paint on the
    # wall clock (runs are interleaved so noise hits both sides alike).
    yield ratio("--version (wall)", version)
    yield ratio("--version (CPU)", version_cpu, START_GOAL_RATIO)
    yield ratio("first paint", paint, START_GOAL_RATIO)
    yield ratio(f"list filled ({args.patients} patients)", filled)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--build", action="store_true", help="run installer/build.sh first")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--patients", type=int, default=1000)
    parser.add_argument("--bundle", type=Path, default=ROOT / "dist" / "equitone")
    main(figures, parser)
