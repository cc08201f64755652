"""Building blocks shared by the documents: safe paragraphs, images from PNG bytes, the clinic
header, section headings and simple grid tables."""

from __future__ import annotations

import contextlib
import hashlib
import io
from collections.abc import Sequence
from datetime import date
from functools import lru_cache
from pathlib import Path

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfutils import readJPEGInfo

from .fonts import BOLD, REGULAR, markup, needs_fallback
from .model import ClinicHeader
from .platypus import Flowable, Image, Paragraph, Spacer, Table, TableStyle
from .styles import ACCENT, MUTED, RULE, SOFT_BG, styles

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def short_date(day: date) -> str:
    return f"{day.day} {_MONTHS[day.month - 1]}"


def long_date(day: date) -> str:
    """``25 Nov 2026``: unambiguous on both sides of the Atlantic, independent of locale."""
    return f"{short_date(day)} {day.year}"


_CJK_STYLES: dict[str, ParagraphStyle] = {}


def _cjk(style: ParagraphStyle) -> ParagraphStyle:
    variant = _CJK_STYLES.get(style.name)
    if variant is None:
        variant = ParagraphStyle(f"{style.name}-cjk", parent=style, wordWrap="CJK")
        _CJK_STYLES[style.name] = variant
    return variant


def para(text: str, style: ParagraphStyle, *, prefix: str = "", suffix: str = "") -> Paragraph:
    """A Paragraph of untrusted ``text`` (escaped); ``prefix``/``suffix`` are trusted markup.

    Text with CJK wraps per character, since Chinese and Japanese have no spaces to break at.
    """
    body = f"{prefix}{markup(text)}{suffix}"
    return Paragraph(body, _cjk(style) if needs_fallback(text) else style)


_JPEG_SIGNATURE = b"\xff\xd8"


class _JpegReader(ImageReader):  # type: ignore[misc]
    """A JPEG that reportlab copies into the PDF as it is, read without Pillow.

    A JPEG's file is embedded unchanged (``PDFImageXObject.loadImageFromJPEG``): only its size,
    from the header, is needed. Through Pillow, opening it would import Pillow's image plugins
    (~15 ms of a process's first PDF), and reportlab would decode the whole picture to name it
    (``getRGBData``, once a fifth of a plan's time); the digest of the file names it instead.
    """

    def __init__(self, data: bytes) -> None:
        # ImageReader.__init__ opens the picture with Pillow: the fields it sets are set here.
        self.fp = io.BytesIO(data)
        self._width, self._height, _components, _dpi = readJPEGInfo(self.fp)
        self._digest = hashlib.sha1(data).digest()
        self.fileName = f"jpeg-{self._digest.hex()}"
        self._ident = None
        self._image = None
        self._transparent = None
        self._data = None
        self._dataA = None  # no soft mask

    def jpeg_fh(self) -> io.BytesIO:
        self.fp.seek(0)
        return self.fp

    def getRGBData(self) -> bytes:
        return self._digest


def _read(data: bytes) -> ImageReader:
    if data[:2] == _JPEG_SIGNATURE:
        with contextlib.suppress(Exception):  # a JPEG reportlab cannot parse: Pillow may
            return _JpegReader(data)
    return ImageReader(io.BytesIO(data))


@lru_cache(maxsize=64)
def _reader(data: bytes) -> ImageReader | None:
    """An image reader per picture, shared by every document (pictures repeat a lot)."""
    try:
        reader = _read(data)
        width, height = reader.getSize()
    except Exception:  # an unreadable picture is left out rather than failing the print
        return None
    return reader if width and height else None


def image_reader(data: bytes) -> ImageReader | None:
    """A shared reader for a picture's bytes, or None when they cannot be read."""
    return _reader(data)


class Picture(Flowable):  # type: ignore[misc]
    """An image from bytes, drawn at a fixed size."""

    def __init__(self, reader: ImageReader, width: float, height: float) -> None:
        super().__init__()
        self.reader = reader
        self.width, self.height = width, height
        self.hAlign = "CENTER"

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def fit(self, box_w: float, box_h: float) -> None:
        """Resize to fit the box, keeping the aspect."""
        width, height = self.reader.getSize()
        self.width, self.height = fitted(width, height, box_w, box_h)

    def draw(self) -> None:
        self.canv.drawImage(self.reader, 0, 0, self.width, self.height)


def image_size(data: bytes) -> tuple[int, int] | None:
    """Pixel size of a picture (JPEG or PNG bytes), or None when it cannot be read."""
    reader = _reader(data)
    if reader is None:
        return None
    width, height = reader.getSize()
    return int(width), int(height)


def fitted(width: float, height: float, box_w: float, box_h: float) -> tuple[float, float]:
    scale = min(box_w / width, box_h / height)
    return width * scale, height * scale


def picture(data: bytes | None, box_w: float, box_h: float) -> Picture | None:
    """The picture scaled to fit the box (aspect kept), or None when missing or unreadable."""
    if not data:
        return None
    reader = _reader(data)
    if reader is None:
        return None
    width, height = reader.getSize()
    w, h = fitted(width, height, box_w, box_h)
    return Picture(reader, w, h)


def _logo(path_text: str, box_w: float, box_h: float) -> Flowable | None:
    if not path_text:
        return None
    path = Path(path_text)
    try:
        if not path.is_file():
            return None
        width, height = ImageReader(str(path)).getSize()
    except Exception:  # a broken logo must not stop a handout from printing
        return None
    w, h = fitted(width, height, box_w, box_h)
    return Image(str(path), width=w, height=h)


def clinic_header(clinic: ClinicHeader, width: float) -> Table:
    st = styles()
    lines: list[Flowable] = [para(clinic.name, st.clinic)]
    details = " · ".join(text.strip() for text in (clinic.address, clinic.contact) if text.strip())
    if details:  # one line where it fits: the page is for the exercises
        lines.append(para(details, st.muted))
    logo = _logo(clinic.logo_path, 120, 46)
    logo_w = 130 if logo is not None else 0
    table = Table([[lines, logo or ""]], colWidths=[width - logo_w, logo_w])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("ALIGN", (1, 0), (1, 0), "RIGHT"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
                ("LINEBELOW", (0, 0), (-1, 0), 1.2, ACCENT),
                ("FONTNAME", (0, 0), (-1, -1), REGULAR),
            ]
        )
    )
    return table


def title_block(title: str, facts: Sequence[tuple[str, str]], width: float) -> list[Flowable]:
    """Document title and a row of label/value facts (patient, date, …)."""
    st = styles()
    cells = [
        para(
            value,
            st.body,
            prefix=f'<font name="{BOLD}" color="#5B6770" size="7.5">{label.upper()}</font><br/>',
        )
        for label, value in facts
    ]
    # the first fact (the patient's name) gets a wider column: names can be long
    shares = [1.5] + [1.0] * (len(cells) - 1)
    row = Table([cells], colWidths=[width * share / sum(shares) for share in shares])
    row.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 6),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("FONTNAME", (0, 0), (-1, -1), REGULAR),
            ]
        )
    )
    return [Spacer(1, 5), Paragraph(title, st.title), Spacer(1, 1), row, Spacer(1, 3)]


def heading(text: str) -> Paragraph:
    """A section heading; it never ends a page alone (kept with what follows it)."""
    return Paragraph(markup(text), styles().h2)


def run_in_heading(title: str, text: str) -> Paragraph:
    """A section heading with its one-line explanation on the same line:
    "Weekly log — tick a box each day …"."""
    st = styles()
    return Paragraph(f"{markup(title)}<font name=\"{REGULAR}\" size=\"8.5\" "
                     f"color=\"#5B6770\"> — {markup(text)}</font>", st.h2)


def grid_table(
    header: Sequence[str], rows: Sequence[Sequence[Flowable | str]], col_widths: Sequence[float]
) -> Table:
    """A plain data table: bold header on a soft band, hairlines between rows."""
    st = styles()
    data: list[list[Flowable | str]] = [[Paragraph(markup(h), st.cell_head) for h in header]]
    data += [list(row) for row in rows]
    table = Table(data, colWidths=list(col_widths), repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), REGULAR),
                ("BACKGROUND", (0, 0), (-1, 0), SOFT_BG),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, MUTED),
                ("LINEBELOW", (0, 1), (-1, -1), 0.4, RULE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                ("LEFTPADDING", (0, 0), (-1, -1), 4),
                ("RIGHTPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return table


def cell(text: str) -> Paragraph:
    return para(text, styles().cell)


def legend_line(legend: Sequence[tuple[str, str]]) -> Paragraph:
    """The key to a body map's colours: a swatch and a name per tone state."""
    items = [
        f'<font color="{colour}" size="10">■</font>&nbsp;{markup(label)}' if colour
        else f"<i>{markup(label)}</i>"  # a note without a swatch (striped: several states)
        for label, colour in legend
    ]
    return Paragraph("&nbsp;&nbsp;&nbsp;&nbsp;".join(items), styles().muted)
