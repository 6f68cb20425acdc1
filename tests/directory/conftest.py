"""The services store's tests run on a test database made by pytest-django:
SQLite in memory by default, PostgreSQL when DATABASE_URL says so
(DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test makes test_test)."""
import datetime as dt
import re

import pytest

# Django is set up once, first, by tests/conftest.py (set up again here, it
# would close the logging handlers other test modules made).
from django.test import Client
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from knox.models import AuthToken
from rest_framework.test import APIClient

from bot.directory.models import EditorProfile, Municipality, Service

PASSWORD = "a-long-test-passphrase-42"


@pytest.fixture(autouse=True)
def _test_database(db):
    """Every test here gets the test database, never the real one."""


@pytest.fixture(autouse=True)
def _second_factor_done(monkeypatch):
    """client.force_login(user) signs in with both steps: the password, and a code
    from the user's authenticator (test_security.py tests the real sign-in)."""
    original = Client.force_login

    def force_login(self, user, backend=None):
        original(self, user, backend)
        device = (TOTPDevice.objects.filter(user=user, confirmed=True).first()
                  or TOTPDevice.objects.create(user=user, name="test", confirmed=True))
        session = self.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()

    monkeypatch.setattr(Client, "force_login", force_login)


@pytest.fixture
def english(client, settings):
    """The admin in English (the editor chose it): tests that read English messages."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def places():
    """Two Dutch municipalities and a Belgian one."""
    return {
        "nijmegen": Municipality.objects.create(code="GM0268", country="nl", name="Nijmegen",
                                                general_phone="+3114024"),
        "almelo": Municipality.objects.create(code="GM0141", country="nl", name="Almelo"),
        "gent": Municipality.objects.create(code="44021", country="be", name="Gent"),
    }


def service_fields(**fields) -> dict:
    return {"name": "Schuldhulp", "categories": ["debt_help"], "description_nl": "Hulp bij schulden.",
            "source_url": "https://example.org/bron", "last_verified": timezone.localdate(), **fields}


@pytest.fixture
def make_service():
    """make_service(municipality=None, **fields): a valid, saved service (national when no municipality)."""
    def make(municipality=None, **fields):
        service = Service(municipality=municipality, **service_fields(**fields))
        service.full_clean()
        service.save()
        return service
    return make


@pytest.fixture
def make_editor(django_user_model):
    """make_editor(username, municipality=None, national=False): a staff user with an editor profile."""
    def make(username, municipality=None, national=False):
        user = django_user_model.objects.create_user(username, password=PASSWORD, is_staff=True)
        EditorProfile.objects.create(user=user, municipality=municipality, is_national_editor=national)
        return user
    return make


@pytest.fixture
def api_client():
    """api_client(user): a client that sends the user's token."""
    def make(user=None):
        client = APIClient()
        if user is not None:
            client.credentials(HTTP_AUTHORIZATION=f"Token {AuthToken.objects.create(user=user)[1]}")
        return client
    return make


def days_ago(days: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=days)


def form_data(response) -> dict:
    """The POST data of an admin form page as the browser would send it back unchanged:
    the main form, and each inline formset with its management form."""
    data = {}

    def add(form, fields=None):
        for name in fields or form.fields:
            value = form[name].value()
            if value is None or value is False:
                continue
            data[form.add_prefix(name)] = "on" if value is True else (
                value if isinstance(value, list) else str(value))

    add(response.context["adminform"].form)
    for inline in response.context.get("inline_admin_formsets") or []:
        formset = inline.formset
        add(formset.management_form)
        for form in formset.forms:
            add(form)
    return data


def loaded_version(response) -> str:
    return re.search(r'name="loaded_version" value="(\d+)"', response.content.decode()).group(1)
