"""Is there a display to open the window on? Asked before Qt is started.

Without one, Qt's xcb plugin aborts the process with a fatal-error dump that blames a missing
`xcb-cursor0` library, which sends people hunting for a package they already have. This check
costs a socket connect or two and answers in one line instead.

Only the display servers Qt would talk to are checked: X11 (local `DISPLAY` sockets; remote
and forwarded displays are trusted) and Wayland. A platform that needs no display server
(`QT_QPA_PLATFORM=offscreen`, eglfs, vnc, …) and systems other than Linux and the BSDs pass.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Mapping
from pathlib import Path

NO_DISPLAY_EXIT = 2
X11_SOCKET_DIR = Path("/tmp/.X11-unix")
_DISPLAY_SERVER_PLATFORMS = {"xcb", "wayland", "wayland-egl"}
_LOCAL_DISPLAY = re.compile(r"^(?:unix)?:(\d+)(?:\.\d+)?$")
_ADVICE = ("start Equitone from a desktop session (or over ssh -X), or on a virtual screen: "
           "xvfb-run -a equitone. Commands such as --self-test need no display.")


def display_problem(env: Mapping[str, str], platform: str = sys.platform) -> str | None:
    """One line saying why no window can be opened, or None when a display is there."""
    if not platform.startswith(("linux", "freebsd", "openbsd", "netbsd", "dragonfly")):
        return None
    requested = [part.split(":", 1)[0].strip()
                 for part in env.get("QT_QPA_PLATFORM", "").split(";") if part.strip()]
    if requested and not _DISPLAY_SERVER_PLATFORMS.intersection(requested):
        return None
    wants_x = not requested or "xcb" in requested
    wants_wayland = not requested or any(name.startswith("wayland") for name in requested)
    display = env.get("DISPLAY", "") if wants_x else ""
    wayland = env.get("WAYLAND_DISPLAY", "") if wants_wayland else ""
    if wayland and _wayland_answers(wayland, env):
        return None
    if display and _x11_answers(display):
        return None
    if display or wayland:
        where = " or ".join(f"{name}={value}" for name, value in
                            (("DISPLAY", display), ("WAYLAND_DISPLAY", wayland)) if value)
        return f"equitone: no display found: nothing answers at {where}; {_ADVICE}"
    return f"equitone: no display found (DISPLAY and WAYLAND_DISPLAY are not set); {_ADVICE}"


def exit_unless_display() -> None:
    """Print the one-line reason and exit with code 2 when the window cannot open."""
    problem = display_problem(os.environ)
    if problem is not None:
        print(problem, file=sys.stderr)
        raise SystemExit(NO_DISPLAY_EXIT)


def _x11_answers(display: str) -> bool:
    match = _LOCAL_DISPLAY.match(display)
    if match is None:
        return True  # host:N (TCP, ssh forwarding) or a launchd path: trusted, not probed
    path = X11_SOCKET_DIR / f"X{match.group(1)}"
    # X servers on Linux listen on an abstract socket as well as on the file in /tmp.
    return _connects("\0" + str(path)) or _connects(str(path))


def _wayland_answers(name: str, env: Mapping[str, str]) -> bool:
    if name.startswith("/"):
        return _connects(name)
    runtime = env.get("XDG_RUNTIME_DIR", "")
    return bool(runtime) and _connects(str(Path(runtime) / name))


def _connects(address: str) -> bool:
    import socket  # only when a display is probed: the window's first paint waits for this

    if not hasattr(socket, "AF_UNIX"):
        return True
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
        probe.settimeout(1.0)
        try:
            probe.connect(address)
        except OSError:
            return False
    return True
