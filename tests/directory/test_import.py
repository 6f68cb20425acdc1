"""CSV and XLSX import: a file with one bad row imports nothing and says which
row and why; a good file imports every row; rows for another municipality
are errors."""
import io

import openpyxl
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from bot.directory.models import Service, ServiceTranslation
from bot.directory.resources import ServiceResource

HEADER = "municipality,name,categories,description_nl,phone,website,opening_hours,languages_spoken,access,cost," \
         "source_url,last_verified\n"
GOOD_ROWS = [
    "GM0268,Stip Oost,\"social_guidance, debt_help\",Hulp in de wijk.,024 329 99 99,https://stip.example,"
    "\"ma 09:00-12:00; do 13:00-16:00\",\"nl, ar\",walk_in,free,https://stip.example/over,2026-11-30\n",
    "GM0268,Taalhuis Nijmegen,language_courses,Gratis taallessen.,,https://taalhuis.example,,,appointment,free,"
    "https://taalhuis.example,2026-11-30\n",
    "GM0268,Jeugdgezondheid,youth_health,Consultatiebureau.,,,,,,unknown,https://ggd.example,2026-11-30\n",
]
BAD_ROW = "GM0268,Kapot,debt_help,Hulp.,12,http://kapot.example,,,,free,https://kapot.example,2026-11-30\n"


def import_file(client, content: bytes, name: str, format_index: int):
    return client.post(reverse("admin:services_service_import"),
                       {"import_file": SimpleUploadedFile(name, content), "format": str(format_index)})


def confirm(client, dry_run):
    form = dry_run.context["confirm_form"]
    return client.post(reverse("admin:services_service_process_import"),
                       {name: form[name].value() for name in form.fields})


def test_a_csv_with_one_bad_row_imports_nothing_and_names_the_row(client, places, make_editor):
    client.force_login(make_editor("anna", places["nijmegen"]))
    content = (HEADER + GOOD_ROWS[0] + BAD_ROW + GOOD_ROWS[1]).encode()
    page = import_file(client, content, "diensten.csv", 0)
    assert page.status_code == 200
    html = page.content.decode()
    assert "confirm_form" not in page.context and "process_import" not in html   # no confirm step offered
    invalid = page.context["result"].invalid_rows
    assert [row.number for row in invalid] == [2]
    assert "geen geldig Nederlands of Belgisch telefoonnummer" in html and "https://" in html
    assert not Service.objects.exists()


def test_the_resource_rolls_back_a_real_import_with_a_bad_row(places, make_editor):
    editor = make_editor("anna", places["nijmegen"])
    dataset = tablib.Dataset().load(HEADER + GOOD_ROWS[0] + BAD_ROW, format="csv")
    result = ServiceResource(user=editor).import_data(dataset, dry_run=False)
    assert result.has_validation_errors()
    assert not Service.objects.exists()


def test_a_good_csv_imports_every_row_after_confirmation(client, places, make_editor):
    editor = make_editor("anna", places["nijmegen"])
    client.force_login(editor)
    dry_run = import_file(client, (HEADER + "".join(GOOD_ROWS)).encode(), "diensten.csv", 0)
    assert not Service.objects.exists()                       # the first step only checks
    assert confirm(client, dry_run).status_code == 302
    assert Service.objects.count() == 3
    stip = Service.objects.get(name="Stip Oost")
    assert stip.categories == ["social_guidance", "debt_help"] and stip.phone == "+31243299999"
    assert stip.opening_hours == [{"weekday": 0, "opens": "09:00", "closes": "12:00"},
                                  {"weekday": 3, "opens": "13:00", "closes": "16:00"}]
    assert stip.languages_spoken == ["nl", "ar"] and stip.municipality == places["nijmegen"]
    assert stip.history.first().history_user == editor


def xlsx(rows) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_xlsx_imports_too_and_is_rejected_whole_with_a_bad_row(client, places, make_editor):
    client.force_login(make_editor("anna", places["nijmegen"]))
    header = ["municipality", "name", "categories", "description_nl", "opening_hours", "cost", "source_url",
              "last_verified"]
    good = ["GM0268", "Stip West", "debt_help", "Hulp in de wijk.", "di 09:00-12:00", "free",
            "https://stip.example", "2026-11-30"]
    bad = ["GM0268", "Stip Noord", "debt_help", "Hulp in de wijk.", "di 12:00-09:00", "free",
           "https://stip.example", "2026-11-30"]

    refused = import_file(client, xlsx([header, good, bad]), "diensten.xlsx", 1)
    assert [row.number for row in refused.context["result"].invalid_rows] == [2]
    assert "de sluitingstijd moet later zijn dan de openingstijd" in refused.content.decode()
    assert not Service.objects.exists()

    dry_run = import_file(client, xlsx([header, good]), "diensten.xlsx", 1)
    assert confirm(client, dry_run).status_code == 302
    assert Service.objects.get().opening_hours == [{"weekday": 1, "opens": "09:00", "closes": "12:00"}]


def test_rows_for_another_municipality_are_errors(client, places, make_service, make_editor):
    almelo = make_service(places["almelo"], name="Almelo Sociaal")
    client.force_login(make_editor("anna", places["nijmegen"]))
    other_municipality = HEADER + GOOD_ROWS[0] + GOOD_ROWS[1].replace("GM0268", "GM0141", 1)
    page = import_file(client, other_municipality.encode(), "diensten.csv", 0)
    assert [row.number for row in page.context["result"].invalid_rows] == [2]
    assert "U mag geen diensten toevoegen of wijzigen voor gemeente GM0141" in page.content.decode()

    takeover = f"id,{HEADER}{almelo.pk},{GOOD_ROWS[0]}"
    page = import_file(client, takeover.encode(), "diensten.csv", 0)
    assert [row.number for row in page.context["result"].invalid_rows] == [1]
    assert f"Er is geen dienst {almelo.pk} die u mag bewerken" in page.content.decode()
    almelo.refresh_from_db()
    assert almelo.name == "Almelo Sociaal" and Service.objects.count() == 1


def test_export_then_reimport_updates_in_place(client, places, make_service, make_editor):
    own = make_service(places["nijmegen"], phone="024 329 99 99",
                       opening_hours=[{"weekday": 0, "opens": "09:00", "closes": "12:00"}])
    make_service(places["almelo"], name="Almelo Sociaal")
    editor = make_editor("anna", places["nijmegen"])
    dataset = ServiceResource(user=editor).export(queryset=Service.objects.filter(municipality=places["nijmegen"]))
    assert dataset.dict[0]["phone"] == "024 329 9999" and dataset.dict[0]["opening_hours"] == "ma 09:00-12:00"
    csv = dataset.csv.replace("Hulp bij schulden.", "Hulp bij schulden en geldzaken.")

    client.force_login(editor)
    dry_run = import_file(client, csv.encode(), "export.csv", 0)
    assert confirm(client, dry_run).status_code == 302
    own.refresh_from_db()
    assert (own.description_nl, own.version, own.phone) == ("Hulp bij schulden en geldzaken.", 2, "+31243299999")
    assert Service.objects.count() == 2


def test_an_old_export_never_overwrites_a_newer_edit(places, make_editor, make_service):
    """Editor A exports, editor B saves a change, A imports the old file: B's change stays."""
    editor = make_editor("anna", places["nijmegen"])
    service = make_service(places["nijmegen"], description_nl="Oud.")
    exported = ServiceResource(user=editor).export()
    service.description_nl = "Nieuwer, van B."
    service.save_if_unchanged(service.version)
    result = ServiceResource(user=editor).import_data(tablib.Dataset().load(exported.csv, format="csv"),
                                                      dry_run=False)
    assert result.has_validation_errors()
    assert "Iemand anders heeft deze dienst gewijzigd" in str(result.invalid_rows[0].error_dict)
    service.refresh_from_db()
    assert service.description_nl == "Nieuwer, van B."


def test_an_unchanged_export_imports_again_and_changes_nothing(places, make_editor, make_service):
    """Issue 16: re-importing an unchanged export made a new version of every row."""
    editor = make_editor("anna", places["nijmegen"])
    service = make_service(places["nijmegen"], description_nl="Oud.\nTweede regel.", phone="024 329 99 99",
                           opening_hours=[{"weekday": 0, "opens": "09:00", "closes": "12:00"}],
                           languages_spoken=["nl", "ar"])
    ServiceTranslation.objects.create(service=service, language="ar", description="قديم", reviewed=True)
    history_before = service.history.count()
    exported = ServiceResource(user=editor).export()
    result = ServiceResource(user=editor).import_data(tablib.Dataset().load(exported.csv, format="csv"),
                                                      dry_run=False)
    assert not result.has_validation_errors() and not result.has_errors()
    assert [row.import_type for row in result.rows] == ["skip"]
    service.refresh_from_db()
    assert service.version == 1 and service.history.count() == history_before
    assert service.translations.get().reviewed is True
