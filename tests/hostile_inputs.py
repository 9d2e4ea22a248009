"""Makers of hostile inputs for the catalogue: damaged templates and images, fake LibreOffice."""

from __future__ import annotations

import functools
import io
import re
import stat
import struct
import sys
import textwrap
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pptx import Presentation
from pptx.util import Emu

from hostile import SECRET


@functools.cache
def base_template() -> bytes:
    """A plain 16:9 template with the standard layouts (python-pptx's default, widened)."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = Emu(12_192_000), Emu(6_858_000)
    buffer = io.BytesIO()
    prs.save(buffer)
    return buffer.getvalue()


def rezip(
    data: bytes,
    edit: Callable[[str, bytes], bytes | None] = lambda name, data: data,
    add: dict[str, bytes] | None = None,
) -> bytes:
    """A copy of the package ``data`` with each member passed through ``edit`` (None drops it)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            changed = edit(name, source.read(name))
            if changed is not None:
                target.writestr(name, changed)
        for name, extra in (add or {}).items():
            target.writestr(name, extra)
    return out.getvalue()


def replace_in(member: str, old: str, new: str, count: int = 1) -> Callable[[str, bytes], bytes]:
    """An ``edit`` replacing ``old`` by ``new`` in one member (which must hold it)."""

    def edit(name: str, data: bytes) -> bytes:
        if name != member:
            return data
        text = data.decode("utf-8")
        assert old in text, (member, old)
        return text.replace(old, new, count).encode("utf-8")

    return edit


def template_without_layouts() -> bytes:
    prs = Presentation(io.BytesIO(base_template()))
    for layout in list(prs.slide_layouts):
        prs.slide_layouts.remove(layout)
    buffer = io.BytesIO()
    prs.save(buffer)
    return buffer.getvalue()


def template_without_master() -> bytes:
    return rezip(
        base_template(),
        lambda name, data: (
            re.sub(rb"<p:sldMasterIdLst>.*?</p:sldMasterIdLst>", b"", data)
            if name == "ppt/presentation.xml"
            else data
        ),
    )


def template_missing_master_part() -> bytes:
    return rezip(
        base_template(), lambda name, data: None if name.startswith("ppt/slideMasters/") else data
    )


def template_idx_one() -> bytes:
    return rezip(
        base_template(), replace_in("ppt/slideLayouts/slideLayout2.xml", 'idx="1"', 'idx="one"')
    )


def template_negative_extent() -> bytes:
    """A layout whose body placeholder is -431800 EMU wide (seen in a real 4:3 template)."""
    old = '<p:nvPr><p:ph idx="1"/></p:nvPr></p:nvSpPr><p:spPr/>'
    new = (
        '<p:nvPr><p:ph idx="1"/></p:nvPr></p:nvSpPr><p:spPr><a:xfrm><a:off x="457200" '
        'y="1600200"/><a:ext cx="-431800" cy="4525963"/></a:xfrm></p:spPr>'
    )
    return rezip(base_template(), replace_in("ppt/slideLayouts/slideLayout2.xml", old, new))


def template_with_file_link(target: str) -> bytes:
    """A template whose first layout carries an external relationship to ``target``."""
    rel = (
        '<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        f'relationships/hyperlink" Target="{target}" TargetMode="External"/>'
        '<Relationship Id="rId98" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/hyperlink" Target="https://example.com/ok" TargetMode="External"/>'
        "</Relationships>"
    )
    return rezip(
        base_template(),
        replace_in("ppt/slideLayouts/_rels/slideLayout1.xml.rels", "</Relationships>", rel),
    )


def template_with_secret_layout_name() -> bytes:
    """A valid template from outside the project, its first layout named after the secret."""
    return rezip(
        base_template(),
        replace_in("ppt/slideLayouts/slideLayout1.xml", 'name="Title Slide"', f'name="{SECRET}"'),
    )


@functools.cache
def template_with_huge_member(size: int = 2**31) -> bytes:
    """A valid template plus a ``size``-byte member of zeros: about 2 MB of deflate data."""
    chunk = bytes(1 << 24)
    deflate = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = deflate.compress(chunk) + deflate.flush(zlib.Z_FULL_FLUSH)  # repeatable on its own
    count = size // len(chunk)
    crc = 0
    for _ in range(count):
        crc = zlib.crc32(chunk, crc)
    data = block * count + b"\x03\x00"  # an empty final block
    out = io.BytesIO(base_template())
    with zipfile.ZipFile(out, "a") as package:
        info = zipfile.ZipInfo("ppt/media/huge.bin", (2020, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        info.file_size, info.compress_size, info.CRC = count * len(chunk), len(data), crc
        assert package.fp is not None
        package.fp.seek(package.start_dir)
        info.header_offset = package.start_dir
        package.fp.write(info.FileHeader(False))
        package.fp.write(data)
        package.start_dir = package.fp.tell()
        package.filelist.append(info)
        package.NameToInfo[info.filename] = info
        package._didModify = True
    return out.getvalue()


def _png(width: int, height: int, idat: bytes, extra: bytes = b"", *, interlace: int = 0) -> bytes:
    """An 8-bit RGB PNG of ``idat`` (deflated, filtered rows), every chunk's CRC right."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, interlace)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + extra
        + chunk(b"IDAT", idat)
        + chunk(b"IEND", b"")
    )


def _rows(width: int, height: int) -> bytes:
    return b"".join(
        b"\0" + bytes([(x * 7 + y) % 256 for x in range(width * 3)]) for y in range(height)
    )


def png_not_deflate(width: int = 64, height: int = 40) -> bytes:
    """Good chunks and CRCs, but image data that is not deflate data."""
    return _png(width, height, b"this is not deflate data, only text " * 8)


def png_half_rows(width: int = 64, height: int = 40) -> bytes:
    """A whole deflate stream holding only the first half of the rows."""
    rows = _rows(width, height)
    return _png(width, height, zlib.compress(rows[: len(rows) // 2]))


def png_bad_filter(width: int = 64, height: int = 40) -> bytes:
    """Every row and a whole deflate stream, but a row starting with filter 9 (there are 5)."""
    rows = bytearray(_rows(width, height))
    rows[(1 + width * 3) * (height // 2)] = 9
    return _png(width, height, zlib.compress(bytes(rows)))


def png_adam7(image: Any, *, cut: int = 0) -> bytes:
    """``image`` as an Adam7-interlaced PNG (Pillow writes none), less ``cut`` bytes of rows."""
    rgb = image.convert("RGB")
    width, height = rgb.size
    pixels = rgb.tobytes()
    passes = ((0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2),
              (0, 1, 1, 2))  # fmt: skip
    raw = bytearray()
    for x0, y0, dx, dy in passes:
        xs = range(x0, width, dx)
        for y in range(y0, height, dy) if xs else ():
            raw.append(0)
            for x in xs:
                raw += pixels[(y * width + x) * 3 : (y * width + x) * 3 + 3]
    return _png(width, height, zlib.compress(bytes(raw[: len(raw) - cut])), interlace=1)


def png_with_secret(width: int = 64, height: int = 40) -> bytes:
    """A good PNG carrying the secret in a text chunk: embedded as it is, the secret shows."""
    text = b"Comment\0" + SECRET.encode()
    crc = zlib.crc32(b"tEXt" + text) & 0xFFFFFFFF
    extra = struct.pack(">I", len(text)) + b"tEXt" + text + struct.pack(">I", crc)
    return _png(width, height, zlib.compress(_rows(width, height)), extra)


def good_png(width: int = 64, height: int = 40) -> bytes:
    return _png(width, height, zlib.compress(_rows(width, height)))


FAKE_SOFFICE = """\
#!{python}
import os, re, sys, time, zipfile
mode = os.environ.get("FAKE_SOFFICE_MODE", "ok")
args = sys.argv[1:]
out = args[args.index("--outdir") + 1]
sources = [a for a in args if a.endswith(".pptx")]
if mode == "hang":
    time.sleep(120)
for source in sources:
    names = zipfile.ZipFile(source).namelist()
    slides = [n for n in names if re.fullmatch(r"ppt/slides/slide\\d+\\.xml", n)]
    pages = {{"ok": len(slides), "fewer": 1}}.get(mode, 0)
    if not pages:
        continue
    from PIL import Image
    images = [Image.new("RGB", (160, 90), (40 * i % 256, 90, 160)) for i in range(pages)]
    target = os.path.join(out, os.path.splitext(os.path.basename(source))[0] + ".pdf")
    images[0].save(target, save_all=True, append_images=images[1:])
"""
"""A stand-in for LibreOffice: writes a PDF of as many pages as slides ("ok"), of one page
("fewer"), nothing ("nothing"), or hangs ("hang")."""


def fake_soffice(folder: Path) -> Path:
    """Write the fake LibreOffice into ``folder``; return its path."""
    path = folder / "soffice"
    path.write_text(textwrap.dedent(FAKE_SOFFICE.format(python=sys.executable)), encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path
