"""Evidence files: what may be kept is decided by the bytes, not the name."""

from __future__ import annotations

import io
import zipfile

import pytest

from clearsight.engine.evidencefiles import EvidenceFileError, check_evidence_file

MB = 1_048_576


def office(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return buffer.getvalue()


DOCX = office({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})


@pytest.mark.parametrize(
    ("data", "name", "content_type"),
    [(b"%PDF-1.7 ...", "report.pdf", "application/pdf"), (DOCX, "Minutes.DOCX", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
     (b"\x89PNG\r\n\x1a\n....", "chart.png", "image/png"), (b"\xff\xd8\xff\xe0", "photo.jpeg", "image/jpeg"),
     (b"team,score\nNorth,3\n", "audit.csv", "text/csv")],
)
def test_everyday_documents_are_accepted(data, name, content_type) -> None:
    assert check_evidence_file(data, name, 10 * MB).content_type == content_type


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [(b"MZ\x90\x00", "report.pdf", "not a real PDF"), (b"%PDF-1.4", "tool.exe", "cannot be kept"),
     (b"<html>", "page.html", "cannot be kept"), (b"%PDF-1.4", "report.docx", "may be damaged"),
     (office({"[Content_Types].xml": b"", "xl/workbook.xml": b""}), "fake.docx", "not a Word file"),
     (office({"[Content_Types].xml": b"", "word/document.xml": b"", "word/vbaProject.bin": b""}), "m.docx", "macros"),
     (b"a\x00b", "notes.txt", "not a text file"), (b"\xff\xfe\x00x", "latin.csv", "not a text file"),
     (b"caf\xe9", "latin.csv", "not UTF-8"), (b"", "empty.pdf", "is empty")],
)
def test_anything_else_is_refused_with_the_reason(data, name, message) -> None:
    with pytest.raises(EvidenceFileError, match=message):
        check_evidence_file(data, name, 10 * MB)


def test_a_file_over_the_limit_is_refused_with_its_size() -> None:
    with pytest.raises(EvidenceFileError, match="2.0 MB; evidence files can be at most 1 MB"):
        check_evidence_file(b"%PDF-" + b"x" * (2 * MB - 5), "big.pdf", MB)


def test_the_path_in_a_filename_is_ignored() -> None:
    with pytest.raises(EvidenceFileError, match="^evil.exe cannot"):
        check_evidence_file(b"x", "../../etc/evil.exe", MB)
