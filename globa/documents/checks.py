"""What an uploaded file is, told by its content, and the name it is kept under.

Globa accepts a short list of document formats, so the check is a signature check of those
formats (the bytes each begins with, and for the office formats the package's own parts)
rather than a general file-type library: a few lines that can be read in full, exact for
what is allowed, and refusing everything else. The name a browser sends is kept only for
display and download, sanitised; the file is stored under the document's id.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import PurePath
from typing import IO


@dataclass(frozen=True)
class FileType:
    content_type: str
    extension: str


PDF = FileType("application/pdf", "pdf")
PNG = FileType("image/png", "png")
JPEG = FileType("image/jpeg", "jpg")
TIFF = FileType("image/tiff", "tif")
DOCX = FileType("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx")
XLSX = FileType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx")
ODT = FileType("application/vnd.oasis.opendocument.text", "odt")
ALLOWED = (PDF, PNG, JPEG, TIFF, DOCX, XLSX, ODT)


def detect(stream: IO[bytes]) -> FileType | None:
    """The allowed type the content is, or None. The stream is read from its start and left
    at its start."""
    stream.seek(0)
    head = stream.read(8)
    stream.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith((b"II*\x00", b"MM\x00*")):
        return TIFF
    if head.startswith(b"PK\x03\x04"):
        found = _package(stream)
        stream.seek(0)
        return found
    return None


def _package(stream: IO[bytes]) -> FileType | None:
    """An office document is a zip package that names what it is inside."""
    try:
        with zipfile.ZipFile(stream) as package:
            names = set(package.namelist())
            if "mimetype" in names:
                kind = package.read("mimetype").decode("ascii", "replace").strip()
                return ODT if kind == ODT.content_type else None
            if "[Content_Types].xml" in names:
                if any(name.startswith("word/") for name in names):
                    return DOCX
                if any(name.startswith("xl/") for name in names):
                    return XLSX
    except (zipfile.BadZipFile, OSError, KeyError, RuntimeError):
        return None
    return None


def detect_bytes(content: bytes) -> FileType | None:
    return detect(io.BytesIO(content))


_UNSAFE = re.compile(r"[^\w.\- ]+")


def clean_name(sent: str, file_type: FileType) -> str:
    """A name safe to show and to offer for download: no folders, no control or special
    characters, not too long, ending with the extension of what the file really is."""
    base = PurePath(sent.replace("\\", "/")).name
    base = unicodedata.normalize("NFC", base)
    stem = base.rsplit(".", 1)[0] if "." in base else base
    stem = _UNSAFE.sub("_", stem).strip(" ._") or "dokumentas"
    return f"{stem[:120]}.{file_type.extension}"
