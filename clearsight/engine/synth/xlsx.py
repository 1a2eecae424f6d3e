"""A small streaming xlsx writer: sheets of strings, whole numbers and dates, nothing else.

openpyxl spends ~30 µs a cell, which made Annex A the slowest part of a council's run; this
writes the sheet XML directly (inline strings, dates as serial numbers with a dd/mm/yyyy
style), column by column with numpy, into a zip with fixed timestamps, so the same rows give the
same bytes. Excel, LibreOffice and openpyxl read it.
"""

from __future__ import annotations

import tempfile
import zipfile
from html import escape
from pathlib import Path
from typing import IO, Any

import numpy as np
import numpy.typing as npt

from .days import NA

EXCEL_EPOCH_OFFSET = 25569  # Excel serial of 1970-01-01
FIXED_TIME = (1980, 1, 1, 0, 0, 0)


def _column_letters(n: int) -> list[str]:
    out = []
    for i in range(n):
        name, k = "", i + 1
        while k:
            k, r = divmod(k - 1, 26)
            name = chr(65 + r) + name
        out.append(name)
    return out


class XlsxWriter:
    def __init__(self, path: Path, sheets: dict[str, list[str]], created: str) -> None:
        self.path = path
        self.created = created  # ISO timestamp for docProps/core.xml
        self._names = list(sheets)
        self._tmp = tempfile.TemporaryDirectory(prefix="xlsx-")
        self._files: list[IO[str]] = []
        self._rows: list[int] = []
        for i, headers in enumerate(sheets.values()):
            handle = (Path(self._tmp.name) / f"sheet{i + 1}.xml").open("w", encoding="utf-8")
            self._files.append(handle)
            self._rows.append(0)
            self.append(i, [np.array([h], dtype=object) for h in headers], set())

    def append(self, sheet: int, columns: list[npt.NDArray[Any]], dates: set[int]) -> None:
        """Rows as parallel columns; columns in ``dates`` hold day numbers (NA = empty)."""
        n = len(columns[0])
        if not n:
            return
        first = self._rows[sheet] + 1
        numbers = np.arange(first, first + n).astype(str)
        letters = _column_letters(len(columns))
        cells = []
        for j, values in enumerate(columns):
            ref = np.char.add(letters[j], numbers)
            if j in dates:
                days = np.asarray(values, dtype=np.int64)
                serial = (days + EXCEL_EPOCH_OFFSET).astype(str)
                text = np.char.add(np.char.add(np.char.add('<c r="', ref), '" s="1"><v>'), np.char.add(serial, "</v></c>"))
                cells.append(np.where(days == NA, "", text))
                continue
            arr = np.asarray(values)
            if arr.dtype.kind in "iu":
                text = np.char.add(np.char.add(np.char.add('<c r="', ref), '"><v>'), np.char.add(arr.astype(str), "</v></c>"))
                cells.append(text)
                continue
            strings = _escaped(arr)
            text = np.char.add(np.char.add(np.char.add('<c r="', ref), '" t="inlineStr"><is><t>'),
                               np.char.add(strings, "</t></is></c>"))
            cells.append(np.where(strings == "", "", text))
        rows = ["".join(parts) for parts in zip(*[c.tolist() for c in cells], strict=True)]
        out = "".join(f'<row r="{first + i}">{row}</row>' for i, row in enumerate(rows))
        self._files[sheet].write(out)
        self._rows[sheet] += n

    def close(self) -> None:
        for handle in self._files:
            handle.close()
        with zipfile.ZipFile(self.path, "w", zipfile.ZIP_DEFLATED) as zf:
            for name, text in self._package().items():
                zf.writestr(_info(name), text)
            for i in range(len(self._names)):
                body = (Path(self._tmp.name) / f"sheet{i + 1}.xml").read_text(encoding="utf-8")
                zf.writestr(_info(f"xl/worksheets/sheet{i + 1}.xml"), _SHEET_HEAD + body + "</sheetData></worksheet>")
        self._tmp.cleanup()

    @property
    def rows(self) -> list[int]:
        return list(self._rows)

    def _package(self) -> dict[str, str]:
        sheets = "".join(
            f'<sheet name="{escape(n)}" sheetId="{i + 1}" r:id="rId{i + 1}"/>' for i, n in enumerate(self._names)
        )
        rels = "".join(
            f'<Relationship Id="rId{i + 1}" Type="{_R}/worksheet" Target="worksheets/sheet{i + 1}.xml"/>'
            for i in range(len(self._names))
        )
        styles_id = len(self._names) + 1
        overrides = "".join(
            f'<Override PartName="/xl/worksheets/sheet{i + 1}.xml" ContentType="{_CT}.worksheet+xml"/>'
            for i in range(len(self._names))
        )
        return {
            "[Content_Types].xml": (
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                '<Default Extension="xml" ContentType="application/xml"/>'
                f'<Override PartName="/xl/workbook.xml" ContentType="{_CT}.sheet.main+xml"/>'
                f'<Override PartName="/xl/styles.xml" ContentType="{_CT}.styles+xml"/>{overrides}'
                '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
                "</Types>"
            ),
            "_rels/.rels": (
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                f'<Relationship Id="rId1" Type="{_R}/officeDocument" Target="xl/workbook.xml"/>'
                '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>'
                "</Relationships>"
            ),
            "docProps/core.xml": (
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
                'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
                'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:creator>Clearsight synthetic data</dc:creator>'
                f'<dcterms:created xsi:type="dcterms:W3CDTF">{self.created}</dcterms:created>'
                f'<dcterms:modified xsi:type="dcterms:W3CDTF">{self.created}</dcterms:modified></cp:coreProperties>'
            ),
            "xl/workbook.xml": (
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                f'xmlns:r="{_R}"><sheets>{sheets}</sheets></workbook>'
            ),
            "xl/_rels/workbook.xml.rels": (
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                f'{rels}<Relationship Id="rId{styles_id}" Type="{_R}/styles" Target="styles.xml"/></Relationships>'
            ),
            "xl/styles.xml": _STYLES,
        }


def _escaped(values: npt.NDArray[Any]) -> npt.NDArray[np.str_]:
    text = np.asarray(values).astype(str)
    text = np.where(text == "None", "", text)
    unique, inverse = np.unique(text, return_inverse=True)
    cleaned = np.array([escape(u, quote=False) for u in unique.tolist()], dtype=object)
    return cleaned[inverse].astype(str)


def _info(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o600 << 16
    return info


_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_SHEET_HEAD = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)
_STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts>'
    '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)
