"""The municipal admin in a real browser (Playwright driving Debian's
Chromium): an Almelo editor signs in (password, then a code from an
authenticator app, set up at the first sign-in), adds a GP service with a
Dari translation as a draft, checks its preview, publishes it, then changes
it, and each time a Dari-speaking user in Almelo gets the new answer within a
minute, without retraining; then deletes it from the list and brings it back
from "Deleted services", translation included."""
import base64
import datetime as dt
import os
import shutil
import subprocess
import sys
import time

import pytest
import requests

from bot.core.formatting import for_reader
from tests.conftest import ROOT, shown
from tests.e2e.test_local_chat import chat, turns

pytestmark = pytest.mark.model
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
PASSWORD = "almelo-editor-passphrase-2026"


def dari_user_in_almelo_asks_for_a_doctor(samen) -> str:
    return turns(chat(samen, "3", "مه در آلملو زندگی میکنم", "داکتر فامیلی چطور پیدا کنم", "/quit"))[2]


def answer_within_a_minute(samen, expected: str) -> str:
    deadline = time.monotonic() + 75           # the action server caches API answers for 30 s
    while True:
        answer = dari_user_in_almelo_asks_for_a_doctor(samen)
        if expected in answer or time.monotonic() > deadline:
            return answer
        time.sleep(5)


@pytest.fixture(scope="module")
def editor(samen):
    _, env = samen
    subprocess.run([sys.executable, "-m", "bot.directory", "create_editor", "almelo-editor", "GM0141"],
                   cwd=ROOT, env={**env, "SERVICES_EDITOR_PASSWORD": PASSWORD}, check=True, capture_output=True)
    return "almelo-editor"


@pytest.fixture
def page():
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail("Debian's chromium is missing: `make test` installs it (scripts/install-browser.sh)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        yield browser.new_page()
        browser.close()


AUTHENTICATOR: dict[str, dict] = {}      # the editor's authenticator app: its key and the last step used


def authenticator_code(username: str) -> str:
    """What the editor's authenticator app shows now (never the same step twice:
    django-otp refuses a code that was used already)."""
    from django_otp.oath import TOTP

    app = AUTHENTICATOR[username]
    while True:
        totp = TOTP(app["key"], step=30, t0=0, digits=6)
        totp.time = time.time()
        if totp.t() > app.get("last", -1):
            app["last"] = totp.t()
            return f"{totp.token():06d}"
        time.sleep(1)


def log_in(page, admin: str, username: str) -> None:
    page.goto(f"{admin}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_selector("#id_code")
    if page.locator("#otp-key").count():             # the first sign-in: set up the app
        key = page.inner_text("#otp-key").replace(" ", "")
        AUTHENTICATOR[username] = {"key": base64.b32decode(key + "=" * (-len(key) % 8))}
    page.fill("#id_code", authenticator_code(username))
    page.click("#two-factor-form input[type=submit]")
    page.wait_for_selector("#user-tools")


@pytest.fixture
def test_service(samen):
    """Removes the service the test adds, whatever happens (other tests see the seed data)."""
    yield "Huisartsenhulp Almelo (test)"
    subprocess.run([sys.executable, "-m", "bot.directory", "shell", "-c",
                    "from bot.directory.models import Service; "
                    "Service.objects.filter(name='Huisartsenhulp Almelo (test)').delete()"],
                   cwd=ROOT, env=samen[1], check=True, capture_output=True)


def test_an_editor_changes_a_service_and_the_assistant_follows_within_a_minute(samen, editor, page, test_service):
    admin = samen[1]["SERVICES_API_URL"]
    # Before: Almelo has no GP service of its own in the seed data, so a Dari-speaking user in
    # Almelo gets the national one, in Dari, under a header that says so.
    before = dari_user_in_almelo_asks_for_a_doctor(samen)
    assert shown("services.national_header", "prs", municipality="آلملو") in before
    assert for_reader("انتخاب داکتر فامیلی و نام‌نویسی نزد او (Huisarts kiezen en inschrijven، GPinfo)", "prs") in before
    assert shown("services.unreviewed", "prs") in before       # an unreviewed translation says so
    assert "https://gpinfo.nl/choosing-gp" in before

    log_in(page, admin, editor)
    page.goto(f"{admin}/admin/services/service/add/")
    if page.locator("select#id_municipality").count():
        page.select_option("select#id_municipality", "GM0141")
    page.fill("#id_name", test_service)
    page.check("input[name=categories][value=gp_registration]")
    page.fill("#id_description_nl", "Hulp bij het vinden van een huisarts in Almelo (testgegevens).")
    page.fill("#id_source_url", "https://example.org/almelo-huisarts-test")
    page.fill("#id_last_verified", dt.date.today().strftime("%d-%m-%Y"))
    page.click("#translations-group .add-row a")
    page.select_option("#id_translations-0-language", "prs")
    page.fill("#id_translations-0-description", "کمک برای پیدا کردن داکتر فامیلی در آلملو (نسخه اول)")
    assert page.get_attribute("#id_translations-0-description", "dir") == "auto"
    page.click("input[name=_save]")

    # Saved as a draft: the preview shows it in Dari, the assistant does not show it yet.
    page.wait_for_selector(".messagelist .success")
    assert "/preview/" in page.url
    assert "(نسخه اول)" in page.inner_text(".preview-text[lang=prs]")
    local = requests.get(f"{admin}/api/v1/municipalities/GM0141/services",
                         params={"category": "gp_registration", "lang": "prs"}, timeout=5).json()["local"]
    assert test_service not in [s["name"] for s in local]
    page.click("input[name=_publish]")
    page.wait_for_selector(".messagelist .success")

    assert "کمک برای پیدا کردن داکتر فامیلی در آلملو (نسخه اول)" in answer_within_a_minute(
        samen, "داکتر فامیلی در آلملو (نسخه اول)")

    page.click(f"#result_list a:has-text('{test_service}')")
    page.fill("#id_translations-0-description", "کمک برای پیدا کردن داکتر فامیلی در آلملو (نسخه دوم)")
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success")

    answer = answer_within_a_minute(samen, "(نسخه دوم)")
    assert "کمک برای پیدا کردن داکتر فامیلی در آلملو (نسخه دوم)" in answer
    assert "(نسخه اول)" not in answer
    # Almelo's own service now comes first, under the Almelo header.
    assert for_reader(test_service, "prs") in answer
    assert shown("services.header", "prs", municipality="آلملو") in answer

    # Deleted from the list (a bulk action), then brought back from "Deleted services".
    page.goto(f"{admin}/admin/services/service/")
    page.check(f"tr:has-text('{test_service}') input[name=_selected_action]")
    page.select_option("select[name=action]", "delete_selected")
    page.click("button[name=index]")
    page.click("#content form input[type=submit]")
    page.wait_for_selector(".messagelist .success")
    assert f">{test_service}<" not in page.inner_html("#changelist")
    page.goto(f"{admin}/admin/services/service/deleted/")
    page.click(f"#deleted-services tr:has-text('{test_service}') input[name=_restore]")
    page.wait_for_selector(".messagelist .success")
    assert "(نسخه دوم)" in page.input_value("#id_translations-0-description")
    local = requests.get(f"{admin}/api/v1/municipalities/GM0141/services",
                         params={"category": "gp_registration", "lang": "prs"}, timeout=5).json()["local"]
    assert test_service in [s["name"] for s in local]


def test_an_almelo_editor_cannot_open_nijmegen_services(samen, editor, page):
    admin = samen[1]["SERVICES_API_URL"]
    log_in(page, admin, editor)
    page.goto(f"{admin}/admin/services/service/")
    assert "Financieel Expert in de Wijk" not in page.content()        # Nijmegen's, not listed
    assert "Almelo Sociaal" in page.content()
