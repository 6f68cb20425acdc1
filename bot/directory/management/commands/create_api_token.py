"""`create_api_token USER [--days N]`: a write-API token for a municipal system
(a user with an editor profile). The token is shown once; only its hash is
stored (django-rest-knox), and it stops working after N days (default
SERVICES_API_TOKEN_DAYS, 90). Revoke tokens in the admin (Auth tokens) or
with --revoke-all."""
from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from knox.models import AuthToken

from bot.directory import permissions


class Command(BaseCommand):
    help = "Create a write-API token for an editor's system (shown once, expires)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--days", type=int, default=None, help="lifetime in days (default 90)")
        parser.add_argument("--revoke-all", action="store_true", help="delete the user's tokens instead")

    def handle(self, username, days, revoke_all, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"no user {username}")
        if revoke_all:
            count, _ = AuthToken.objects.filter(user=user).delete()
            self.stdout.write(f"{count} token(s) of {username} revoked")
            return
        if not permissions.is_editor(user):
            raise CommandError(f"{username} has no editor profile: the write API would refuse the token")
        if days is not None and not 1 <= days <= 366:
            raise CommandError("--days: 1 to 366")
        instance, token = AuthToken.objects.create(user=user, expiry=dt.timedelta(days=days) if days else None)
        self.stdout.write(token)
        self.stderr.write(f"valid until {instance.expiry:%Y-%m-%d}; send it as `Authorization: Token <token>`")
