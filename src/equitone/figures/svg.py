"""A scene as an SVG document (the CLI's .svg output, the contact sheet's source, tests)."""

from __future__ import annotations

import base64
from xml.sax.saxutils import quoteattr

from .geometry import path_bounds
from .hatch import hatch_lines
from .scene import Path, Scene, Shape, media_type


def path_data(path: Path, digits: int = 2) -> str:
    parts: list[str] = []
    for op, values in path:
        parts.append(op + " ".join(f"{v:.{digits}f}".rstrip("0").rstrip(".") for v in values))
    return "".join(parts)


def _attrs(shape: Shape, scale: float) -> str:
    style = shape.style
    out = [f'fill={quoteattr(style.fill or "none")}']
    if style.stroke is not None:
        width = max(style.width, 0.0)
        out.append(f'stroke={quoteattr(style.stroke)} stroke-width="{width:.3g}"')
        out.append(f'stroke-linejoin="round" stroke-linecap="{style.cap}"')
        if style.dash:
            out.append('stroke-dasharray="' + " ".join(f"{d * width:.3g}" for d in style.dash)
                       + '"')
    if style.opacity < 1:
        out.append(f'opacity="{style.opacity:.3g}"')
    return " ".join(out)


def _image(shape: Shape) -> str:
    """A photo, embedded (an SVG file must stand on its own)."""
    assert shape.image is not None
    left, top, right, bottom = path_bounds(shape.path)
    href = f"data:{media_type(shape.image)};base64,{base64.b64encode(shape.image).decode()}"
    return (f'<image x="{left:.2f}" y="{top:.2f}" width="{right - left:.2f}" '
            f'height="{bottom - top:.2f}" href={quoteattr(href)}/>')


def to_svg(scene: Scene, width_px: int | None = None, *, background: str | None = None) -> str:
    """The scene in its own coordinates (centimetres); ``width_px`` sets the document size."""
    left, top, right, bottom = scene.bounds
    w, h = right - left, bottom - top
    px_w = width_px or round(w * 4)
    px_h = round(px_w * h / w)
    scale = px_w / w
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{px_w}" height="{px_h}" '
        f'viewBox="{left:.2f} {top:.2f} {w:.2f} {h:.2f}">',
    ]
    if background:
        lines.append(f'<rect x="{left:.2f}" y="{top:.2f}" width="{w:.2f}" height="{h:.2f}" '
                     f'fill={quoteattr(background)}/>')
    clips: dict[Path, str] = {}
    defs: list[str] = []
    body: list[str] = []
    for shape in scene.shapes:
        clip_ref = ""
        if shape.clip is not None:
            name = clips.get(shape.clip)
            if name is None:
                name = f"c{len(clips)}"
                clips[shape.clip] = name
                defs.append(f'<clipPath id="{name}"><path d="{path_data(shape.clip)}"/>'
                            "</clipPath>")
            clip_ref = f' clip-path="url(#{name})"'
        if shape.image is not None:
            body.append(_image(shape))
            continue
        data = path_data(shape.path)
        body.append(f'<path d="{data}" {_attrs(shape, scale)}{clip_ref}/>')
        if shape.style.hatch:
            spacing = 3.2 / scale  # hatch lines about 3 px apart at any size
            segments = hatch_lines(shape.path, shape.style.hatch, spacing)
            if segments:
                hatch = "".join(f"M{x0:.2f} {y0:.2f}L{x1:.2f} {y1:.2f}"
                                for (x0, y0), (x1, y1) in segments)
                name = f"h{len(defs)}"
                defs.append(f'<clipPath id="{name}"><path d="{data}"/></clipPath>')
                body.append(
                    f'<path d="{hatch}" stroke={quoteattr(shape.style.hatch_colour)} '
                    f'stroke-width="{0.9 / scale:.3g}" stroke-linecap="round" fill="none" '
                    f'clip-path="url(#{name})"/>'
                )
    if defs:
        lines.append("<defs>" + "".join(defs) + "</defs>")
    lines.extend(body)
    lines.append("</svg>")
    return "\n".join(lines) + "\n"
