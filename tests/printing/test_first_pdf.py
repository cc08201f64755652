"""The first PDF of a process loads only what it draws: reportlab's URL pattern compiled on
first use, no xml.sax/urllib for escaping, JPEG pictures embedded without Pillow's plugins."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

from PIL import Image

from equitone.printing.layout import image_size, picture


def _jpeg(size: tuple[int, int] = (120, 80), mode: str = "RGB", **save: object) -> bytes:
    out = io.BytesIO()
    Image.new(mode, size, "teal" if mode == "RGB" else 60).save(out, "JPEG", **save)
    return out.getvalue()


ROOT = Path(__file__).resolve().parents[2]  # the sample documents are test data


def _run(code: str, *args: str) -> None:
    result = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                            timeout=120, check=False, cwd=ROOT)
    assert result.returncode == 0, result.stderr


FIRST_PDF = """
import io, sys
from pathlib import Path
from equitone.printing import render_plan
from tests.printing.samples import sample_plan

out = io.BytesIO()
render_plan(sample_plan(blocks=3, thumbnail=Path(sys.argv[1]).read_bytes()), out)
pdf = out.getvalue()
assert pdf.startswith(b"%PDF") and b"/DCTDecode" in pdf, "the JPEG is embedded as it is"
for module in ("xml.sax.saxutils", "urllib.request", "PIL.JpegImagePlugin"):
    assert module not in sys.modules, module + " was imported for the first PDF"
from reportlab.platypus import paragraph
from equitone.printing.platypus import CompiledOnFirstUse
assert isinstance(paragraph.uri_pat, CompiledOnFirstUse), "reportlab's URL pattern changed"
assert not paragraph.uri_pat.compiled, "no long URL was printed: nothing needed the pattern"
"""


def test_first_pdf_of_a_process_loads_only_what_it_draws(tmp_path: Path) -> None:
    thumbnail = tmp_path / "thumb.jpg"
    thumbnail.write_bytes(_jpeg())
    _run(FIRST_PDF, str(thumbnail))


DEFERRED_PATTERN = """
import re
import equitone.printing.platypus
from reportlab.platypus import paragraph

assert re.compile.__module__ == "re", "re.compile is reportlab's again after the import"
lazy = paragraph.uri_pat
assert not lazy.compiled
assert paragraph._uri_split_pairs("https://example.org/exercises/hip/clamshell") == [
    ("https://example.org/exercises/hip/", "clamshell"),
    ("https://example.org/exercises/", "hip/clamshell"),
    ("https://example.org/", "exercises/hip/clamshell"),
    ("https://", "example.org/exercises/hip/clamshell"),
]
assert lazy.match("HTTPS://Übung.example.ORG/a") is not None  # case-insensitive, Unicode
assert lazy.match("not a url") is None
assert lazy.compiled and lazy.flags & re.IGNORECASE
"""


def test_the_deferred_url_pattern_matches_as_compiled() -> None:
    _run(DEFERRED_PATTERN)


def test_long_url_in_a_narrow_paragraph_still_breaks_at_a_slash() -> None:
    from reportlab.lib.styles import ParagraphStyle

    from equitone.printing.fonts import REGULAR, markup, register_fonts
    from equitone.printing.platypus import Paragraph

    register_fonts()
    style = ParagraphStyle("url", fontName=REGULAR, fontSize=10, uriWasteReduce=0.3)
    url = "https://example.org/exercises/hip/clamshell/with-a-band/progressions"
    text = Paragraph(markup(url), style)
    text.wrap(150, 500)
    lines = ["".join(word for word in line[1]) for line in text.blPara.lines]
    assert len(lines) > 1 and lines[0].endswith("/"), lines


def test_jpeg_size_is_read_from_its_header() -> None:
    assert image_size(_jpeg((321, 123))) == (321, 123)
    assert image_size(_jpeg((64, 48), progressive=True)) == (64, 48)
    assert image_size(_jpeg((50, 70), mode="L")) == (50, 70)
    assert image_size(_jpeg((40, 30), mode="CMYK")) == (40, 30)


def test_a_broken_jpeg_is_left_out_and_png_still_works() -> None:
    assert image_size(_jpeg()[:40]) is None
    assert picture(b"\xff\xd8 not really a jpeg", 100, 100) is None
    png = io.BytesIO()
    Image.new("RGB", (30, 20), "red").save(png, "PNG")
    assert image_size(png.getvalue()) == (30, 20)


def test_printing_takes_platypus_from_one_module() -> None:
    """A module importing reportlab.platypus itself, first, would compile the pattern."""
    import ast

    import equitone

    root = Path(equitone.__file__).parent
    direct = []
    for source in sorted(root.rglob("*.py")):
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            names = ([node.module or ""] if isinstance(node, ast.ImportFrom)
                     else [a.name for a in node.names] if isinstance(node, ast.Import) else [])
            if any(n == "reportlab.platypus" or n.startswith("reportlab.platypus.")
                   for n in names):
                direct.append(str(source.relative_to(root)))
    assert direct == ["printing/platypus.py"]
