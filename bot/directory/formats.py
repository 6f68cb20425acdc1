"""The file formats of the import and export (django-import-export's CSV and
XLSX, made safe for spreadsheets and for Dutch Excel).

Export (IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT switches it on): a text that
a spreadsheet would run as a formula (starting with = + - @) is written as
text. In CSV it gets a leading apostrophe (OWASP's advice), which the import
takes off again; in XLSX it is a string cell with Excel's quote prefix, so
its text is unchanged. Django-import-export's own escaping only drops a
leading "=" (changing the text, and leaving + - @ live).

Import: a file is at most SERVICES_IMPORT_MAX_BYTES and SERVICES_IMPORT_MAX_ROWS
rows. A CSV may be UTF-8 (with or without BOM) or, as Dutch Excel saves it,
Windows-1252 with semicolons; a Windows-1252 file cannot hold Arabic,
Tigrinya or Dari, so one with text in those translation columns is refused
rather than imported with question marks."""
from __future__ import annotations

import csv
import io

import tablib
from django.conf import settings
from django.utils.translation import gettext as _
from import_export.formats.base_formats import CSV, XLSX

from bot.core.languages import REGISTRY

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
NON_LATIN_LANGUAGES = tuple(language.code for language in REGISTRY.values() if language.script != "latin")


class ImportFileError(ValueError):
    """A file that is not imported, with the message the editor sees."""


def check_rows(dataset: tablib.Dataset) -> tablib.Dataset:
    limit = settings.SERVICES_IMPORT_MAX_ROWS
    if len(dataset) > limit:
        raise ImportFileError(_("This file has %(rows)s rows; import at most %(max)s at a time. Split the file, "
                                "or ask a national editor to load larger sets.") % {
            "rows": len(dataset), "max": limit})
    return dataset


def lost_script(value, utf8: bool) -> bool:
    """A text in Arabic, Tigrinya or Dari that a save in Windows-1252 turned into question marks."""
    text = str(value or "").strip()
    if not text:
        return False
    if not utf8:
        return True
    return "??" in text and not any(ord(char) > 0x36f for char in text)


def unescape(value):
    """Undo the export's apostrophe before a formula character."""
    if isinstance(value, str) and len(value) > 1 and value[0] == "'" and value[1] in FORMULA_STARTS:
        return value[1:]
    return value


class SafeCSV(CSV):
    def create_dataset(self, in_stream, **kwargs):
        if isinstance(in_stream, bytes):
            try:
                text, utf8 = in_stream.decode("utf-8-sig"), True
            except UnicodeDecodeError:
                text, utf8 = in_stream.decode("cp1252", errors="replace"), False
        else:
            text, utf8 = in_stream, True
        first_line = text.split("\n", 1)[0]
        delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
        dataset = tablib.Dataset()
        rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
        rows = [row for row in rows if any(cell.strip() for cell in row)]
        if not rows:
            return dataset
        dataset.headers = [header.strip() for header in rows[0]]
        for row in rows[1:]:
            row = (row + [""] * len(dataset.headers))[:len(dataset.headers)]
            dataset.append([unescape(cell) for cell in row])
        for language in NON_LATIN_LANGUAGES:
            for column in (f"name_{language}", f"description_{language}"):
                if column in dataset.headers and any(lost_script(v, utf8) for v in dataset[column]):
                    raise ImportFileError(_(
                        "This file was not saved as UTF-8, so its Arabic, Tigrinya or Dari text was lost "
                        "(question marks). In Excel choose “Save as” → “CSV UTF-8 (comma delimited)”, or import "
                        "the XLSX file."))
        return check_rows(dataset)

    def _escape_formulae(self, dataset):
        for index in range(len(dataset)):
            dataset[index] = tuple(f"'{cell}" if isinstance(cell, str) and cell.startswith(FORMULA_STARTS) else cell
                                   for cell in dataset[index])


class SafeXLSX(XLSX):
    def create_dataset(self, in_stream):
        return check_rows(super().create_dataset(in_stream))

    def export_data(self, dataset, **kwargs):
        """Every text as a string cell (never a formula), with Excel's quote prefix
        where a spreadsheet would otherwise run it once edited."""
        import openpyxl
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
        from openpyxl.styles import Alignment, Font

        book = openpyxl.Workbook()
        sheet = book.active
        sheet.title = (dataset.title or "services")[:31]
        for row_number, row in enumerate([dataset.headers or [], *dataset], 1):
            for column, value in enumerate(row, 1):
                cell = sheet.cell(row=row_number, column=column)
                if isinstance(value, str):
                    value = ILLEGAL_CHARACTERS_RE.sub("\N{REPLACEMENT CHARACTER}", value)
                    cell.value = value
                    cell.data_type = "s"
                    if value.startswith(FORMULA_STARTS):
                        cell.quotePrefix = True
                    if "\n" in value:
                        cell.alignment = Alignment(wrap_text=True)
                else:
                    cell.value = value
                if row_number == 1:
                    cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()
