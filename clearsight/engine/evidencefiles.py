"""Checking an evidence file before it is kept: its size, and that its content is what its name
says (a PDF really is a PDF). Only everyday document types are accepted; Office files with
macros are refused. The checks read the bytes, never trust the browser's content type."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import PurePath


class EvidenceFileError(ValueError):
    """A file that cannot be kept as evidence; the message says why and what to do."""


@dataclass(frozen=True)
class FileKind:
    extension: str
    content_type: str
    label: str


KINDS = {
    ".pdf": FileKind(".pdf", "application/pdf", "PDF"),
    ".docx": FileKind(".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word"),
    ".xlsx": FileKind(".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel"),
    ".pptx": FileKind(".pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation",
                      "PowerPoint"),
    ".png": FileKind(".png", "image/png", "PNG image"),
    ".jpg": FileKind(".jpg", "image/jpeg", "JPEG image"),
    ".jpeg": FileKind(".jpg", "image/jpeg", "JPEG image"),
    ".csv": FileKind(".csv", "text/csv", "CSV"),
    ".txt": FileKind(".txt", "text/plain", "text"),
}
OFFICE_PART = {".docx": "word/", ".xlsx": "xl/", ".pptx": "ppt/"}
ALLOWED = "PDF, Word (.docx), Excel (.xlsx), PowerPoint (.pptx), PNG, JPEG, CSV or text"


def _office(data: bytes, extension: str, filename: str) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
    except zipfile.BadZipFile:
        raise EvidenceFileError(f"{filename} is not a real {KINDS[extension].label} file: it may be damaged.") from None
    if "[Content_Types].xml" not in names or not any(n.startswith(OFFICE_PART[extension]) for n in names):
        raise EvidenceFileError(f"{filename} is not a {KINDS[extension].label} file, whatever its name says.")
    if any(n.lower().endswith("vbaproject.bin") for n in names):
        raise EvidenceFileError(f"{filename} contains macros. Save it without macros and upload it again.")


def _text(data: bytes, filename: str) -> None:
    if b"\x00" in data[:8192]:
        raise EvidenceFileError(f"{filename} is not a text file.")
    try:
        data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise EvidenceFileError(f"{filename} is not UTF-8 text. Save it as UTF-8 and upload it again.") from None


def check_evidence_file(data: bytes, filename: str, max_bytes: int) -> FileKind:
    """The file's kind, if it may be kept; else EvidenceFileError naming the file and the fix."""
    name = PurePath(filename).name
    extension = PurePath(name).suffix.lower()
    if not data:
        raise EvidenceFileError(f"{name} is empty.")
    if len(data) > max_bytes:
        raise EvidenceFileError(
            f"{name} is {len(data) / 1_048_576:.1f} MB; evidence files can be at most {max_bytes / 1_048_576:.0f} MB."
        )
    kind = KINDS.get(extension)
    if kind is None:
        raise EvidenceFileError(f"{name} cannot be kept: upload a {ALLOWED} file, or add a link instead.")
    if extension == ".pdf" and not data.startswith(b"%PDF-"):
        raise EvidenceFileError(f"{name} is not a real PDF file, whatever its name says.")
    if extension == ".png" and not data.startswith(b"\x89PNG\r\n\x1a\n"):
        raise EvidenceFileError(f"{name} is not a real PNG image.")
    if extension in (".jpg", ".jpeg") and not data.startswith(b"\xff\xd8\xff"):
        raise EvidenceFileError(f"{name} is not a real JPEG image.")
    if extension in OFFICE_PART:
        _office(data, extension, name)
    if extension in (".csv", ".txt"):
        _text(data, name)
    return kind
