"""`create_editor NAME GM0141`: a staff account that edits one
municipality's services (or, with --national, the national ones). The
password is typed twice (or read from SERVICES_EDITOR_PASSWORD for
automation) and checked by Django's password validators: there is no
default password anywhere. With --email the editor can reset a forgotten
password by mail."""
from __future__ import annotations

import getpass
import os

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from bot.directory.models import EditorProfile, Municipality


class Command(BaseCommand):
    help = "Create a municipality's (or a national) editor account."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("municipality", nargs="?", help="CBS or NIS code, e.g. GM0141")
        parser.add_argument("--national", action="store_true", help="edits the national services")
        parser.add_argument("--email", default="", help="for password-reset mails")

    def handle(self, username, municipality, national, email, **options):
        if not municipality and not national:
            raise CommandError("give a municipality code (e.g. GM0141) or --national")
        place = None
        if municipality:
            place = Municipality.objects.filter(code=municipality.upper()).first()
            if place is None:
                raise CommandError(f"unknown municipality code {municipality} (run load_municipalities first)")
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            raise CommandError(f"the user {username} already exists")
        password = os.environ.get("SERVICES_EDITOR_PASSWORD") or self._ask_password()
        user = User(username=username, is_staff=True, email=email)
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        with transaction.atomic():
            user.set_password(password)
            user.save()
            EditorProfile.objects.create(user=user, municipality=place, is_national_editor=national)
        scope = str(place) if place else "national services"
        self.stdout.write(f"{username} can now log in at /admin/ and edit {scope}; at the first sign-in they set "
                          "up an authenticator app (the second step).")

    @staticmethod
    def _ask_password() -> str:
        first = getpass.getpass("Password: ")
        if first != getpass.getpass("Password (again): "):
            raise CommandError("the passwords differ")
        return first
