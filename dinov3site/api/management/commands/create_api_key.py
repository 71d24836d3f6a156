"""manage.py create_api_key NAME [--user USERNAME]: print a new API key (shown only once)."""
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from dinov3site.api.auth import api_key_create


class Command(BaseCommand):
    help = "Create an API key and print it once (only its SHA-256 is stored)."

    def add_arguments(self, parser):
        parser.add_argument("name", help="Who or what uses the key, e.g. 'render farm'.")
        parser.add_argument("--user", help="Attach the key to this Django user.")

    def handle(self, *args, name, user=None, **options):
        owner = None
        if user:
            owner = get_user_model().objects.filter(username=user).first()
            if owner is None:
                raise CommandError(f"No user named {user!r}.")
        key, raw = api_key_create(name=name, user=owner)
        self.stderr.write(f"Created API key {key.prefix}… for {name!r}. Send it as 'Authorization: Api-Key <key>'.")
        self.stdout.write(raw)
