"""manage.py create_api_key NAME [--user USERNAME] [--scopes read,write] [--expires-days N]:
print a new API key (shown only once). Without --user it is a pipeline key: its scopes are all
it may do. With --user it never does more than that user's role."""
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from dinov3site.accounts.actors import Actor
from dinov3site.accounts.auth import api_key_create
from dinov3site.api.models import DEFAULT_SCOPES


class Command(BaseCommand):
    help = "Create an API key and print it once (only its SHA-256 is stored)."

    def add_arguments(self, parser):
        parser.add_argument("name", help="Who or what uses the key, e.g. 'render farm'.")
        parser.add_argument("--user", help="Attach the key to this Django user (it never does more than they may).")
        parser.add_argument("--scopes", default=DEFAULT_SCOPES, help="Comma-separated: read, write, admin "
                                                                     f"(default {DEFAULT_SCOPES}).")
        parser.add_argument("--expires-days", type=int, help="The key stops working after this many days.")

    def handle(self, *args, name, user=None, scopes=DEFAULT_SCOPES, expires_days=None, **options):
        owner = None
        if user:
            owner = get_user_model().objects.filter(username=user).first()
            if owner is None:
                raise CommandError(f"No user named {user!r}.")
        expires_at = timezone.now() + timedelta(days=expires_days) if expires_days else None
        try:
            key, raw = api_key_create(name=name, user=owner, scopes=scopes, expires_at=expires_at,
                                      actor=Actor(name="manage.py", via="command"))
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stderr.write(f"Created API key {key.prefix}… for {key.owner_name!r}, scopes {key.scopes}"
                          + (f", expires {expires_at:%Y-%m-%d}" if expires_at else "")
                          + ". Send it as 'Authorization: Api-Key <key>'.")
        self.stdout.write(raw)
