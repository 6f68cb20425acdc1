"""Signing in (issue 16): lockout after wrong passwords (django-axes), a second
factor (django-otp TOTP, set up at the first sign-in), password reset by
mail, sessions that end, API tokens that are stored hashed and expire, and
request bodies that cannot cause a 500."""
import datetime as dt
import io
import re
import time

from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from knox.models import AuthToken

from bot.directory.security import LOGIN_TIME

from .conftest import PASSWORD

LOGIN = "/admin/login/"


def password_step(client, username, password=PASSWORD):
    return client.post(LOGIN, {"username": username, "password": password, "next": "/admin/"})


def code_for(device: TOTPDevice, offset: int = 0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + offset
    return f"{totp.token():06d}"


def test_wrong_passwords_lock_the_account_out_even_for_the_right_one(client, places, make_editor):
    make_editor("anna", places["almelo"])
    for _ in range(4):
        assert password_step(client, "anna", "wrong-password").status_code == 200
    assert password_step(client, "anna", "wrong-password").status_code == 429      # the fifth locks
    locked = password_step(client, "anna")
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session
    # Another address can still sign in: locking the user name alone would let anyone lock editors out.
    other = Client(REMOTE_ADDR="10.0.0.2")
    assert password_step(other, "anna").status_code == 302


def test_the_first_sign_in_sets_up_an_authenticator_then_asks_for_its_code(places, make_editor):
    editor = make_editor("anna", places["almelo"])
    browser = Client()
    after_password = password_step(browser, "anna")
    assert after_password.status_code == 302
    # The password alone opens nothing.
    assert browser.get("/admin/services/service/").status_code == 302
    setup = browser.get(reverse("admin:two_factor"))
    assert setup.status_code == 200 and "<svg" in setup.content.decode()
    device = TOTPDevice.objects.get(user=editor, confirmed=False)
    key = setup.context["key"].replace(" ", "")
    assert len(key) == 32
    assert browser.get(reverse("admin:two_factor")).context["key"].replace(" ", "") == key   # same key on reload

    wrong = browser.post(reverse("admin:two_factor"), {"code": "000000", "next": "/admin/"})
    assert wrong.status_code == 200 and not TOTPDevice.objects.get(pk=device.pk).confirmed
    device.refresh_from_db()
    device.throttle_reset()
    right = browser.post(reverse("admin:two_factor"), {"code": code_for(device), "next": "/admin/"})
    assert right.status_code == 302 and right["Location"] == "/admin/"
    assert browser.get("/admin/services/service/").status_code == 200
    assert TOTPDevice.objects.get(pk=device.pk).confirmed

    # Next time: password, then the code of the confirmed device (no new set-up).
    later = Client()
    password_step(later, "anna")
    step_two = later.get(reverse("admin:two_factor"))
    assert step_two.status_code == 200 and not step_two.context["setting_up"]
    device.refresh_from_db()
    assert later.post(reverse("admin:two_factor"), {"code": code_for(device, 30)}).status_code == 302
    assert later.get("/admin/services/service/").status_code == 200


def test_wrong_codes_are_throttled(places, make_editor):
    editor = make_editor("anna", places["almelo"])
    device = TOTPDevice.objects.create(user=editor, name="authenticator", confirmed=True)
    browser = Client()
    password_step(browser, "anna")
    browser.post(reverse("admin:two_factor"), {"code": "123456"})
    refused = browser.post(reverse("admin:two_factor"), {"code": code_for(device)})   # right, but too soon
    assert refused.status_code == 200 and "code" in refused.context["form"].errors
    assert browser.get("/admin/services/service/").status_code == 302


def test_password_reset_by_mail(client, places, make_editor, django_user_model):
    editor = make_editor("anna", places["almelo"])
    editor.email = "anna@almelo.example"
    editor.save()
    assert 'href="/admin/password_reset/"' in client.get(LOGIN).content.decode()
    assert client.post("/admin/password_reset/", {"email": "anna@almelo.example"}).status_code == 302
    assert client.post("/admin/password_reset/", {"email": "nobody@example.org"}).status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"(/admin/reset/[^/\s]+/[^/\s]+/)", mail.outbox[0].body).group(1)
    form = client.get(link, follow=True)
    new = "a-new-long-passphrase-77"
    done = client.post(form.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert done.status_code == 302
    editor.refresh_from_db()
    assert editor.check_password(new)


def test_sessions_end_when_idle_and_after_a_working_day(client, places, make_editor, settings):
    assert settings.SESSION_COOKIE_AGE == 3600 and settings.SESSION_SAVE_EVERY_REQUEST
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    client.force_login(make_editor("anna", places["almelo"]))
    assert client.get("/admin/services/service/").status_code == 200
    session = client.session
    session[LOGIN_TIME] = int(time.time()) - settings.SESSION_MAX_AGE - 1
    session.save()
    assert client.get("/admin/services/service/").status_code == 302
    assert "_auth_user_id" not in client.session


def test_api_tokens_are_stored_hashed_and_expire(places, make_editor, make_service):
    editor = make_editor("systeem", places["almelo"])
    make_service(places["almelo"])
    out = io.StringIO()
    call_command("create_api_token", "systeem", "--days", "30", stdout=out, stderr=io.StringIO())
    token = out.getvalue().strip()
    stored = AuthToken.objects.get(user=editor)
    assert token not in (stored.digest, stored.token_key) and stored.digest != token
    assert dt.timedelta(days=29) < stored.expiry - stored.created <= dt.timedelta(days=30)
    api = Client(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get("/api/v1/services/").status_code == 200
    AuthToken.objects.filter(pk=stored.pk).update(expiry=stored.created)
    assert api.get("/api/v1/services/").status_code == 401


def test_a_deeply_nested_body_is_a_400_not_a_500(places, make_editor, api_client):
    api = api_client(make_editor("systeem", places["almelo"]))
    body = "[" * 100000 + "]" * 100000
    refused = api.post("/api/v1/services/", body, content_type="application/json")
    assert refused.status_code == 400 and "nested" in refused.json()["detail"]
    medium = "[" * 50 + "]" * 50
    assert api.post("/api/v1/services/", medium, content_type="application/json").status_code == 400
