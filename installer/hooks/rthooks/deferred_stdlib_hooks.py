"""Runtime hook: run PyInstaller's hooks for `inspect`, `pkgutil` and `multiprocessing` when
the program first imports those modules, instead of importing all three at every start.

Those hooks patch the modules for a frozen program (source files of frozen modules, listing
the modules of the bundle's archive, child processes); each imports its module first, which
cost ~45 ms of a ~130 ms `equitone --version`, for modules that the command line never uses.
installer/equitone.spec takes PyInstaller's hook files out of the start-up scripts and ships
them as data in `pyi_deferred_rthooks/`; this finder runs each one right after its module is
imported, so the module is patched before any code can use it, exactly as before.
os.path and no other imports: this runs before anything else is loaded.
"""

import os
import sys

_FOLDER = os.path.join(sys._MEIPASS, "pyi_deferred_rthooks")  # type: ignore[attr-defined]  # noqa: PTH118
_DEFERRED = {"inspect": "pyi_rth_inspect.py", "pkgutil": "pyi_rth_pkgutil.py",
             "multiprocessing": "pyi_rth_multiprocessing.py"}


def _run_hook(file_name):  # type: ignore[no-untyped-def]
    path = os.path.join(_FOLDER, file_name)  # noqa: PTH118
    if not os.path.isfile(path):  # noqa: PTH113 - not collected: PyInstaller had no such hook
        return
    with open(path, encoding="utf-8") as handle:  # noqa: PTH123
        code = compile(handle.read(), path, "exec")
    exec(code, {"__name__": "__pyi_rthook__", "__builtins__": __builtins__})


class _ThenHook:
    """The module's own loader, followed by its PyInstaller hook."""

    def __init__(self, loader, hook):  # type: ignore[no-untyped-def]
        self._loader = loader
        self._hook = hook

    def __getattr__(self, name):  # type: ignore[no-untyped-def]
        return getattr(self._loader, name)  # get_source, get_code, is_package, …

    def create_module(self, spec):  # type: ignore[no-untyped-def]
        return self._loader.create_module(spec)

    def exec_module(self, module):  # type: ignore[no-untyped-def]
        self._loader.exec_module(module)
        _run_hook(self._hook)


class _DeferredHooks:
    @classmethod
    def find_spec(cls, name, path=None, target=None):  # type: ignore[no-untyped-def]
        hook = _DEFERRED.pop(name, None)
        if hook is None:
            return None
        for finder in sys.meta_path:
            if finder is cls or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(name, path, target)
            if spec is not None:
                if spec.loader is not None:
                    spec.loader = _ThenHook(spec.loader, hook)
                return spec
        return None


for _name in [name for name in _DEFERRED if name in sys.modules]:  # imported already
    _run_hook(_DEFERRED.pop(_name))
sys.meta_path.insert(0, _DeferredHooks)
