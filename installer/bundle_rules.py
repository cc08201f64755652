"""What goes into the desktop bundle and what stays out: the decisions behind
installer/equitone.spec, kept apart so that tests can check them on every platform's layout
(the spec itself only runs inside PyInstaller).

Linux: the bundle ships what came from wheels (Qt, NumPy, …; built for old systems on
purpose) and the interpreter's own files, and leaves the system's C/C++ runtime and desktop
libraries (libstdc++, libgcc_s, X11/xcb, fontconfig, D-Bus, CUPS, systemd, OpenSSL, …) to the
system: copies of this build machine's versions would demand its glibc everywhere and miss the
system's security updates. Two small libraries are the exception (SHIPPED_SYSTEM_LIBRARIES).
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

# Qt modules the app never uses (each pulls large libraries and plugins).
UNUSED_QT = (
    "Qt3DAnimation", "Qt3DCore", "Qt3DExtras", "Qt3DInput", "Qt3DLogic", "Qt3DRender",
    "QtAxContainer", "QtBluetooth", "QtCharts", "QtConcurrent", "QtDataVisualization",
    "QtDBus", "QtDesigner", "QtGraphs", "QtGraphsWidgets", "QtHelp", "QtHttpServer",
    "QtLocation", "QtMultimedia", "QtMultimediaWidgets", "QtNetworkAuth",
    "QtNfc", "QtPositioning", "QtQml", "QtQuick",
    "QtQuick3D", "QtQuickControls2", "QtQuickTest", "QtQuickWidgets", "QtRemoteObjects",
    "QtScxml", "QtSensors", "QtSerialBus", "QtSerialPort", "QtSpatialAudio", "QtSql",
    "QtStateMachine", "QtTest", "QtTextToSpeech", "QtUiTools", "QtWebChannel",
    "QtWebEngineCore", "QtWebEngineQuick", "QtWebEngineWidgets", "QtWebSockets",
    "QtWebView", "QtXml",
)

# Python packages that optional imports would otherwise drag in.
EXCLUDED_MODULES = (
    "tkinter", "PyQt5", "PyQt6", "PySide2", "matplotlib", "scipy", "IPython", "OpenGL",
    "pyqtgraph.opengl", "pyqtgraph.examples", "pytest", "hypothesis", "mypy", "pygments",
    # Nothing at run time needs setuptools, but once collected its runtime hook imports it at
    # every start (95 ms measured with EQUITONE_PYI_IMPORTTIME).
    "setuptools", "pkg_resources", "_distutils_hack", "distutils",
    # No terminal line editing in a desktop program (and no libreadline/libtinfo with it).
    "readline", "curses", "_curses",
    # Pillow serves reportlab's PNG/JPEG logos and pictures; not its fonts, colour management,
    # AVIF (4.7 MB of codec) or screen grabs.
    "PIL.ImageFont", "PIL._imagingft", "PIL.ImageCms", "PIL._imagingcms", "PIL._avif",
    "PIL.AvifImagePlugin", "PIL.ImageTk", "PIL._imagingtk", "PIL.ImageQt", "PIL.ImageGrab",
    "PIL.ImageShow",
)

# Qt plugins no desktop of ours loads: embedded/framebuffer/VNC platforms, touch and tablet
# input (evdev, TUIO), compositor-side Wayland plugins, QML tooling, image formats we never
# read, network plugins of an offline app, and the GTK3 theme (its GTK comes from the user's
# system, which may not match the libraries it was built against). xcb and wayland stay for
# Linux desktops, windows/cocoa for the others, offscreen and minimal for --self-test and
# headless use. Qt's translations go too: Equitone installs no QTranslator.
# Paths are matched with forward slashes; Windows names plugins without the `lib` prefix and
# keeps them in PySide6/plugins, the others in PySide6/Qt/plugins.
DROP = re.compile(
    r"plugins/(platforms/(lib)?q(eglfs|linuxfb|minimalegl|vnc|vkkhrdisplay|direct2d)\b"
    r"|egldeviceintegrations/|qmltooling/|designer/|sqldrivers/|networkinformation/|tls/"
    r"|generic/|platformthemes/(lib)?qgtk3\b"
    r"|wayland-graphics-integration-client/lib[\w-]+-server"
    r"|wayland-shell-integration/lib(fullscreen|ivi|qt-shell|wl-shell)"
    r"|imageformats/(lib)?q(tga|wbmp|tiff|webp|pdf|icns)\b)"
    r"|(^|/)PySide6/(Qt/)?translations/"
)

# System libraries the bundle does ship: SQLite, whose version is part of how the database
# behaves (every distribution has another), and libbz2, whose file name differs between
# Debian (libbz2.so.1.0) and Fedora/RHEL (libbz2.so.1). Both need only an old glibc.
SHIPPED_SYSTEM_LIBRARIES = frozenset({"libsqlite3.so.0", "libbz2.so.1.0"})

# Qt 6.12's floors, from its supported-platforms pages (PySide6's wheels carry the same).
MACOS_MINIMUM = "14.4"
WINDOWS_MINIMUM = "10.0.17763"  # Windows 10 1809


def keep(destination: str) -> bool:
    """False for Qt plugins and translations the app never loads (any platform's layout)."""
    return DROP.search(destination.replace("\\", "/")) is None


def is_from_system(destination: str, source: str, own_roots: tuple[str, ...]) -> bool:
    """True for a shared library that PyInstaller found on this machine's system paths (as a
    dependency of a wheel's library or of the interpreter), as opposed to one from a wheel, the
    interpreter itself (libpython, its lib-dynload modules) or SHIPPED_SYSTEM_LIBRARIES."""
    name = PurePosixPath(destination).name
    if destination.startswith("python3") or name.startswith("libpython"):
        return False
    if name in SHIPPED_SYSTEM_LIBRARIES:
        return False
    return not any(source.startswith(root.rstrip("/") + "/") for root in own_roots)

