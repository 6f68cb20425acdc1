"""Import and export hardening (issue 16): uploads in private storage and only
confirmable from the session that uploaded them, size and row caps, Dutch
Excel files, no duplicates from a file without ids, nothing re-saved when
nothing changed, translations in the file, and spreadsheet-safe exports."""
import io
import os
import tempfile
import time

import openpyxl
import pytest
import tablib
from django.urls import reverse

from bot.directory.formats import SafeCSV, SafeXLSX
from bot.directory.models import Service, ServiceTranslation
from bot.directory.resources import ServiceResource

from .test_import import GOOD_ROWS, HEADER, confirm, import_file

IMPORT_URL = "admin:services_service_import"


@pytest.fixture(autouse=True)
def private_storage(settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "import_export": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": tmp_path / "imports"}}}
    return tmp_path / "imports"


def test_uploads_wait_in_private_storage_under_a_name_the_session_knows(client, places, make_editor,
                                                                       private_storage):
    client.force_login(make_editor("anna", places["nijmegen"]))
    dry_run = import_file(client, (HEADER + GOOD_ROWS[0]).encode(), "diensten.csv", 0)
    name = dry_run.context["confirm_form"]["import_file_name"].value()
    assert (private_storage / "django-import-export" / name).exists()

    # A file of the server's own in the system temp folder, named by the browser: never read or deleted.
    victim = tempfile.NamedTemporaryFile(delete=False, suffix=".csv")
    victim.write((HEADER + GOOD_ROWS[1]).encode())
    victim.close()
    form = dry_run.context["confirm_form"]
    for forged in (os.path.basename(victim.name), victim.name, "../" + os.path.basename(victim.name), ""):
        data = {field: form[field].value() for field in form.fields}
        refused = client.post(reverse("admin:services_service_process_import"), {**data, "import_file_name": forged})
        assert refused.status_code == 302 and refused["Location"] == reverse(IMPORT_URL)
    missing = {field: form[field].value() for field in form.fields if field != "import_file_name"}
    assert client.post(reverse("admin:services_service_process_import"), missing).status_code == 302
    assert os.path.exists(victim.name)
    os.unlink(victim.name)
    assert not Service.objects.exists()

    # Another editor's session cannot confirm this upload either.
    other = type(client)()
    other.force_login(make_editor("bram", places["nijmegen"]))
    data = {field: form[field].value() for field in form.fields}
    assert other.post(reverse("admin:services_service_process_import"), data).status_code == 302
    assert not Service.objects.exists()

    assert confirm(client, dry_run).status_code == 302
    assert Service.objects.count() == 1
    assert not (private_storage / "django-import-export" / name).exists()


def test_unconfirmed_uploads_are_removed_after_an_hour(client, places, make_editor, private_storage):
    client.force_login(make_editor("anna", places["nijmegen"]))
    import_file(client, (HEADER + GOOD_ROWS[0]).encode(), "oud.csv", 0)
    [old] = (private_storage / "django-import-export").iterdir()
    two_hours_ago = time.time() - 7200
    os.utime(old, (two_hours_ago, two_hours_ago))
    import_file(client, (HEADER + GOOD_ROWS[1]).encode(), "nieuw.csv", 0)
    remaining = list((private_storage / "django-import-export").iterdir())
    assert old not in remaining and len(remaining) == 1


def test_too_large_or_too_long_files_are_refused_with_a_clear_message(english, places, make_editor, settings):
    english.force_login(make_editor("anna", places["nijmegen"]))
    settings.SERVICES_IMPORT_MAX_BYTES = 1000
    page = import_file(english, (HEADER + GOOD_ROWS[0] * 20).encode(), "groot.csv", 0)
    assert "import at most 0.0 MB" in page.content.decode() or "MB at a time" in page.content.decode()
    settings.SERVICES_IMPORT_MAX_BYTES = 2_000_000
    settings.SERVICES_IMPORT_MAX_ROWS = 2
    page = import_file(english, (HEADER + "".join(GOOD_ROWS)).encode(), "lang.csv", 0)
    assert "This file has 3 rows; import at most 2 at a time" in page.content.decode()
    assert "confirm_form" not in page.context and not Service.objects.exists()


def dutch_excel(csv_text: str) -> bytes:
    """What Dutch Excel makes of an exported CSV when saved as "CSV (;)": semicolons,
    Windows-1252, dates as 30-11-2026, booleans as WAAR/ONWAAR, the apostrophe gone."""
    rows = list(tablib.Dataset().load(csv_text.lstrip("\ufeff"), format="csv").dict)
    out = io.StringIO()
    import csv
    writer = csv.writer(out, delimiter=";")
    writer.writerow(rows[0].keys())
    for row in rows:
        values = []
        for key, value in row.items():
            if key == "last_verified" and value:
                year, month, day = value.split("-")
                value = f"{day}-{month}-{year}"
            if key == "is_active":
                value = "WAAR" if value == "ja" else "ONWAAR"
            values.append(value[1:] if value.startswith("'") else value)
        writer.writerow(values)
    return out.getvalue().encode("cp1252")


def test_a_dutch_excel_round_trip_imports(client, places, make_editor, make_service):
    editor = make_editor("anna", places["nijmegen"])
    service = make_service(places["nijmegen"], name="Geldloket Oost", description_nl="Hulp bij geldzaken: één loket.",
                           phone="024 329 99 99")
    ServiceTranslation.objects.create(service=service, language="en", description="Help with money.")
    exported = ServiceResource(user=editor).export(queryset=Service.objects.all()).csv
    client.force_login(editor)
    unchanged = import_file(client, dutch_excel(exported), "diensten.csv", 0)
    assert unchanged.status_code == 200 and "confirm_form" in unchanged.context
    assert [row.import_type for row in unchanged.context["result"].rows] == ["skip"]

    edited = dutch_excel(exported.replace("één loket", "één loket in Oost"))
    assert confirm(client, import_file(client, edited, "diensten.csv", 0)).status_code == 302
    service.refresh_from_db()
    assert service.description_nl == "Hulp bij geldzaken: één loket in Oost." and service.version == 2


def test_a_windows_1252_file_would_lose_arabic_and_is_refused(english, places, make_editor, make_service):
    editor = make_editor("anna", places["nijmegen"])
    service = make_service(places["nijmegen"])
    ServiceTranslation.objects.create(service=service, language="ar", description="مساعدة في الديون")
    exported = ServiceResource(user=editor).export(queryset=Service.objects.all()).csv
    english.force_login(editor)
    lossy = dutch_excel(exported.replace("مساعدة في الديون", "????? ?? ??????"))
    page = import_file(english, lossy, "diensten.csv", 0)
    assert "not saved as UTF-8" in page.content.decode()
    assert service.translations.get().description == "مساعدة في الديون"


def test_a_file_without_ids_does_not_duplicate_services(english, places, make_editor, make_service):
    make_service(places["nijmegen"], name="Stip Oost")
    english.force_login(make_editor("anna", places["nijmegen"]))
    page = import_file(english, (HEADER + GOOD_ROWS[0]).encode(), "zonder-id.csv", 0)
    assert [row.number for row in page.context["result"].invalid_rows] == [1]
    assert "There is already a service “Stip Oost”" in page.content.decode()
    twice = HEADER + GOOD_ROWS[1] + GOOD_ROWS[1]
    page = import_file(english, twice.encode(), "dubbel.csv", 0)
    assert [row.number for row in page.context["result"].invalid_rows] == [2]
    assert Service.objects.count() == 1


def test_translations_are_exported_and_imported_with_their_trust_marks(places, make_editor, make_service):
    editor = make_editor("anna", places["nijmegen"])
    service = make_service(places["nijmegen"])
    ServiceTranslation.objects.create(service=service, language="ar", name="مساعدة", description="مساعدة في الديون",
                                      reviewed=True)
    exported = ServiceResource(user=editor).export(queryset=Service.objects.all())
    row = exported.dict[0]
    assert (row["name_ar"], row["description_ar"], row["reviewed_ar"]) == ("مساعدة", "مساعدة في الديون", "ja")
    assert row["description_ti"] == "" and row["reviewed_en"] == ""

    changed = exported.csv.replace("مساعدة في الديون", "مساعدة في الديون والمال")
    changed = changed.replace(",Hulp bij schulden.,", ",Hulp bij schulden.,")
    dataset = tablib.Dataset().load(changed, format="csv")
    dataset.append_col(["Help with debts."], header="description_en")
    result = ServiceResource(user=editor).import_data(dataset, dry_run=False)
    assert not result.has_validation_errors(), result.invalid_rows
    arabic = service.translations.get(language="ar")
    assert arabic.description == "مساعدة في الديون والمال" and arabic.reviewed is False   # changed: not reviewed
    assert service.translations.get(language="en").description == "Help with debts."


def export_form(client, file_format: str) -> dict:
    """The admin's export form with every column ticked."""
    form = client.get(reverse("admin:services_service_export")).context["form"]
    return {"format": file_format, "resource": "0",
            **{name: "on" for name in form.fields if name.startswith("serviceresource_")}}


def test_exports_never_contain_live_formulas(places, make_editor, make_service):
    editor = make_editor("anna", places["nijmegen"])
    make_service(places["nijmegen"], name="Stip", address="=HYPERLINK(\"https://evil.example\")",
                 description_nl="-2+3 is geen formule\n@SUM(A1)")
    dataset = ServiceResource(user=editor).export(queryset=Service.objects.all())
    csv_text = SafeCSV().export_data(dataset.__class__(*dataset, headers=dataset.headers))
    assert "'=HYPERLINK" in csv_text and "'-2+3" in csv_text
    book = openpyxl.load_workbook(io.BytesIO(SafeXLSX().export_data(dataset)))
    sheet = book.active
    headers = [cell.value for cell in sheet[1]]
    address = sheet.cell(row=2, column=headers.index("address") + 1)
    assert address.data_type == "s" and address.value == "=HYPERLINK(\"https://evil.example\")"
    assert address.quotePrefix
    # The CSV's apostrophes come off again on import: an unchanged file changes nothing.
    result = ServiceResource(user=editor).import_data(SafeCSV().create_dataset(csv_text.encode()), dry_run=False)
    assert [row.import_type for row in result.rows] == ["skip"]


def test_control_characters_are_cleaned_and_never_break_the_xlsx_export(client, places, make_editor,
                                                                        make_service):
    editor = make_editor("anna", places["nijmegen"])
    pasted = make_service(places["nijmegen"], description_nl="Eerste regel\x0bTweede\x07 regel\x1b.",
                          address="Straat\x071")
    assert (pasted.description_nl, pasted.address) == ("Eerste regel\nTweede regel.", "Straat1")
    # A value stored before the fix (or written around the model) does not break the export either.
    Service.objects.filter(pk=pasted.pk).update(name="Oud\x07")
    client.force_login(editor)
    page = client.post(reverse("admin:services_service_export"), export_form(client, "1"))
    assert page.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(page.content)).active
    assert "Oud\N{REPLACEMENT CHARACTER}" in [cell.value for cell in sheet[2]]
