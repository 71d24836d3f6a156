"""manage.py dinov3_model: show the configured model, verify it, or download it from the hub."""
import os
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from PIL import Image

from analysis.engine import is_local_name, reset_engine
from analysis.features.selectors import engine


class Command(BaseCommand):
    help = "Show what DINOV3_MODEL_NAME points at, check it loads and embeds, or --download it."

    def add_arguments(self, parser):
        parser.add_argument("--download", metavar="HUB_ID", nargs="?", const="facebook/dinov3-vitb16-pretrain-lvd1689m",
                            help="Download weights (needs network, HF_TOKEN and the licence accepted) into "
                                 "DINOV3_MODEL_NAME's folder.")

    def handle(self, *args, download=None, **options):
        name = settings.DINOV3_MODEL_NAME
        self.stdout.write(f"DINOV3_MODEL_NAME = {name} ({'local folder' if is_local_name(name) else 'hub id'})")
        if download:
            self._download(download, Path(name))
        reset_engine()
        current = engine()
        try:
            current.load()
        except Exception as exc:  # noqa: BLE001 - report, then fail the command
            status = current.status()
            raise CommandError(f"Not loadable: {status['error'] or exc}\n{status['instructions'] or ''}")
        vector = current.embed_images([Image.new("RGB", (224, 224), (128, 96, 64))])[0]
        info = current.info()
        self.stdout.write(self.style.SUCCESS(
            f"OK: {info['architecture']} {info.get('variant', '')}, dim {info['embedding_dim']}, patch {info['patch_size']}, "
            f"{info['parameters']:,} parameters on {info['device']} ({info['dtype']}); "
            f"test embedding norm {float((vector ** 2).sum()) ** 0.5:.4f}; preprocessing {current.preprocessing_version}"))

    def _download(self, hub_id: str, folder: Path) -> None:
        from huggingface_hub import snapshot_download

        try:
            snapshot_download(hub_id, local_dir=folder, token=os.environ.get("HF_TOKEN") or None,
                              allow_patterns=["*.json", "*.safetensors"])
        except Exception as exc:  # noqa: BLE001 - network, licence or token problems
            raise CommandError(f"Download of {hub_id} failed: {exc}. Accept the licence on the model page and "
                               "set HF_TOKEN, or copy the files into the folder by hand.")
        self.stdout.write(f"Downloaded {hub_id} into {folder}")
